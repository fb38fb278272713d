import type { AddressInfo } from "node:net";
import { silentLogger } from "../../src/log/logger.ts";
import type { PgStore } from "../../src/queue/db/open-store.ts";
import { createUiServer } from "../../src/ui/server.ts";
import { percentile } from "./stats.ts";

export interface PageFigures {
  label: string;
  path: string;
  goal: number;
  /** Time from the request reaching the server to the last byte handed to the socket. */
  server: { p50: number; p95: number };
  /** The round trip over loopback, as a browser on this machine would see it. */
  client: { p50: number; p95: number };
}

/** Served by `dashboard2` when it lands; measured as soon as the route answers 200. */
export const TOTALS_PATH = "/ui/totals";

/**
 * Each dashboard page asked for in turn, `requests` times, from a dashboard server of its own over the
 * store. Returns null for the totals page when the dashboard has none yet.
 */
export async function measurePages(
  store: PgStore,
  requests: number,
): Promise<{ rows: PageFigures[]; missing: string[] }> {
  const { server, close } = createUiServer({
    reader: store,
    token: undefined,
    logger: silentLogger(),
    // What drawing a page costs: neither the page cache nor the pace (measured by the intake's scenes).
    cacheMs: 0,
    pace: null,
  });
  const serverMs = new Map<string, number[]>();
  // Prepended, so that it runs before the dashboard's own listener starts on the request.
  server.prependListener("request", (req, res) => {
    const started = performance.now();
    res.once("finish", () => {
      const key = req.url ?? "";
      serverMs.set(key, [...(serverMs.get(key) ?? []), performance.now() - started]);
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // Ten different jobs' pages in turn, so that no one job's rows stay in a cache the others would miss.
    const someJobs = await store.queryJobs({ offset: 0, limit: 10 });
    const pages = [
      { label: "jobs", path: "/ui/jobs", goal: 150 },
      { label: "jobs, page 100", path: "/ui/jobs?page=100", goal: 150 },
      { label: "jobs, filtered", path: "/ui/jobs?state=failed&repo=octo/repo-7&q=bug", goal: 150 },
      { label: "deliveries", path: "/ui/deliveries", goal: 150 },
      { label: "deliveries, page 100", path: "/ui/deliveries?page=100", goal: 150 },
      ...someJobs.map((j) => ({ label: "a job", path: `/ui/jobs/${j.id}`, goal: 100 })),
      { label: "totals", path: TOTALS_PATH, goal: 150 },
    ];
    const missing: string[] = [];
    const totals = await fetch(base + TOTALS_PATH);
    await totals.text();
    if (totals.status === 404) {
      pages.pop();
      missing.push(TOTALS_PATH);
    }
    serverMs.clear();
    const clientMs = new Map<string, number[]>();
    for (let i = 0; i < requests; i++) {
      for (const p of pages) {
        const started = performance.now();
        const res = await fetch(base + p.path);
        await res.text();
        if (res.status !== 200) throw new Error(`${p.path} answered ${res.status}`);
        clientMs.set(p.label, [...(clientMs.get(p.label) ?? []), performance.now() - started]);
      }
    }
    const labels = [...new Map(pages.map((p) => [p.label, p])).values()];
    const rows = labels.map((p) => {
      const paths = pages.filter((q) => q.label === p.label).map((q) => q.path);
      const server = paths.flatMap((path) => serverMs.get(path) ?? []);
      const client = clientMs.get(p.label) ?? [];
      return {
        label: p.label,
        path: p.path,
        goal: p.goal,
        server: { p50: percentile(server, 0.5), p95: percentile(server, 0.95) },
        client: { p50: percentile(client, 0.5), p95: percentile(client, 0.95) },
      };
    });
    return { rows, missing };
  } finally {
    close();
  }
}
