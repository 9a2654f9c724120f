import { describe, expect, it } from 'vitest';
import { assertStorageKey, assertStoragePrefix } from './storage-key';
import { InvalidStorageKeyError } from './storage.errors';

const goodKeys = [
  'source',
  'videos/6f1c2a9e-2f4b-4c1d-9a7e-0b5d3c2e1f00/source',
  'videos/abc/jobs/j-1/720p/index.m3u8',
  'a.b_c-d/E.F',
  '.hidden',
  // Only the exact segments '.' and '..' navigate: these are ordinary names.
  '..foo',
  'foo..',
  '...',
  'a'.repeat(1024),
];

const evilKeys: Array<[string, string]> = [
  ['', 'empty'],
  ['a'.repeat(1025), 'longer than S3 allows'],
  ['..', 'parent folder'],
  ['.', 'current folder'],
  ['../x', 'climbs out'],
  ['a/../b', 'climbs in the middle'],
  ['a/..', 'climbs at the end'],
  ['a/./b', 'dot segment'],
  ['/abs', 'absolute'],
  ['a/', 'trailing slash'],
  ['a//b', 'empty segment'],
  ['a\\b', 'backslash (a separator on Windows)'],
  ['..\\x', 'backslash traversal'],
  ['a\0b', 'NUL'],
  ['%2e%2e/x', "percent-encoding: '%' is not allowed, so no decoder can turn it into '..'"],
  ['a b', 'space'],
  ['a+b', "plus (S3 events encode spaces as '+')"],
  ['vidéo', 'non-ASCII'],
  ['C:/x', 'drive letter'],
  ['a\nb', 'newline'],
];

describe('assertStorageKey', () => {
  it.each(goodKeys)('accepts %j', (key) => {
    expect(() => assertStorageKey(key)).not.toThrow();
  });

  it.each(evilKeys)('refuses %j (%s)', (key) => {
    expect(() => assertStorageKey(key)).toThrow(InvalidStorageKeyError);
  });

  it('says what is wrong and what a key looks like, with a stable code', () => {
    const act = () => assertStorageKey('videos/../etc');
    expect(act).toThrow(expect.objectContaining({ code: 'invalid_storage_key', name: 'InvalidStorageKeyError', key: 'videos/../etc' }));
    expect(act).toThrow(/'\.\.' segment.*A-Z a-z 0-9/);
  });
});

describe('assertStoragePrefix', () => {
  it.each(['videos/', 'videos/abc/', 'videos/ab', 'v'])('accepts %j', (prefix) => {
    expect(() => assertStoragePrefix(prefix)).not.toThrow();
  });

  it.each(['', '/', 'videos//', '../', 'a/../', '/videos/', 'a\\/', `${'a'.repeat(1024)}/`])('refuses %j', (prefix) => {
    expect(() => assertStoragePrefix(prefix)).toThrow(InvalidStorageKeyError);
  });

  it('names the prefix as given in the error', () => {
    expect(() => assertStoragePrefix('a//')).toThrow(/"a\/\/"/);
  });
});
