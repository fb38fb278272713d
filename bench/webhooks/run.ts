/**
 * npm run bench:webhooks — signed deliveries per second and p50/p99 time to 202: a bare server that
 * only verifies (the baseline), booty's intake on the embedded database, and on PostgreSQL. A 202 means
 * the delivery is durable in the intake journal; "all in DB after" is how long after the last 202 the
 * last of them was in the database.
 * Goal: at least 0.8 × the baseline's throughput while storing every delivery, p99 under 50 ms.
 *   BENCH_REQUESTS (default 4000), BENCH_CONCURRENCY (default 32)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { startTestPostgres } from "../../test/service/support/postgres.ts";
import { makeDeliveries } from "./deliveries.ts";
import { waitDrained } from "./drained.ts";
import { type LoadResult, postAll } from "./load.ts";

const requests = Number(process.env.BENCH_REQUESTS ?? 4000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const secret = "bench-secret";
const dir = mkdtempSync(join(tmpdir(), "booty-bench-"));

async function startTarget(kind: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "target.ts"), kind, secret, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${kind} target exited with ${code}`)));
  });
  return { url: line.trim(), child };
}

type Measured = LoadResult & { drainedMs: number | null };

async function measure(kind: string, args: string[]): Promise<Measured> {
  const { url, child } = await startTarget(kind, args);
  try {
    await postAll(url, makeDeliveries(Math.min(500, requests), secret), concurrency); // warm-up
    if (kind !== "bare") await waitDrained(url);
    const result = await postAll(url, makeDeliveries(requests, secret), concurrency);
    return { ...result, drainedMs: kind === "bare" ? null : await waitDrained(url) };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const results: [string, Measured][] = [];
results.push(["bare (verify only)", await measure("bare", [])]);
results.push(["booty on PGlite", await measure("pglite", [join(dir, "pglite")])]);
const pg = await startTestPostgres();
if (pg) {
  try {
    results.push(["booty on PostgreSQL", await measure("postgres", [join(dir, "pg"), await pg.createDatabase()])]);
  } finally {
    await pg.stop();
  }
} else {
  process.stderr.write("no PostgreSQL server found: skipping that column\n");
}
rmSync(dir, { recursive: true, force: true });

const base = results[0]?.[1].perSecond ?? 1;
const out = [
  `${requests} signed deliveries, ${concurrency} in flight, payloads from @octokit/webhooks-examples (1 in 10 triggers a job)`,
  "",
  "target                 deliveries/s   p50 ms   p99 ms   vs bare   all in DB after   statuses",
];
for (const [name, r] of results) {
  out.push(
    `${name.padEnd(22)} ${r.perSecond.toFixed(0).padStart(12)}   ${r.p50.toFixed(1).padStart(6)}   ${r.p99.toFixed(1).padStart(6)}   ${(r.perSecond / base).toFixed(2).padStart(7)}   ${(r.drainedMs === null ? "-" : `${r.drainedMs.toFixed(0)} ms`).padStart(15)}   ${JSON.stringify(r.statuses)}`,
  );
}
for (const [name, r] of results.slice(1)) {
  const ok = r.perSecond >= 0.8 * base && r.p99 < 50;
  out.push(`${name}: goal (>= 0.8 x bare, p99 < 50 ms) ${ok ? "met" : "NOT met"}`);
}
process.stdout.write(`${out.join("\n")}\n`);
