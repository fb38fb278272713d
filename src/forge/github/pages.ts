import type { RepoRef } from "../port.ts";
import { forgeCall } from "./errors.ts";

const PER_PAGE = 100;
/** A hard stop (10,000 items) so a list that never ends cannot hold a job forever. */
const MAX_PAGES = 100;

interface Page<T> {
  data: T[];
  headers: { link?: string | undefined };
}

/**
 * Every page of a GitHub list, following the `Link: rel="next"` header GitHub sends while more pages
 * remain (the way octokit's paginate plugin does), 100 items per request.
 */
export async function allPages<T>(
  call: string,
  ref: RepoRef,
  fetchPage: (params: { per_page: number; page: number }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await forgeCall(call, ref, () => fetchPage({ per_page: PER_PAGE, page }));
    items.push(...response.data);
    if (!/\brel="next"/.test(response.headers.link ?? "")) break;
  }
  return items;
}
