/**
 * npm run bench:webhooks — signed deliveries per second and p50/p99 time to 202: a bare server that
 * only verifies (the baseline), booty's intake on the embedded database, and on PostgreSQL. A 202 means
 * the delivery is durable in the intake journal; "in DB after" is how long after the last 202 the last
 * of them was in the database. "CPU/delivery" is the server process's CPU time over the burst, of its
 * busiest thread (a server that answers on one thread can go no faster than that thread) and of all its
 * threads, then of all its threads over the burst and that catch-up: when the load generator shares the
 * cores, that total is what bounds the throughput. The
 * targets take turns, round after round, and the medians are reported, so that other load on the
 * machine falls on all of them alike.
 * booty runs with its default BOOTY_INTAKE_FSYNC=interval (a 202 once the delivery is with the OS, the
 * disk flushed every 100 ms); the last row flushes the disk before every 202 (`always`), for comparison.
 * Goal: at least 0.8 × the baseline's throughput while storing every delivery, p99 under 50 ms.
 * The load comes from wrk when it is installed (Debian's package `wrk`), else from Node: see loadgen.ts.
 *   BENCH_REQUESTS (default 15000), BENCH_CONCURRENCY (default 32), BENCH_ROUNDS (default 3),
 *   BENCH_LOADGEN (wrk | node)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestPostgres } from "../../test/service/support/postgres.ts";
import { pickLoad } from "./loadgen.ts";
import { type Measured, measureTarget } from "./measure.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 15000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), "booty-bench-"));
const { name: loadName, load } = await pickLoad(process.env.BENCH_LOADGEN, dir);
const pg = await startTestPostgres();
if (!pg) process.stderr.write("no PostgreSQL server found: skipping that column\n");

const targets: { name: string; args: (round: number) => Promise<string[]> }[] = [
  { name: "bare (verify only)", args: async () => ["bare"] },
  { name: "booty on PGlite", args: async (round) => ["pglite", join(dir, `pglite-${round}`)] },
  ...(pg
    ? [
        {
          name: "booty on PostgreSQL",
          args: async (round: number) => ["postgres", join(dir, `pg-${round}`), await pg.createDatabase()],
        },
        {
          name: "  same, fsync always",
          args: async (round: number) => ["postgres", join(dir, `pga-${round}`), await pg.createDatabase(), "always"],
        },
      ]
    : []),
];
const runs = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const t of targets) {
      runs.get(t.name)?.push(await measureTarget(await t.args(round), { requests, concurrency, load }));
    }
  }
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? 0;
};
const summary = targets.map((t) => {
  const rs = runs.get(t.name) ?? [];
  const drained = rs.map((r) => r.drainedMs).filter((d): d is number => d !== null);
  return {
    name: t.name,
    perSecond: median(rs.map((r) => r.perSecond)),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    drainedMs: drained.length > 0 ? median(drained) : null,
    cpuUs: median(rs.map((r) => r.cpuUsPerDelivery)),
    cpuAnswering: median(rs.map((r) => r.cpuUsAnswering)),
    cpuAnsweringAll: median(rs.map((r) => r.cpuUsAnsweringAll)),
    range: `${Math.min(...rs.map((r) => r.perSecond)).toFixed(0)}–${Math.max(...rs.map((r) => r.perSecond)).toFixed(0)}`,
    statuses: rs.map((r) => JSON.stringify(r.statuses)).join(" "),
  };
});
const base = summary[0]?.perSecond ?? 1;
const out = [
  `${requests} signed deliveries, ${concurrency} in flight from ${loadName}, ${rounds} rounds (medians), payloads from @octokit/webhooks-examples (1 in 10 triggers a job)`,
  "",
  "target                 deliveries/s  (range)       p50 ms   p99 ms   vs bare   in DB after   server CPU µs/delivery answering: busiest thread, all threads; all threads until stored",
];
for (const r of summary) {
  out.push(
    [
      r.name.padEnd(22),
      r.perSecond.toFixed(0).padStart(12),
      `(${r.range})`.padEnd(13),
      r.p50.toFixed(1).padStart(6),
      r.p99.toFixed(1).padStart(8),
      (r.perSecond / base).toFixed(2).padStart(9),
      (r.drainedMs === null ? "-" : `${r.drainedMs.toFixed(0)} ms`).padStart(13),
      `${r.cpuAnswering.toFixed(0)}`.padStart(14),
      `${r.cpuAnsweringAll.toFixed(0)}`.padStart(6),
      `${r.cpuUs.toFixed(0)}`.padStart(6),
    ].join(" "),
  );
}
for (const r of summary) out.push(`statuses ${r.name}: ${r.statuses}`);
for (const r of summary.slice(1).filter((r) => !r.name.startsWith(" "))) {
  const ok = r.perSecond >= 0.8 * base && r.p99 < 50;
  out.push(`${r.name}: goal (>= 0.8 x bare, p99 < 50 ms) ${ok ? "met" : "NOT met"}`);
}
process.stdout.write(`${out.join("\n")}\n`);
