import type { ServerResponse } from "node:http";
import { sendJson } from "./respond.ts";

/** GET /healthz: the process is up and serving. */
export function handleHealth(res: ServerResponse): void {
  sendJson(res, 200, { status: "ok" });
}

export interface Readiness {
  /** The database answers, so deliveries can be stored. */
  ready: boolean;
  /** Deliveries acknowledged and still on their way from the intake journal to the database. */
  backlog: number;
  /** Why not ready, when it is something other than the database. */
  reason?: string;
}

/** GET /readyz. */
export async function handleReady(res: ServerResponse, readiness: () => Promise<Readiness>): Promise<void> {
  const { ready, backlog, reason } = await readiness().catch(() => ({
    ready: false,
    backlog: null,
    reason: undefined,
  }));
  sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : (reason ?? "database unavailable"), backlog });
}
