import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { describeError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import type { JobRecord, JobsStore } from "../queue/index.ts";
import { redactText } from "../security/redact.ts";
import { checkAccess, sameSecret, sessionCookie, type Verdict } from "./access.ts";
import { drawPage } from "./draw.ts";
import { escapeHtml, type Html } from "./html.ts";
import { LiveFeed } from "./live.ts";
import type { RunningSteps } from "./now-running.ts";
import { Pace } from "./pace.ts";
import { type Answer, PageCache } from "./page-cache.ts";
import { afterLogin, loginPage } from "./pages/login.ts";

/** What the dashboard reads: the store's read side, nothing that writes. */
export type UiReader = Pick<
  JobsStore,
  "queryJobs" | "queryDeliveries" | "findJob" | "listJobs" | "listRuns" | "runReports" | "listDeliveries" | "jobTotals"
>;

export interface UiOptions {
  reader: UiReader;
  /** BOOTY_UI_TOKEN: required of every client when set; without it, loopback clients only. */
  token: string | undefined;
  logger: Logger;
  /** Where issues are linked to (the forge's web address). */
  web?: string;
  /** How often the store is looked at while pages listen for changes. */
  pollMs?: number;
  /**
   * The configuration's secrets (config/secrets.ts): stored text is scrubbed when written, and every page
   * is scrubbed once more on its way out, raw and HTML-escaped forms alike.
   */
  secrets?: readonly string[];
  /** Brings new `booty run` jobs into the store before a page is drawn (local-import.ts); how many it brought. */
  importRuns?: () => Promise<number>;
  /** How long a drawn page is served again to whoever asks for the same (page-cache.ts); 0: never. */
  cacheMs?: number;
  /** What the jobs this process runs do now (booty serve's runner); the store knows only once an attempt ends. */
  steps?: RunningSteps | undefined;
  /** How many pages a second are served at most (pace.ts); null: as many as asked for. */
  pace?: { perSecond: number; burst: number; queue: number } | null;
}

/**
 * A team's live pages (each asks again at most once a second, all at once on a change: the burst) and a
 * person clicking stay within it; readers asking back to back are held to ten pages a second, which on a
 * two-core machine leaves the webhook intake its pace (bench:ui).
 */
const PACE = { perSecond: 10, burst: 30, queue: 60 };

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};
const STATIC: Record<string, { type: string; body: Buffer }> = {
  "/ui/static/app.js": { type: "text/javascript; charset=utf-8", body: readStatic("app.js") },
  "/ui/static/app.css": { type: "text/css; charset=utf-8", body: readStatic("app.css") },
};

function readStatic(name: string): Buffer {
  return readFileSync(new URL(`./static/${name}`, import.meta.url));
}

type Send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra?: object) => void;
type Responder = {
  send: Send;
  /** A body scrubbed and encoded once, to be sent as often as asked for. */
  answer: (status: number, type: string, text: string) => Answer;
  page: (res: ServerResponse, status: number, body: Html, extra?: object) => void;
  plain: (res: ServerResponse, status: number, text: string) => void;
};

/** How this server answers: every text body is scrubbed of the secrets on its way out. */
function responder(scrub: (text: string) => string): Responder {
  const send: Send = (res, status, type, body, extra = {}) => {
    const out = typeof body === "string" ? scrub(body) : body;
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      "content-type": type,
      "content-length": Buffer.byteLength(out),
      ...extra,
    });
    res.end(out);
  };
  return {
    send,
    answer: (status, type, text) => ({ status, type, body: Buffer.from(scrub(text)) }),
    page: (res, status, body, extra = {}) => send(res, status, "text/html; charset=utf-8", body.text, extra),
    plain: (res, status, text) => send(res, status, "text/plain; charset=utf-8", `${text}\n`),
  };
}

/** The dashboard's HTTP server: read-only pages over the store, under /ui. */
export function createUiServer(o: UiOptions): { server: Server; close(): void } {
  const web = o.web ?? "https://github.com";
  const forms = (o.secrets ?? []).flatMap((secret) => [secret, escapeHtml(secret)]);
  const r = responder((text) => redactText(text, forms));
  const cache = new PageCache(o.cacheMs ?? 1000);
  const pace = o.pace === null ? null : new Pace(o.pace ?? PACE);
  const sync = async () => {
    if (((await o.importRuns?.()) ?? 0) > 0) cache.invalidate();
  };
  const feed = new LiveFeed(
    async () => {
      await sync();
      return fingerprint(o.reader, o.steps);
    },
    o.pollMs ?? 1000,
    () => cache.invalidate(),
  );
  const draw = async (url: URL): Promise<Answer> => {
    await sync();
    const drawn = await drawPage(url, o.reader, { web, doing: (id) => o.steps?.doing(id) ?? null });
    return r.answer(drawn.status, "text/html; charset=utf-8", drawn.page.text);
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = URL.parse(req.url ?? "/", "http://localhost");
    if (!url) return r.plain(res, 400, "bad request: the path is not a URL");
    const path = url.pathname;
    const asset = STATIC[path];
    // HEAD is answered as GET (Node sends no body with it): monitors and `curl -I` use it.
    const reading = req.method === "GET" || req.method === "HEAD";
    if (asset && reading) return r.send(res, 200, asset.type, asset.body);
    // Browsers ask for it on their own; there is none, and a 404 would be logged as an error.
    if (path === "/favicon.ico") return r.send(res, 204, "image/x-icon", "");
    if (path === "/ui/login") return login(req, res, o.token, r);
    const access = checkAccess(req, o.token);
    if (!access.ok) return refuse(r, res, access, url);
    if (!reading) return r.plain(res, 405, "the dashboard is read-only");
    const moved = movedTo(url);
    if (moved) return r.send(res, moved.status, "text/plain", "", { location: moved.location });
    if (path === "/ui/events")
      return req.method === "GET" ? feed.listen(res) : r.plain(res, 405, "the live feed is read with GET");
    if (pace && !(await pace.admit()))
      return r.send(res, 503, "text/plain; charset=utf-8", "the dashboard is busy: ask again in a second\n", {
        "retry-after": "1",
      });
    // Looked up only now, after the access rule: the key says how the request was let in.
    const answer = await cache.get(`${access.as} ${path}${url.search}`, () => draw(url), reloaded(req));
    return r.send(res, answer.status, answer.type, answer.body);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      o.logger.error({ err: describeError(error), url: req.url }, "dashboard request failed");
      if (!res.headersSent) r.plain(res, 500, "internal error");
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  // Once up too, so that `booty jobs` finds booty run's jobs before anyone opens a page; not before: a
  // dashboard that cannot have its port closes the store at once.
  server.once("listening", () => void sync());
  return {
    server,
    close() {
      feed.close();
      pace?.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

/**
 * What the open pages show, in brief: it changes whenever a job or delivery they list does. The newest
 * jobs, and the running ones however old (with a backlog, the jobs that start are the oldest queued).
 */
async function fingerprint(reader: UiReader, steps: RunningSteps | undefined): Promise<string> {
  // The jobs alone, not their runs: a recorded attempt (verified, cost) shows as its job's state moves.
  const [jobs, running, deliveries] = await Promise.all([
    reader.listJobs(200),
    reader.queryJobs({ state: "running", offset: 0, limit: 200 }),
    reader.listDeliveries(1),
  ]);
  const brief = (list: JobRecord[]) => list.map((j) => [j.id, j.state, j.attempts, j.finishedAt, j.prUrl]);
  return JSON.stringify([brief(jobs), brief(running), deliveries, steps?.version ?? 0]);
}

/** The answer to a request the access rule did not let in: the sign-in form (401), or why not (403). */
function refuse(r: Responder, res: ServerResponse, access: Verdict & { ok: false }, url: URL): void {
  if (access.status === 403) r.plain(res, 403, access.why);
  else {
    const page = loginPage(access.why === "wrong token", `${url.pathname}${url.search}`);
    r.page(res, 401, page, { "www-authenticate": "Bearer" });
  }
}

/** Where a page is under another address: the root and /ui are the jobs; a trailing slash (typed, pasted) is dropped. */
function movedTo(url: URL): { status: 303 | 308; location: string } | null {
  const path = url.pathname;
  if (path === "/" || path === "/ui" || path === "/ui/") return { status: 303, location: "/ui/jobs" };
  if (/^\/ui\/.+\/$/.test(path)) return { status: 308, location: `${path.replace(/\/+$/, "")}${url.search}` };
  return null;
}

/** A browser's reload asks for the page as it is now (max-age=0; a hard reload, no-cache): never a kept one. */
function reloaded(req: IncomingMessage): boolean {
  return /\b(no-cache|max-age=0)\b/i.test(req.headers["cache-control"] ?? "") || req.headers.pragma === "no-cache";
}

/** GET: the form. POST: the token, checked; right, it sets the session cookie and goes to the jobs. */
async function login(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
  r: Responder,
): Promise<void> {
  if (token === undefined) return r.send(res, 303, "text/plain", "", { location: "/ui/jobs" });
  if (req.method === "GET") return r.page(res, 200, loginPage(false));
  if (req.method !== "POST") return r.plain(res, 405, "GET or POST");
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) return r.plain(res, 413, "too large");
  }
  const form = new URLSearchParams(body);
  const next = afterLogin(form.get("next"));
  if (!sameSecret(form.get("token") ?? "", token)) return r.page(res, 401, loginPage(true, next));
  r.send(res, 303, "text/plain", "", { location: next, "set-cookie": sessionCookie(token) });
}
