import { type Html, html } from "./html.ts";
import { wholeNumber } from "./query.ts";

export const PAGE_SIZE = 50;

const MAX_PAGE = 10_000;

/** The page asked for (1 and up), and what to ask the store: one row more than shown, to know of a next page. */
export function pageOf(params: URLSearchParams): { page: number; offset: number; limit: number } {
  const page = wholeNumber(params, "page", 1, MAX_PAGE) ?? 1;
  return { page, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 };
}

/** Links to the newer and older pages, keeping the filters. */
export function pager(path: string, filters: Record<string, string | undefined>, page: number, rows: number): Html {
  const link = (to: number) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
    p.set("page", String(to));
    return `${path}?${p}`;
  };
  return html`<nav class="pages">${page > 1 ? html`<a rel="prev" href="${link(page - 1)}">← newer</a>` : ""} <span>page ${page}</span> ${
    rows > PAGE_SIZE ? html`<a rel="next" href="${link(page + 1)}">older →</a>` : ""
  }</nav>`;
}

/**
 * What an empty page says: nothing at all yet, nothing that matches, or a page past the last one (with
 * the way back to the first).
 */
export function emptyNote(what: string, path: string, filters: Record<string, string | undefined>, page: number): Html {
  const filtered = Object.values(filters).some(Boolean);
  if (page > 1) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
    const first = p.size > 0 ? `${path}?${p}` : path;
    return html`<p class="empty">No ${what} on page ${page}: <a href="${first}">back to the first page</a>.</p>`;
  }
  return html`<p class="empty">No ${what}${filtered ? " match these filters" : " yet"}.</p>`;
}
