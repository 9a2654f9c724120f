import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it.each([
    [1024 ** 3, '1 GiB'],
    [6 * 1024 ** 2, '6 MiB'],
    [4.5 * 1024 ** 2, '4.5 MiB'],
    [100 * 1024, '100 KiB'],
    [512, '512 bytes'],
  ])('writes %i bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
