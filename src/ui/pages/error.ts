import { type Html, html } from "../html.ts";
import { layout } from "../layout.ts";

const TITLES: Record<number, string> = { 400: "Bad request", 404: "Not found" };

/** A page that says what was wrong with the request, in one line, and the way back to the jobs. */
export function errorPage(status: 400 | 404, what: string): Html {
  const title = TITLES[status] ?? "Error";
  return layout(
    title,
    "none",
    html`<h1>${title}</h1>
<p class="error">${what}</p>
<p><a href="/ui/jobs">Back to the jobs</a></p>`,
  );
}
