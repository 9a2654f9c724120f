import type { toMismatchView } from '../admin/admin-views';
import type { ChangeView, CostView, ProgressView, RouteProgressView } from '../cli/admin-api.types';
import { formatCount, formatInstant, formatMs, formatShare, formatUsd, stateBadge } from './dashboard-format';
import { dashboardBase, dashboardPage } from './dashboard-layout';
import type { DashboardSession } from '../../core/dashboard-sessions/dashboard-session';
import { html, type SafeHtml } from './html-template';
import { shareChart } from './share-chart';

interface OverviewData {
  progress: ProgressView;
  cost: CostView;
  audit: readonly ChangeView[];
  mismatches: ReadonlyArray<ReturnType<typeof toMismatchView>>;
}

const dayMs = 86_400_000;

const lambdaTraffic = (routes: readonly RouteProgressView[]) =>
  routes.reduce((sum, route) => ({ requests: sum.requests + route.traffic.lambda.requests, errors: sum.errors + route.traffic.lambda.errors }), { requests: 0, errors: 0 });

/**
 * Health at a glance: the Lambdas' errors over the day, routes whose measured parity is below the
 * retire threshold, and rollbacks in the last day. Any of the last two asks for attention.
 */
function healthOf(progress: ProgressView) {
  const traffic = lambdaTraffic(progress.routes);
  const lowParity = progress.routes.filter((route) => route.parity.sample > 0 && route.parity.rate !== null && route.parity.rate < progress.retirePolicy.parityThreshold);
  const since = Date.parse(progress.generatedAt) - dayMs;
  // The rollout controller rolls back route overrides too: those count as much as a capability's.
  const rollbacks = [...progress.capabilities, ...progress.routes.filter((route) => route.overridden)].filter((flagged) => flagged.lastRollback && Date.parse(flagged.lastRollback.at) >= since);
  return { traffic, lowParity, rollbacks, healthy: lowParity.length === 0 && rollbacks.length === 0 };
}

const metric = (label: string, value: string | SafeHtml, note: string | SafeHtml) =>
  html`<div class="metric"><div class="label">${label}</div><div class="value">${value}</div><div class="note">${note}</div></div>`;

function summary(progress: ProgressView, cost: CostView): SafeHtml {
  const { totals } = progress;
  const health = healthOf(progress);
  const errorRate = health.traffic.requests === 0 ? null : health.traffic.errors / health.traffic.requests;
  const healthNote = [
    `${health.lowParity.length} route(s) below ${formatShare(progress.retirePolicy.parityThreshold)} parity`,
    `${health.rollbacks.length} rollback(s) in 24 h`,
    `Lambda errors ${formatShare(errorRate)} of ${formatCount(health.traffic.requests)}`,
  ].join(' \u00b7 ');
  return html`<section class="summary" aria-label="Summary">
${metric('Routes migrated', `${totals.routesOnLambda} of ${totals.routes}`, `${totals.capabilitiesOnLambda} of ${totals.capabilities} capabilities on Lambda`)}
${metric('Lambda traffic share', formatShare(totals.lambdaShare.lastHour), `last hour \u00b7 day ${formatShare(totals.lambdaShare.lastDay)} \u00b7 week ${formatShare(totals.lambdaShare.lastWeek)}`)}
${metric('Health', health.healthy ? html`<span class="badge badge-ok">Healthy</span>` : html`<span class="badge badge-attention">Attention</span>`, healthNote)}
${metric('Ready to retire', `${totals.routesReadyToRetire} of ${totals.routes}`, `routes on Lambda \u2265 ${progress.retirePolicy.onLambdaForDays} days with good parity`)}
${metric('Monthly cost', formatUsd(cost.totals.serverlessCost), `serverless, projected \u00b7 monolith ${formatUsd(cost.totals.monolithCost)}`)}
</section>`;
}

function capabilitiesTable(progress: ProgressView): SafeHtml {
  return html`<section class="card"><h2>Capabilities</h2><div class="table-wrap"><table class="stack">
<thead><tr><th>Capability</th><th>State</th><th class="num">Routes on Lambda</th><th class="num">Lambda share (day)</th><th>Last change</th><th>Retire</th><th></th></tr></thead>
<tbody>${progress.capabilities.map(
    (capability) => html`<tr>
<td class="title"><strong>${capability.capability}</strong></td>
<td data-label="State">${stateBadge(capability.state, capability.canaryPercent)}</td>
<td data-label="Routes on Lambda" class="num">${capability.routesOnLambda} / ${capability.routes}</td>
<td data-label="Lambda share (day)" class="num">${formatShare(capability.lambdaShare.lastDay)}</td>
<td data-label="Last change">${capability.lastFlip ? html`${formatInstant(capability.lastFlip.at)} <span class="muted">by ${capability.lastFlip.actor}</span>` : html`<span class="muted">never</span>`}</td>
<td data-label="Retire">${capability.retire.ready ? 'ready' : html`<span class="muted">not yet</span>`}</td>
<td><a href="${dashboardBase}/capabilities/${encodeURIComponent(capability.capability)}">Manage \u2192</a></td>
</tr>`,
  )}</tbody></table></div></section>`;
}

/** The per-route table, shared with the capability page; shares and health over the last day. */
export function routesTable(routes: readonly RouteProgressView[]): SafeHtml {
  return html`<div class="table-wrap"><table>
<thead><tr><th>Route</th><th>Request</th><th>State</th><th class="num">Lambda share</th><th class="num">Parity</th><th class="num">Lambda errors</th><th class="num">p95 Lambda / monolith</th><th>Retire</th></tr></thead>
<tbody>${routes.map(
    (route) => html`<tr>
<td><code>${route.route}</code>${route.overridden && html` <span class="muted">(override)</span>`}</td>
<td class="wrap path"><code>${route.method} ${route.path}</code></td>
<td>${route.functionName ? stateBadge(route.state, route.canaryPercent) : html`<span class="muted">no Lambda</span>`}</td>
<td class="num">${formatShare(route.lambdaShare.lastDay)}</td>
<td class="num">${formatShare(route.parity.rate)} <span class="muted">of ${formatCount(route.parity.sample)}</span></td>
<td class="num">${formatCount(route.traffic.lambda.errors)} / ${formatCount(route.traffic.lambda.requests)}</td>
<td class="num">${formatMs(route.traffic.lambda.p95Ms)} / ${formatMs(route.traffic.legacy.p95Ms)}</td>
<td>${route.retire.ready ? 'ready' : html`<span class="muted" title="${route.retire.reasons.join('; ')}">not yet</span>`}</td>
</tr>`,
  )}</tbody></table></div>`;
}

/** The audit trail, shared with the capability page. */
export function auditTable(changes: readonly ChangeView[]): SafeHtml {
  if (changes.length === 0) return html`<p class="muted">No flag has been changed yet.</p>`;
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th>When</th><th>What</th><th>Change</th><th>Who</th><th>Reason</th></tr></thead>
<tbody>${changes.map(
    (change) => html`<tr>
<td class="title">${formatInstant(change.changedAt)}</td>
<td data-label="What">${change.scope} <strong>${change.name}</strong></td>
<td data-label="Change">${change.from} \u2192 ${change.to}${change.to === 'canary' && ` ${change.toPercent}%`}${change.forced && html` <span class="badge badge-forced">forced</span>`}</td>
<td data-label="Who">${change.actor}</td>
<td data-label="Reason" class="wrap">${change.reason}</td>
</tr>`,
  )}</tbody></table></div>`;
}

function mismatchesTable(mismatches: OverviewData['mismatches']): SafeHtml {
  if (mismatches.length === 0) return html`<p class="muted">No parity mismatch kept.</p>`;
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th>When</th><th>Route</th><th>Request</th><th>Differences</th><th></th></tr></thead>
<tbody>${mismatches.map(
    (mismatch) => html`<tr>
<td class="title">${formatInstant(mismatch.observedAt)}</td>
<td data-label="Route"><code>${mismatch.routeId}</code></td>
<td data-label="Request"><code>${mismatch.method} ${mismatch.path}</code></td>
<td data-label="Differences">${mismatch.differences.length} <span class="muted">${mismatch.differences[0]?.path}</span></td>
<td><a href="${dashboardBase}/parity/${encodeURIComponent(mismatch.id)}">Compare \u2192</a></td>
</tr>`,
  )}</tbody></table></div>`;
}

function costTable(cost: CostView): SafeHtml {
  const withLambda = cost.routes.filter((route) => route.functionName !== null);
  const [amount, unit] = cost.observedHours < 1 ? [Math.round(cost.observedHours * 60), 'minute'] : [Math.round(cost.observedHours), 'hour'];
  const observed = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
  return html`<p class="muted">Projected from ${observed} of observed traffic at ${cost.assumptions.region} prices of ${cost.assumptions.priceDate}; the monolith costs ${formatUsd(cost.totals.monolithCost)} a month whatever it serves.</p>
<div class="table-wrap"><table>
<thead><tr><th>Route</th><th class="num">Requests/month</th><th class="num">Lambda + API</th><th class="num">Monolith share</th><th class="num">Break-even req/s</th></tr></thead>
<tbody>${withLambda.map(
    (route) => html`<tr><td><code>${route.route}</code></td><td class="num">${formatCount(Math.round(route.requestsPerMonth))}</td><td class="num">${formatUsd(route.serverlessCost)}</td>
<td class="num">${formatUsd(route.monolithShareCost)}</td><td class="num">${route.breakEvenRequestsPerSecond === null ? '\u2014' : route.breakEvenRequestsPerSecond.toFixed(1)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The dashboard's home: summary, traffic over time, capabilities, routes, parity mismatches, audit, cost. */
export function overviewPage({ progress, cost, audit, mismatches }: OverviewData, session: DashboardSession): SafeHtml {
  return dashboardPage(
    'Migration',
    html`<h1>Migration progress</h1>
${summary(progress, cost)}
<section class="card"><h2>Traffic over time</h2>${shareChart(progress)}</section>
${capabilitiesTable(progress)}
<section class="card"><h2>Routes</h2>${routesTable(progress.routes)}</section>
<section class="card" id="mismatches"><h2>Parity mismatches</h2>${mismatchesTable(mismatches)}</section>
<section class="card" id="audit"><h2>Audit trail</h2>${auditTable(audit)}</section>
<section class="card" id="cost"><h2>Projected monthly cost</h2>${costTable(cost)}</section>
<p class="muted">Generated ${formatInstant(progress.generatedAt)}.</p>`,
    session,
  );
}
