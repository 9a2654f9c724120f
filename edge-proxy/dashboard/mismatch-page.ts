import type { toMismatchView } from '../admin/admin-views';
import { formatInstant } from './dashboard-format';
import { dashboardBase, dashboardPage } from './dashboard-layout';
import type { DashboardSession } from '../../core/dashboard-sessions/dashboard-session';
import { html, type SafeHtml } from './html-template';
import { diffLines, prettyBody, type DiffRow } from './line-diff';

const shown = (value: unknown) => (value === undefined ? '(absent)' : JSON.stringify(value));

const cell = (side: DiffRow['primary'], changed: boolean) =>
  side ? html`<td class="ln">${side.number}</td><td class="side">${changed ? html`<mark>${side.text}</mark>` : side.text}</td>` : html`<td class="ln"></td><td class="gap"></td>`;

/** One kept mismatch: what differed, then both answers side by side with the differing lines highlighted. */
export function mismatchPage(mismatch: ReturnType<typeof toMismatchView>, session: DashboardSession): SafeHtml {
  const rows = diffLines(prettyBody(mismatch.primary.body), prettyBody(mismatch.shadow.body));
  const [primaryLabel, shadowLabel] = [`${mismatch.primary.target} (answered)`, `${mismatch.shadow.target} (shadow)`];
  return dashboardPage(
    `Mismatch on ${mismatch.routeId}`,
    html`<p><a href="${dashboardBase}/#mismatches">\u2190 All mismatches</a></p>
<h1>Parity mismatch on <code>${mismatch.routeId}</code></h1>
<section class="card"><dl class="facts">
<dt>Request</dt><dd><code>${mismatch.method} ${mismatch.path}</code></dd>
<dt>Seen</dt><dd>${formatInstant(mismatch.observedAt)}</dd>
<dt>Request id</dt><dd><code>${mismatch.requestId}</code></dd>
<dt>Answered by</dt><dd>${mismatch.primary.target} (${mismatch.primary.status}); shadow ${mismatch.shadow.target} (${mismatch.shadow.status})</dd>
</dl></section>
<section class="card"><h2>Differences</h2><div class="table-wrap"><table class="stack">
<thead><tr><th>Where</th><th>${primaryLabel}</th><th>${shadowLabel}</th></tr></thead>
<tbody>${mismatch.differences.map((difference) => html`<tr class="difference"><td class="title"><code>${difference.path}</code></td><td data-label="${primaryLabel}"><code>${shown(difference.primary)}</code></td><td data-label="${shadowLabel}"><code>${shown(difference.shadow)}</code></td></tr>`)}</tbody>
</table></div></section>
<section class="card diff"><h2>Both answers</h2>
<div class="diff-head"><span>${mismatch.primary.target} \u00b7 ${mismatch.primary.status}</span><span>${mismatch.shadow.target} \u00b7 ${mismatch.shadow.status}</span></div>
<div class="table-wrap"><table aria-label="Both answers side by side"><tbody>
${rows.map((row) => html`<tr class="${row.changed ? 'changed' : 'same'}">${cell(row.primary, row.changed)}${cell(row.shadow, row.changed)}</tr>`)}
</tbody></table></div></section>`,
    session,
  );
}
