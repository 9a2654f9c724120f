import { csrfField, dashboardBase, dashboardPage, errorBlock } from './dashboard-layout';
import type { DashboardSession } from '../../core/dashboard-sessions/dashboard-session';
import type { FlagControl } from './flag-control-form';
import { stateBadge } from './dashboard-format';
import { html, type SafeHtml } from './html-template';

/** The form fields a control posts, echoed into the confirmation so it posts the same change. */
export const controlFields = ['action', 'state', 'percent', 'steps', 'holdSeconds', 'reason'] as const;

export interface ConfirmData {
  control: FlagControl;
  currentState: { state: string; canaryPercent: number };
  fields: Partial<Record<(typeof controlFields)[number], string>>;
  /** What a gate refused, when the change was tried: offered to force, with the same reason. */
  refusal?: { code: string; message: string };
}

/** Asks the engineer to confirm a change (or, after a gate refused it, to force it) before anything moves. */
export function confirmPage(name: string, { control, currentState, fields, refusal }: ConfirmData, session: DashboardSession): SafeHtml {
  const hidden = controlFields.map((field) => fields[field] !== undefined && html`<input type="hidden" name="${field}" value="${fields[field]}">`);
  return dashboardPage(
    `Confirm: ${name}`,
    html`<p><a href="${dashboardBase}/capabilities/${encodeURIComponent(name)}">\u2190 Back to ${name}</a></p>
<h1>${refusal ? 'A gate refused this change' : 'Confirm the change'}</h1>
${refusal && errorBlock(refusal)}
<section class="card">
<dl class="facts">
<dt>Change</dt><dd><strong>${control.summary}</strong></dd>
<dt>Now</dt><dd>${stateBadge(currentState.state, currentState.canaryPercent)}</dd>
<dt>Reason</dt><dd>${control.change.reason}</dd>
</dl>
</section>
<form class="card control" method="post" action="${dashboardBase}/capabilities/${encodeURIComponent(name)}/apply">
${csrfField(session)}${hidden}<input type="hidden" name="confirm" value="yes">
${refusal && html`<input type="hidden" name="force" value="on"><p>Forcing passes the gate on the record: the audit trail keeps that it was forced, the reason and the evidence.</p>`}
<div class="actions">
<button type="submit" class="${refusal || control.action === 'rollback' ? 'danger' : ''}">${refusal ? 'Force it, with this reason' : 'Confirm'}</button>
<a href="${dashboardBase}/capabilities/${encodeURIComponent(name)}">Cancel</a>
</div>
</form>`,
    session,
  );
}
