/**
 * `npm run bench:ui`: the dashboard over a busy installation's store, on PGlite and on PostgreSQL (a
 * throwaway cluster, as the tests start one; skipped when the machine has no PostgreSQL), in one run.
 *  1. Each page asked for in turn, `--requests` times: the time inside the server (request in to last
 *     byte out) and the round trip. Goals (issue #19): the jobs and deliveries pages within 150 ms server-
 *     side at p95, a job's page within 100 ms. The totals page is measured once the dashboard serves it.
 *  2. The webhook intake's time to 202 under bench:webhooks' load (wrk), side by side in the same process:
 *     with the dashboard idle; with `--live-pages` pages open, each fetched again whenever the live feed
 *     says something changed, as the page's script does; with `--readers` readers each keeping the live
 *     feed open and asking for list pages, `--pause` ms after each answer; and, the stress case, the same readers
 *     asking back to back (their only limit is how fast the dashboard answers).
 *     Goal: serving the dashboard moves p99 by at most +10 %. The CPU time each burst cost (booty serve's
 *     process, PostgreSQL's backends, the readers) is printed too: on a shared machine a p99 moves with
 *     the other load, CPU time hardly does, so what the dashboard itself costs is seen there.
 * Options: --jobs 10000 --deliveries 100000 --requests 40 --backends pglite,postgres --rounds 5
 *   --live-pages 4 --readers 2 --pause 100 --intake-requests 45000 --concurrency 32 --no-intake;
 *   BENCH_LOADGEN=wrk|node. The bursts are three times bench:webhooks' (the same load, for longer): at
 *   20,000 deliveries/s its 15,000 last under a second, too short for a p99 steadier than the machine.
 * Every figure is printed with the machine's load average, as the machine may be shared.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startTestPostgres } from "../../test/service/support/postgres.ts";
import { pickLoad } from "../webhooks/loadgen.ts";
import { intakeSideBySide } from "./intake.ts";
import { measurePages } from "./pages.ts";
import { printIntake, printPages } from "./report.ts";
import { seedStore } from "./seed.ts";
import { loadAverage } from "./stats.ts";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "10000" },
    deliveries: { type: "string", default: "100000" },
    requests: { type: "string", default: "40" },
    backends: { type: "string", default: "pglite,postgres" },
    rounds: { type: "string", default: "5" },
    "live-pages": { type: "string", default: "4" },
    readers: { type: "string", default: "2" },
    pause: { type: "string", default: "100" },
    "intake-requests": { type: "string", default: "45000" },
    concurrency: { type: "string", default: "32" },
    "no-intake": { type: "boolean", default: false },
  },
});
const jobs = Number(values.jobs);
const deliveries = Number(values.deliveries);
const requests = Math.max(5, Number(values.requests));
const backends = values.backends.split(",").map((b) => b.trim());
const dir = mkdtempSync(join(tmpdir(), "booty-bench-ui-"));
const pg = backends.includes("postgres") ? await startTestPostgres() : null;
if (backends.includes("postgres") && !pg) process.stdout.write("no PostgreSQL server found: skipping PostgreSQL\n");
const targets = [
  ...(backends.includes("pglite") ? [{ name: "PGlite", databaseUrl: undefined }] : []),
  ...(pg ? [{ name: "PostgreSQL", databaseUrl: () => pg.createDatabase() }] : []),
];

const out = (line: string) => process.stdout.write(`${line}\n`);
try {
  out(
    `bench:ui: ${jobs} jobs, ${deliveries} deliveries in the store; ${requests} requests per page (${loadAverage()})`,
  );
  for (const t of targets) {
    const { store, seededMs } = await seedStore(
      join(dir, `pages-${t.name}`),
      await t.databaseUrl?.(),
      jobs,
      deliveries,
    );
    try {
      out(`\n${t.name}: seeded in ${seededMs.toFixed(0)} ms (${loadAverage()})`);
      printPages(out, await measurePages(store, requests));
      out(`(${loadAverage()})`);
    } finally {
      await store.close();
    }
  }
  if (!values["no-intake"]) {
    const { name: loadName, load } = await pickLoad(process.env.BENCH_LOADGEN, dir);
    const o = {
      jobs,
      deliveries,
      requests: Number(values["intake-requests"]),
      concurrency: Number(values.concurrency),
      rounds: Number(values.rounds),
      livePages: Number(values["live-pages"]),
      readers: Number(values.readers),
      pauseMs: Number(values.pause),
      load,
    };
    out(
      `\nintake under load: ${o.requests} signed deliveries, ${o.concurrency} in flight from ${loadName}, ${o.rounds} rounds (medians); dashboard idle; ${o.livePages} pages open, live (fetched again on each change, as app.js does); ${o.readers} readers with the live feed open asking for list pages ${o.pauseMs} ms apart (a loop), then back to back (flooding)`,
    );
    for (const t of targets) {
      const started = loadAverage();
      const rounds = await intakeSideBySide({
        ...o,
        dataDir: (round) => join(dir, `intake-${t.name}-${round}`),
        ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}),
      });
      printIntake(out, t.name, rounds, `${started} → ${loadAverage()}`);
    }
  }
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
