import { describe, expect, it } from 'vitest';
import { RangeNotSatisfiableError } from '../errors/app-error';
import { resolveByteRange } from './byte-range';

describe('resolveByteRange', () => {
  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a header without a unit', '0-10'],
    ['a header with no number', 'bytes=abc'],
    ['a header of another unit', 'items=0-10'],
    ['two ranges far apart', 'bytes=0-9,500-599'],
  ])('sends the whole file for %s', (_name, header) => {
    expect(resolveByteRange(header, 1000)).toBeUndefined();
  });

  it.each([
    ['a single range', 'bytes=0-99', { start: 0, end: 99 }],
    ['a range in the middle', 'bytes=100-199', { start: 100, end: 199 }],
    ['the last byte', 'bytes=999-999', { start: 999, end: 999 }],
    ['an open-ended range', 'bytes=900-', { start: 900, end: 999 }],
    ['a suffix range', 'bytes=-100', { start: 900, end: 999 }],
    ['a suffix as long as the file', 'bytes=-1000', { start: 0, end: 999 }],
    ['a range ending past the file, cut to it', 'bytes=500-5000', { start: 500, end: 999 }],
    ['overlapping ranges, merged into one', 'bytes=0-499,400-599', { start: 0, end: 599 }],
    ['adjacent ranges, merged into one', 'bytes=0-99,100-199', { start: 0, end: 199 }],
    ['whitespace around the range', 'bytes= 10-19 ', { start: 10, end: 19 }],
  ])('answers %s', (_name, header, range) => {
    expect(resolveByteRange(header, 1000)).toEqual(range);
  });

  it.each([
    ['a range starting at the end', 'bytes=1000-'],
    ['a range starting past the end', 'bytes=5000-6000'],
    ['an empty suffix', 'bytes=-0'],
    ['a range whose end comes before its start', 'bytes=500-100'],
  ])('refuses %s as not satisfiable, naming the size', (_name, header) => {
    let thrown: unknown;
    try {
      resolveByteRange(header, 1000);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(RangeNotSatisfiableError);
    expect((thrown as RangeNotSatisfiableError).sizeBytes).toBe(1000);
  });

  describe('of a zero-length file', () => {
    it('sends the (empty) file when no range is asked', () => {
      expect(resolveByteRange(undefined, 0)).toBeUndefined();
    });

    it('refuses any range from the first byte, none existing', () => {
      expect(() => resolveByteRange('bytes=0-', 0)).toThrow(RangeNotSatisfiableError);
      expect(() => resolveByteRange('bytes=0-0', 0)).toThrow(RangeNotSatisfiableError);
    });
  });
});
