import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ClientGoneError, describeError } from "../errors/index.ts";
import type { Logger } from "../log/logger.ts";
import { type ConnectionCaps, limitConnections } from "./connections.ts";
import { handleHealth, handleReady, type Readiness } from "./health.ts";
import { handleJobsApi, type JobsApiDeps } from "./jobs-api.ts";
import { sendJson } from "./respond.ts";
import { handleWebhook, type WebhookDeps } from "./webhook.ts";

export interface AppDeps {
  webhook: WebhookDeps;
  readiness: () => Promise<Readiness>;
  jobsApi?: JobsApiDeps;
  logger: Logger;
  /** Caps on open connections (see connections.ts); none without. */
  connections?: { caps: ConnectionCaps; slot: number };
}

/** The HTTP surface of `booty serve`: the webhook, health and readiness, and the local jobs API. */
export function createApp(deps: AppDeps): Server {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? "/";
    const pathname = path.split("?", 1)[0];
    if (pathname === "/webhooks/github") {
      if (req.method !== "POST") return sendJson(res, 405, { error: "POST only" });
      return handleWebhook(req, res, deps.webhook);
    }
    if (req.method !== "GET") return sendJson(res, 404, { error: "not found" });
    if (pathname === "/healthz") return handleHealth(res);
    if (pathname === "/readyz") return handleReady(res, deps.readiness);
    const api = pathname === "/api/jobs" || pathname === "/api/deliveries" || pathname?.startsWith("/api/jobs/");
    if (deps.jobsApi && api) {
      return handleJobsApi(req, res, path, deps.jobsApi);
    }
    sendJson(res, 404, { error: "not found" });
  };
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof ClientGoneError) {
        deps.logger.debug({ err: describeError(error), url: req.url }, "request abandoned by the client");
        res.destroy();
        return;
      }
      deps.logger.error({ err: describeError(error), url: req.url }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" }, true);
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  if (deps.connections) limitConnections(server, deps.connections.caps, deps.connections.slot);
  return server;
}
