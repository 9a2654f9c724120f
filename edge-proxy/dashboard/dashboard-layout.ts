import type { DashboardSession } from '../../core/dashboard-sessions/dashboard-session';
import { html, type SafeHtml } from './html-template';

/** Where the dashboard lives; its cookie is scoped to it. */
export const dashboardBase = '/_strangler';
const stylesheetPath = `${dashboardBase}/assets/dashboard.css`;

/** The hidden field every state-changing form carries (checked against the session). */
export function csrfField(session: DashboardSession): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${session.csrfToken}">`;
}

/** A whole page: the bar with who is signed in and a logout button, then `body`. */
export function dashboardPage(title: string, body: SafeHtml, session?: DashboardSession): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} \u00b7 Strangler dashboard</title>
<link rel="stylesheet" href="${stylesheetPath}">
</head>
<body>
<header class="top">
  <a href="${dashboardBase}/">24-Hour Video \u00b7 Strangler</a>
  ${session &&
  html`<div class="who"><span>Signed in as ${session.actor}</span>
    <form method="post" action="${dashboardBase}/logout">${csrfField(session)}<button type="submit">Log out</button></form></div>`}
</header>
<main>
${body}
</main>
</body>
</html>`;
}

/** A failure as a page: the legacy error's code and message, and the fields at fault. */
export function errorBlock(error: { code: string; message: string; details?: ReadonlyArray<{ path: string; message: string }> }): SafeHtml {
  return html`<div class="error" role="alert"><strong>${error.message}</strong> <span class="muted">(${error.code})</span>
  ${error.details !== undefined && error.details.length > 0 && html`<ul>${error.details.map((detail) => html`<li><code>${detail.path || 'form'}</code>: ${detail.message}</li>`)}</ul>`}</div>`;
}
