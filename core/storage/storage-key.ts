import { InvalidStorageKeyError } from './storage.errors';

// S3's own limit on key length, counted here in characters: the allowed alphabet is ASCII.
const maxKeyLength = 1024;
// The subset of S3's "safe characters" that is also safe as a file name on every filesystem and
// needs no URL encoding: no '%', '+', space, backslash or unicode, so a key reads the same encoded.
const segmentPattern = /^[A-Za-z0-9._-]+$/;

function problemOf(key: string): string | undefined {
  if (key.length === 0 || key.length > maxKeyLength) return `its length is ${key.length}`;
  for (const segment of key.split('/')) {
    if (segment === '') return "it has an empty segment (a leading, trailing or doubled '/')";
    if (segment === '.' || segment === '..') return `it has a '${segment}' segment`;
    if (!segmentPattern.test(segment)) return `the segment ${JSON.stringify(segment)} has a character outside A-Z a-z 0-9 . _ -`;
  }
  return undefined;
}

/** Throws InvalidStorageKeyError unless `key` is a safe, relative, '/'-separated object key. */
export function assertStorageKey(key: string): void {
  const problem = problemOf(key);
  if (problem !== undefined) throw new InvalidStorageKeyError(key, problem);
}

/** Throws InvalidStorageKeyError unless `prefix` is a valid key, optionally ending with '/' (a folder). */
export function assertStoragePrefix(prefix: string): void {
  // An empty prefix would address the whole bucket: deletePrefix('') must never be one typo away.
  const problem = prefix.length > maxKeyLength ? `its length is ${prefix.length}` : problemOf(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem !== undefined) throw new InvalidStorageKeyError(prefix, problem);
}
