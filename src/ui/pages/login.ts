import { type Html, html } from "../html.ts";
import { layout } from "../layout.ts";

export function loginPage(wrong: boolean): Html {
  return layout(
    "Sign in",
    "login",
    html`<h1>Sign in</h1>
<form class="login" method="post" action="/ui/login">
<label>Dashboard token (BOOTY_UI_TOKEN) <input type="password" name="token" autocomplete="current-password" required></label>
<button>Sign in</button>
</form>
${wrong ? html`<p class="error">That token is not the dashboard's.</p>` : ""}`,
  );
}
