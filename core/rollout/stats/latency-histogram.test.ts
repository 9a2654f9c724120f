import { describe, expect, it } from 'vitest';
import { LatencyHistogram, LatencyHistogramFormatError, latencyBucketBoundsMs } from './latency-histogram';

const histogramOf = (durationsMs: readonly number[]) => {
  const histogram = LatencyHistogram.empty();
  durationsMs.forEach((duration) => histogram.record(duration));
  return histogram;
};

/** The q-quantile of `values` by the same rank rule as the histogram: the ceil(q·n)-th smallest. */
const exactQuantile = (values: readonly number[], q: number) => [...values].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * values.length)) - 1]!;

const spread = (count: number, inverseCdf: (p: number) => number) => Array.from({ length: count }, (_, index) => inverseCdf((index + 0.5) / count));

const distributions: [string, number[]][] = [
  ['uniform 1 ms..2 s', spread(10_000, (p) => 1 + p * 1_999)],
  ['exponential, mean 80 ms', spread(10_000, (p) => 1 - 80 * Math.log(1 - p))],
  ['log-normal around 200 ms with a long tail', spread(10_000, (p) => Math.max(1, 200 * Math.exp(1.2 * Math.SQRT2 * inverseErf(2 * p - 1))))],
];

// Winitzki's approximation of erf⁻¹: plenty for shaping a test distribution.
function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const first = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(first * first - ln / a) - first);
}

describe('latencyBucketBoundsMs', () => {
  it('runs from 1 ms to 60 s, each bound at most ~1.2 times the previous one', () => {
    expect(latencyBucketBoundsMs[0]).toBe(1);
    expect(latencyBucketBoundsMs.at(-1)).toBe(60_000);
    latencyBucketBoundsMs.slice(1).forEach((bound, index) => {
      const ratio = bound / latencyBucketBoundsMs[index]!;
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThanOrEqual(1.21);
    });
  });
});

describe('LatencyHistogram', () => {
  it('has no quantile when empty', () => {
    expect(LatencyHistogram.empty().quantile(0.99)).toBeNull();
    expect(LatencyHistogram.empty().count).toBe(0);
  });

  describe.each(distributions)('on a %s distribution', (_name, values) => {
    it.each([0.5, 0.9, 0.95, 0.99, 0.999])('puts the %s quantile at or above the true value, within one bucket (~20%%)', (q) => {
      const exact = exactQuantile(values, q);

      const estimate = histogramOf(values).quantile(q)!;

      expect(estimate).toBeGreaterThanOrEqual(exact);
      expect(estimate).toBeLessThanOrEqual(exact * 1.21);
    });
  });

  it('counts a duration equal to a bound in that bound’s bucket', () => {
    expect(histogramOf([1.44]).quantile(1)).toBe(1.44);
    expect(histogramOf([1.45]).quantile(1)).toBe(1.73);
    expect(histogramOf([60_000]).quantile(1)).toBe(60_000);
  });

  it('reports a quantile past the last bound as Infinity', () => {
    expect(histogramOf([10, 70_000]).quantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(histogramOf([10, 70_000]).quantile(0.5)).toBe(10.7);
  });

  it('counts sub-millisecond, zero and negative durations in the first bucket', () => {
    expect(histogramOf([0.2, 0, -5]).quantile(1)).toBe(1);
  });

  it('refuses a quantile outside [0, 1]', () => {
    expect(() => histogramOf([10]).quantile(1.5)).toThrow(RangeError);
    expect(() => histogramOf([10]).quantile(Number.NaN)).toThrow(RangeError);
  });

  it('merges by adding counts, leaving the other histogram as it was', () => {
    const fast = histogramOf(Array<number>(90).fill(10));
    const slow = histogramOf(Array<number>(10).fill(1_000));

    fast.merge(slow);

    expect(fast.count).toBe(100);
    expect(fast.quantile(0.9)).toBe(10.7);
    expect(fast.quantile(0.91)).toBeGreaterThanOrEqual(1_000);
    expect(fast.quantile(0.91)).toBeLessThanOrEqual(1_200);
    expect(slow.count).toBe(10);
  });

  it('survives a round trip through JSON with every count and quantile', () => {
    const original = histogramOf(spread(1_000, (p) => 1 + p * 5_000).concat([90_000]));

    const text = JSON.stringify(original);
    const restored = LatencyHistogram.fromJSON(JSON.parse(text));

    expect(JSON.parse(text)).toHaveLength(latencyBucketBoundsMs.length + 1);
    expect(restored.toJSON()).toEqual(original.toJSON());
    expect(restored.quantile(0.5)).toBe(original.quantile(0.5));
    expect(restored.quantile(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['an array of another bucket layout', [1, 2, 3]],
    ['a negative count', [-1, ...Array<number>(latencyBucketBoundsMs.length).fill(0)]],
    ['a fractional count', [0.5, ...Array<number>(latencyBucketBoundsMs.length).fill(0)]],
    ['an object', { counts: [] }],
  ])('refuses %s with a format error that names the expected shape', (_name, stored) => {
    expect(() => LatencyHistogram.fromJSON(stored)).toThrow(LatencyHistogramFormatError);
  });

  it('names the expected and the found length when a layout differs', () => {
    expect(() => LatencyHistogram.fromJSON([1, 2, 3])).toThrow(`Expected an array of ${latencyBucketBoundsMs.length + 1} latency bucket counts, got 3 items`);
  });
});
