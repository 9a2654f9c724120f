import type { toFlagView } from '../admin/admin-views';
import type { CapabilityProgressView, ChangeView, RouteProgressView } from '../cli/admin-api.types';
import { formatInstant, stateBadge } from './dashboard-format';
import { csrfField, dashboardBase, dashboardPage } from './dashboard-layout';
import type { DashboardSession } from '../../core/dashboard-sessions/dashboard-session';
import { html, type SafeHtml } from './html-template';
import { auditTable, routesTable } from './overview-page';

interface CapabilityData {
  flag: ReturnType<typeof toFlagView>;
  progress: CapabilityProgressView | undefined;
  routes: readonly RouteProgressView[];
  audit: readonly ChangeView[];
  /** Set after a change was applied: the audit entry's id, or 0 when the flag already had that setting. */
  applied?: number;
}

const reasonField = html`<label>Reason <textarea name="reason" required minlength="3" maxlength="500" placeholder="Why, for the audit trail"></textarea></label>`;

function control(name: string, session: DashboardSession, title: string, action: string, fields: SafeHtml, button: string, buttonClass = ''): SafeHtml {
  return html`<form class="card control" method="post" action="${dashboardBase}/capabilities/${encodeURIComponent(name)}/review">
<h2>${title}</h2>${csrfField(session)}<input type="hidden" name="action" value="${action}">
${fields}${reasonField}
<div class="actions"><button type="submit" class="${buttonClass}">${button}</button><span class="muted">You confirm on the next page.</span></div>
</form>`;
}

/** One capability: its flag, its routes, its audit trail, and the controls that move it. */
export function capabilityPage(name: string, { flag, progress, routes, audit, applied }: CapabilityData, session: DashboardSession): SafeHtml {
  const ramp = flag.ramp ? `${flag.ramp.steps.map((step) => `${step}%`).join(' \u2192 ')} (step ${flag.ramp.stepIndex + 1}, hold ${flag.ramp.holdSeconds} s)` : 'none';
  return dashboardPage(
    name,
    html`<p><a href="${dashboardBase}/">\u2190 All capabilities</a></p>
<h1>Capability ${name} ${stateBadge(flag.state, flag.canaryPercent)}</h1>
${applied !== undefined && html`<div class="notice" role="status">${applied === 0 ? `${name} already had that setting: nothing changed.` : `Done: ${name} is now ${flag.state}${flag.state === 'canary' ? ` ${flag.canaryPercent}%` : ''} (audit entry #${applied}).`}</div>`}
<section class="card"><dl class="facts">
<dt>State</dt><dd>${stateBadge(flag.state, flag.canaryPercent)}</dd>
<dt>Ramp</dt><dd>${ramp}</dd>
<dt>Routes on Lambda</dt><dd>${progress ? `${progress.routesOnLambda} of ${progress.routes}` : '\u2014'}</dd>
<dt>Last change</dt><dd>${formatInstant(flag.updatedAt)}${flag.updatedBy && ` by ${flag.updatedBy}`}</dd>
<dt>Version</dt><dd>${flag.version}</dd>
</dl></section>
<div class="grid controls">
${control(name, session, 'Flip', 'flip', html`<label>To <select name="state"><option value="shadow">shadow: Lambda gets a copy</option><option value="lambda">lambda: Lambda answers</option><option value="legacy">legacy: monolith alone</option></select></label>`, 'Review flip\u2026')}
${control(name, session, 'Canary', 'canary', html`<label>Share of callers on the Lambda (%) <input type="number" name="percent" min="1" max="99" step="1" required value="${flag.state === 'canary' ? flag.canaryPercent : 5}"></label>`, 'Review canary\u2026')}
${control(name, session, 'Ramp', 'ramp', html`<label>Steps (%) <input type="text" name="steps" value="5, 25, 50, 100" required></label><label>Hold each step (seconds) <input type="number" name="holdSeconds" min="1" max="86400" value="300"></label>`, 'Review ramp\u2026')}
${control(name, session, 'Roll back', 'rollback', html`<p class="muted">Sends every route of ${name} back to the monolith and removes their overrides.</p>`, 'Review rollback\u2026', 'danger')}
</div>
<section class="card"><h2>Routes</h2>${routesTable(routes)}</section>
<section class="card" id="audit"><h2>Audit trail of ${name}</h2>${auditTable(audit)}</section>`,
    session,
  );
}
