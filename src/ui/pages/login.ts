import { type Html, html } from "../html.ts";
import { layout } from "../layout.ts";

/**
 * Where a person goes once signed in: the dashboard page they asked for, when `next` names one (a path
 * under /ui/, never another site); else the jobs.
 */
export function afterLogin(next: string | null | undefined): string {
  return next && /^\/ui\/[\w.~%?=&+/-]*$/.test(next) && !next.startsWith("/ui/login") ? next : "/ui/jobs";
}

export function loginPage(wrong: boolean, next?: string): Html {
  return layout(
    "Sign in",
    "login",
    html`<h1>Sign in</h1>
<form class="login" method="post" action="/ui/login">
<input type="hidden" name="next" value="${afterLogin(next)}">
<label>Dashboard token (BOOTY_UI_TOKEN) <input type="password" name="token" autocomplete="current-password" required></label>
<button>Sign in</button>
</form>
${wrong ? html`<p class="error">That token is not the dashboard's.</p>` : ""}`,
  );
}
