/**
 * `npm run bench:ui [-- --jobs 10000 --deliveries 100000 --requests 40]`: how long the dashboard's pages take
 * to answer over a store of that size (PGlite). Each page is asked for in turn, `requests` times, over
 * loopback; the figures are round trips, so they bound the server-side time from above. Goals (issue #19):
 * the jobs and deliveries pages within 150 ms (p95), a job's page within 100 ms.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { silentLogger } from "../../src/log/logger.ts";
import { openStore } from "../../src/queue/db/open-store.ts";
import { createUiServer } from "../../src/ui/server.ts";
import { seed } from "./seed.ts";

const { values } = parseArgs({
  options: { jobs: { type: "string" }, deliveries: { type: "string" }, requests: { type: "string" } },
});
const jobs = Number(values.jobs ?? 10_000);
const deliveries = Number(values.deliveries ?? 100_000);
const requests = Math.max(5, Number(values.requests ?? 40));

const dir = mkdtempSync(join(tmpdir(), "booty-bench-ui-"));
const store = await openStore({ dataDir: dir, logger: silentLogger() });
const { server, close } = createUiServer({ reader: store, token: undefined, logger: silentLogger() });
try {
  const seeding = performance.now();
  await seed(store.db, jobs, deliveries);
  process.stdout.write(
    `seeded ${jobs} jobs and ${deliveries} deliveries in ${Math.round(performance.now() - seeding)} ms\n`,
  );
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [first] = await store.queryJobs({ offset: 0, limit: 1 });
  const pages = [
    { label: "jobs", path: "/ui/jobs", goal: 150 },
    { label: "jobs, page 100", path: "/ui/jobs?page=100", goal: 150 },
    { label: "jobs, filtered", path: "/ui/jobs?state=failed&repo=octo/repo-7&q=bug", goal: 150 },
    { label: "deliveries", path: "/ui/deliveries", goal: 150 },
    { label: "a job", path: `/ui/jobs/${first?.id}`, goal: 100 },
  ];
  const samples = new Map(pages.map((p) => [p.label, [] as number[]]));
  for (let i = 0; i < requests; i++) {
    for (const p of pages) {
      const started = performance.now();
      const res = await fetch(base + p.path);
      await res.text();
      if (res.status !== 200) throw new Error(`${p.path} answered ${res.status}`);
      samples.get(p.label)?.push(performance.now() - started);
    }
  }
  const pct = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
  process.stdout.write(`page               p50 ms   p95 ms   goal (p95)\n`);
  for (const p of pages) {
    const xs = samples.get(p.label) ?? [];
    const p95 = pct(xs, 0.95);
    process.stdout.write(
      `${p.label.padEnd(18)} ${pct(xs, 0.5).toFixed(1).padStart(6)}   ${p95.toFixed(1).padStart(6)}   ${p.goal} ms ${p95 <= p.goal ? "met" : "MISSED"}\n`,
    );
  }
} finally {
  close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
