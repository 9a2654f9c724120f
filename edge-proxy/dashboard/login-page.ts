import { dashboardBase, dashboardPage, errorBlock } from './dashboard-layout';
import { html, type SafeHtml } from './html-template';

/** The only page shown without a session: the admin token, or an admin user's email and password. */
export function loginPage(failure?: Parameters<typeof errorBlock>[0]): SafeHtml {
  return dashboardPage(
    'Log in',
    html`<div class="login">
<h1>Engineers\u2019 dashboard</h1>
${failure && errorBlock(failure)}
<form class="card control" method="post" action="${dashboardBase}/login">
  <label>Admin token or admin user\u2019s token <input type="password" name="token" autocomplete="off"></label>
  <label>Your name, for the audit trail <input type="text" name="name" maxlength="100" placeholder="e.g. alice" autocomplete="username"></label>
  <p class="or">or</p>
  <label>Admin user\u2019s email <input type="email" name="email" autocomplete="email"></label>
  <label>Password <input type="password" name="password" autocomplete="current-password"></label>
  <div class="actions"><button type="submit">Log in</button></div>
</form>
</div>`,
  );
}
