import { describe, expect, it } from 'vitest';
import { shareChart } from './share-chart';

const rectsOf = (markup: string) => [...markup.matchAll(/<rect class="bar-(\w+)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)">/g)].map(([, target, x, y, , h]) => ({ target, x: Number(x), y: Number(y), height: Number(h) }));

describe('the traffic share chart', () => {
  it('stacks each hour\u2019s Lambda and monolith requests, scaled to the busiest hour, placed by time', () => {
    const markup = shareChart({
      generatedAt: '2026-12-03T08:30:00.000Z',
      shareOverTime: [
        { hour: '2026-12-03T06:00:00.000Z', legacy: 30, lambda: 10 },
        { hour: '2026-12-03T08:00:00.000Z', legacy: 40, lambda: 40 },
      ],
    }).markup;
    const slot = 720 / 24;
    expect(rectsOf(markup)).toEqual([
      { target: 'lambda', x: +(21 * slot).toFixed(2), y: 157.5, height: 22.5 },
      { target: 'legacy', x: +(21 * slot).toFixed(2), y: 90, height: 67.5 },
      { target: 'lambda', x: +(23 * slot).toFixed(2), y: 90, height: 90 },
      { target: 'legacy', x: +(23 * slot).toFixed(2), y: 0, height: 90 },
    ]);
    expect(markup).toContain('<title>2026-12-03 06:00 UTC: 10 Lambda, 30 monolith (25% Lambda)</title>');
    expect(markup).toContain('peak 80 requests/hour');
  });

  it('says so when there was no traffic', () => {
    expect(shareChart({ generatedAt: '2026-12-03T08:30:00.000Z', shareOverTime: [] }).markup).toContain('No traffic');
  });
});
