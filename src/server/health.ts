import type { ServerResponse } from "node:http";
import { sendJson } from "./respond.ts";

/** GET /healthz: the process is up and serving. */
export function handleHealth(res: ServerResponse): void {
  sendJson(res, 200, { status: "ok" });
}

/** GET /readyz: the database answers, so deliveries can be stored. */
export async function handleReady(res: ServerResponse, ready: () => Promise<boolean>): Promise<void> {
  const ok = await ready().catch(() => false);
  sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "database unavailable" });
}
