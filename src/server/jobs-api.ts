import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./respond.ts";

export interface JobsReader {
  list(limit: number): Promise<unknown[]>;
  get(id: string): Promise<unknown | null>;
  /** The latest deliveries with their outcomes, newest first. */
  deliveries(limit: number): Promise<unknown[]>;
}

export interface JobsApiDeps {
  reader: JobsReader;
  /** Written to the data directory for the CLI; without it nobody else on the machine can read jobs. */
  token: string;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/**
 * GET /api/jobs, /api/jobs/<id> and /api/deliveries, for `booty jobs`, `job` and `deliveries` while this process holds the embedded database
 * (PGlite admits one process). Loopback only, and only with the token from the data directory.
 */
export async function handleJobsApi(req: IncomingMessage, res: ServerResponse, path: string, deps: JobsApiDeps) {
  const given = Buffer.from(req.headers.authorization ?? "");
  const wanted = Buffer.from(`Bearer ${deps.token}`);
  const authorized = given.length === wanted.length && timingSafeEqual(given, wanted);
  if (!LOOPBACK.has(req.socket.remoteAddress ?? "") || !authorized) return sendJson(res, 404, { error: "not found" });
  const url = new URL(path, "http://localhost");
  const id = url.pathname.slice("/api/jobs/".length);
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit")) || 50, 1), 1000);
  if (url.pathname === "/api/jobs") return sendJson(res, 200, { jobs: await deps.reader.list(limit) });
  if (url.pathname === "/api/deliveries") {
    return sendJson(res, 200, { deliveries: await deps.reader.deliveries(limit) });
  }
  // Job ids are UUIDs: nothing to decode, and a malformed escape is then just an unknown id, not a 500.
  const job = await deps.reader.get(id);
  if (!job) return sendJson(res, 404, { error: `no job ${id}` });
  // A prefix several ids start with: the CLI says how many, as git does.
  if (typeof job === "object" && "ambiguous" in job) return sendJson(res, 409, job);
  return sendJson(res, 200, job);
}
