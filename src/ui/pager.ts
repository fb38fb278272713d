import { type Html, html } from "./html.ts";

export const PAGE_SIZE = 50;

/** The page asked for (1 and up), and what to ask the store: one row more than shown, to know of a next page. */
export function pageOf(params: URLSearchParams): { page: number; offset: number; limit: number } {
  const page = Math.min(Math.max(Math.trunc(Number(params.get("page"))) || 1, 1), 10_000);
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
