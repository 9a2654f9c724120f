import type { ProgressView } from '../cli/admin-api.types';
import { formatCount, formatInstant } from './dashboard-format';
import { html, type SafeHtml } from './html-template';

const hourMs = 3_600_000;
const width = 720;
const height = 180;
// A day at least, so a migration that began an hour ago is not one bar across the whole chart.
const minimumHours = 24;

/**
 * Requests per hour as stacked bars, the Lambda's share at the bottom: inline SVG drawn by the
 * server (no script, no chart library). Labels sit in HTML beside it, so they stay legible when
 * the SVG is stretched to a narrow window.
 */
export function shareChart({ shareOverTime, generatedAt }: Pick<ProgressView, 'shareOverTime' | 'generatedAt'>): SafeHtml {
  if (shareOverTime.length === 0) return html`<p class="muted">No traffic recorded in the last week yet.</p>`;
  const lastHour = Math.floor(Date.parse(generatedAt) / hourMs);
  const firstHour = Math.min(lastHour - minimumHours + 1, ...shareOverTime.map((point) => Math.floor(Date.parse(point.hour) / hourMs)));
  const slots = lastHour - firstHour + 1;
  const peak = Math.max(...shareOverTime.map((point) => point.legacy + point.lambda), 1);
  const slotWidth = width / slots;
  const bars = shareOverTime.map((point) => {
    const x = (Math.floor(Date.parse(point.hour) / hourMs) - firstHour) * slotWidth;
    const lambdaHeight = (point.lambda / peak) * height;
    const legacyHeight = (point.legacy / peak) * height;
    const barWidth = Math.max(slotWidth - 1, 1).toFixed(2);
    const total = point.legacy + point.lambda;
    const share = total === 0 ? 0 : Math.round((point.lambda / total) * 100);
    return html`<g><title>${formatInstant(point.hour)}: ${formatCount(point.lambda)} Lambda, ${formatCount(point.legacy)} monolith (${share}% Lambda)</title>
<rect class="bar-lambda" x="${x.toFixed(2)}" y="${(height - lambdaHeight).toFixed(2)}" width="${barWidth}" height="${lambdaHeight.toFixed(2)}"></rect>
<rect class="bar-legacy" x="${x.toFixed(2)}" y="${(height - lambdaHeight - legacyHeight).toFixed(2)}" width="${barWidth}" height="${legacyHeight.toFixed(2)}"></rect></g>`;
  });
  return html`<div class="chart">
<div class="legend"><span><span class="swatch swatch-lambda"></span>Lambda</span><span><span class="swatch swatch-legacy"></span>Monolith</span><span>peak ${formatCount(peak)} requests/hour</span></div>
<svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="Requests per hour, Lambda and monolith, over the last ${slots} hours">
<line class="gridline" x1="0" x2="${width}" y1="${height / 2}" y2="${height / 2}"></line>
${bars}
</svg>
<div class="axis"><span>${formatInstant(new Date(firstHour * hourMs).toISOString())}</span><span>now</span></div>
</div>`;
}
