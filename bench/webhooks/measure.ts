import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { makeDeliveries } from "./deliveries.ts";
import { waitDrained } from "./drained.ts";
import type { LoadResult } from "./load.ts";
import type { Load } from "./loadgen.ts";

export type Measured = LoadResult & {
  drainedMs: number | null;
  /** Server CPU per delivery while answering the burst: its busiest thread, and all its threads. */
  cpuUsAnswering: number;
  cpuUsAnsweringAll: number;
  /** All its threads, until everything was stored. */
  cpuUsPerDelivery: number;
};

const SECRET = "bench-secret";

async function startTarget(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const [kind = "", ...rest] = args;
  const child = spawn(process.execPath, [join(import.meta.dirname, "target.ts"), kind, SECRET, ...rest], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${kind} target exited with ${code}`)));
  });
  return { url: line.trim(), child };
}

/** User + system CPU milliseconds so far, from /proc (clock ticks of 10 ms), of a process or one thread. */
function cpuMs(statPath: string): number {
  const fields = readFileSync(statPath, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const processCpu = (pid: number): number => cpuMs(`/proc/${pid}/stat`);
/** Each thread's CPU so far: the bare server answers on one thread, booty on several. */
const threadsCpu = (pid: number): Map<string, number> =>
  new Map(readdirSync(`/proc/${pid}/task`).map((tid) => [tid, cpuMs(`/proc/${pid}/task/${tid}/stat`)]));
const busiest = (before: Map<string, number>, after: Map<string, number>): number =>
  Math.max(0, ...[...after].map(([tid, ms]) => ms - (before.get(tid) ?? 0)));

/** One target in a fresh process: a warm-up, then the measured burst and, for booty, the catch-up. */
export async function measureTarget(
  args: string[],
  o: { requests: number; concurrency: number; load: Load },
): Promise<Measured> {
  const bare = args[0] === "bare";
  const { url, child } = await startTarget(args);
  try {
    await o.load(url, makeDeliveries(Math.min(2000, o.requests), SECRET), o.concurrency);
    if (!bare) await waitDrained(url);
    const deliveries = makeDeliveries(o.requests, SECRET);
    const pid = child.pid ?? 0;
    const [threads0, all0] = [threadsCpu(pid), processCpu(pid)];
    const result = await o.load(url, deliveries, o.concurrency);
    const [threads1, all1] = [threadsCpu(pid), processCpu(pid)];
    const drainedMs = bare ? null : await waitDrained(url);
    const perDelivery = (ms: number) => (ms * 1000) / o.requests;
    return {
      ...result,
      drainedMs,
      cpuUsAnswering: perDelivery(busiest(threads0, threads1)),
      cpuUsAnsweringAll: perDelivery(all1 - all0),
      cpuUsPerDelivery: perDelivery(processCpu(pid) - all0),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}
