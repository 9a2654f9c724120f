import parseRange from 'range-parser';
import { RangeNotSatisfiableError } from '../errors/app-error';
import type { ByteRange } from '../storage/object-storage';

/**
 * The single byte range a `Range` header asks of a file of `sizeBytes`, or undefined to send the
 * whole file: no header, a malformed one, or several ranges (which a server may ignore, RFC 9110
 * §14.2; players ask for one). A range no byte satisfies is a RangeNotSatisfiableError (416).
 */
export function resolveByteRange(header: string | undefined, sizeBytes: number): ByteRange | undefined {
  if (!header) return undefined;
  const ranges = parseRange(sizeBytes, header, { combine: true });
  // "bytes=-N" with N past the size means the whole file (RFC 9110 §14.1.2); range-parser 1.3 calls it unsatisfiable.
  if (ranges === -1 && sizeBytes > 0 && /^bytes=-[1-9]\d*$/.test(header.trim())) return { start: 0, end: sizeBytes - 1 };
  if (ranges === -1) throw new RangeNotSatisfiableError(sizeBytes);
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined;
  const [range] = ranges;
  return range ? { start: range.start, end: range.end } : undefined;
}
