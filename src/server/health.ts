import type { ServerResponse } from "node:http";
import { sendJson } from "./respond.ts";

/** GET /healthz: the process is up and serving. */
export function handleHealth(res: ServerResponse): void {
  sendJson(res, 200, { status: "ok" });
}

/**
 * GET /readyz: the database answers, so deliveries can be stored. `backlog` counts deliveries that were
 * acknowledged and are still on their way from the intake journal to the database.
 */
export async function handleReady(
  res: ServerResponse,
  ready: () => Promise<boolean>,
  backlog: () => number,
): Promise<void> {
  const ok = await ready().catch(() => false);
  sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "database unavailable", backlog: backlog() });
}
