import type { IncomingMessage, ServerResponse } from "node:http";
import { jwtProblem, readCredential } from "./auth.ts";
import type { FaultPlan } from "./faults.ts";
import { GIT_PATH, serveGit } from "./git-http.ts";
import { errorReply, matchRoute, type Reply, type Route, type RouteContext } from "./router.ts";
import { appRoutes } from "./routes/apps.ts";
import { checkRoutes } from "./routes/checks.ts";
import { graphqlRoute } from "./routes/graphql.ts";
import { issueRoutes } from "./routes/issues.ts";
import { pullDiffRoutes } from "./routes/pull-diff.ts";
import { pullRoutes } from "./routes/pulls.ts";
import { reactionRoutes } from "./routes/reactions.ts";
import { repoRoutes } from "./routes/repos.ts";
import { reviewRoutes } from "./routes/reviews.ts";
import { type EmulatorStore, tokenAllows, tokenReaches } from "./store.ts";

/** The pull request's commits and files, reviews, review comments, reactions, check runs and statuses. */
export const CONVERSATION_ROUTES: readonly Route[] = [
  ...pullDiffRoutes,
  ...reviewRoutes,
  ...reactionRoutes,
  ...checkRoutes,
];

/** Every REST route the emulator serves; the OpenAPI tests walk this list. */
export const ROUTES: readonly Route[] = [
  ...repoRoutes,
  ...issueRoutes,
  ...pullRoutes,
  ...CONVERSATION_ROUTES,
  ...appRoutes,
];

/** Served too, but outside the REST description. */
const OTHER_ROUTES: readonly Route[] = [graphqlRoute];

const MAX_BODY = 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function dispatch(req: IncomingMessage, store: EmulatorStore, base: string, url: URL): Promise<Reply> {
  const method = req.method ?? "GET";
  const matched = matchRoute([...ROUTES, ...OTHER_ROUTES], method, url.pathname);
  if (!matched) return errorReply(404, "Not Found");
  const { route, params } = matched;
  const credential = readCredential(req.headers);
  let token: RouteContext["token"];
  if (route.auth === "app") {
    const problem = credential?.scheme === "bearer" ? jwtProblem(credential.value, store.app, store.now()) : "missing";
    if (problem === "missing") return errorReply(401, "A JSON web token could not be decoded");
    if (problem) return errorReply(401, problem);
  } else {
    if (!credential) return errorReply(401, "Requires authentication");
    token = store.validToken(credential.value);
    if (!token) return errorReply(401, "Bad credentials");
  }
  let repo: RouteContext["repo"];
  if (params.owner !== undefined && params.repo !== undefined) {
    repo = store.repo(params.owner, params.repo);
    if (!repo || (token && !tokenReaches(token, repo))) return errorReply(404, "Not Found");
  }
  if (token && route.needs && !tokenAllows(token, route.needs)) {
    return errorReply(403, "Resource not accessible by integration");
  }
  const body = await readJson(req);
  if (body === undefined) return errorReply(400, "Problems parsing JSON");
  return route.handle({ store, base, params, query: url.searchParams, body, token, repo });
}

function send(res: ServerResponse, reply: Reply, store: EmulatorStore): void {
  const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "content-type": "application/json; charset=utf-8",
    "x-github-api-version-selected": "2022-11-28",
    "x-github-request-id": `EMU:${store.requests.length + 1}`,
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-reset": String(Math.floor(store.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
    ...reply.headers,
  });
  res.end(payload);
}

export function handler(store: EmulatorStore, faults: FaultPlan, base: () => string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", base());
    const method = req.method ?? "GET";
    let status = 500;
    try {
      const fault = faults.take(method, url.pathname);
      if (fault) {
        req.resume();
        const reply = errorReply(fault.status ?? 502, "Server Error");
        send(res, fault.body === undefined ? reply : { ...reply, body: fault.body }, store);
        status = reply.status;
      } else if (GIT_PATH.test(url.pathname)) {
        status = await serveGit(req, res, store, url);
      } else {
        const reply = await dispatch(req, store, base(), url);
        send(res, reply, store);
        status = reply.status;
      }
    } catch (error) {
      if (!res.headersSent) send(res, errorReply(500, `emulator: ${(error as Error).message}`), store);
      else res.end();
    } finally {
      store.requests.push({ method, path: `${url.pathname}${url.search}`, status, at: store.now() });
    }
  };
}
