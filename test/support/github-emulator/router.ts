import type { EmulatorStore } from "./store.ts";
import type { RepoState, TokenState } from "./types.ts";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  store: EmulatorStore;
  /** The emulator's own URL, e.g. http://127.0.0.1:4567 */
  base: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Set for `auth: "token"` routes. */
  token: TokenState | undefined;
  /** Set when the path has {owner}/{repo}, after the token was checked against it. */
  repo: RepoState | undefined;
}

export interface Route {
  method: string;
  /** OpenAPI path template, e.g. /repos/{owner}/{repo}/issues/{issue_number}; also used by the spec tests. */
  path: string;
  /** "token": installation or personal token; "app": the App's JWT. */
  auth: "token" | "app";
  /** Installation permission the call needs, e.g. "issues:write". */
  needs?: string;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

export interface MatchedRoute {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: readonly Route[], method: string, pathname: string): MatchedRoute | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const match = new RegExp(`^${pattern}/?$`).exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(match[index + 1] ?? "");
    });
    return { route, params };
  }
  return undefined;
}

const DOCS = "https://docs.github.com/rest";

export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status), ...extra } };
}

export function notFound(): Reply {
  return errorReply(404, "Not Found");
}

export function validationFailed(errors: Array<Record<string, unknown>>, message = "Validation Failed"): Reply {
  return errorReply(422, message, { errors });
}

/** Page through `items` the way GitHub does (per_page up to 100, a Link header to the next and last pages). */
export function paginate<T>(items: T[], ctx: RouteContext, path: string): Reply & { body: T[] } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get("per_page")) || 30));
  const page = Math.max(1, Number(ctx.query.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const body = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(ctx.query);
    query.set("per_page", String(perPage));
    query.set("page", String(n));
    return `<${ctx.base}${path}?${query}>; rel="${rel}"`;
  };
  const links = page < last ? [link(page + 1, "next"), link(last, "last")] : [];
  return { status: 200, body, ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}
