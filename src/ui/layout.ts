import { type Html, html } from "./html.ts";

/** The menu entry a page is under; "none" for pages under none (an error, the sign-in form). */
export type Section = "jobs" | "deliveries" | "totals" | "login" | "none";

/** The frame of every page: the stylesheet, the one script (no inline script: the CSP forbids it), the menu. */
export function layout(title: string, section: Section, body: Html): Html {
  const tab = (name: Section, label: string) =>
    html`<a href="/ui/${name}"${section === name ? html` aria-current="page"` : ""}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · booty</title>
<link rel="stylesheet" href="/ui/static/app.css">
<script src="/ui/static/app.js" defer></script>
</head>
<body>
<header><strong>booty</strong><nav>${tab("jobs", "Jobs")}${tab("deliveries", "Deliveries")}${tab("totals", "Totals")}</nav></header>
<main id="main">
${body}
</main>
</body>
</html>
`;
}

/** Times as the pages show them: UTC, to the second. */
export const when = (iso: string | null | undefined): string =>
  iso ? iso.replace(/\.\d+Z$/, "Z").replace("T", " ") : "";

/** A duration in milliseconds as a person reads it. */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return "";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export const between = (start: string | null, end: string | null): number | null =>
  start && end ? Date.parse(end) - Date.parse(start) : null;
