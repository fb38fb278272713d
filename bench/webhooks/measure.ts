import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { makeDeliveries } from "./deliveries.ts";
import { waitDrained } from "./drained.ts";
import type { LoadResult } from "./load.ts";
import type { Load } from "./loadgen.ts";

export type Measured = LoadResult & {
  drainedMs: number | null;
  /** Server CPU per delivery while answering the burst, and in all until everything was stored. */
  cpuUsAnswering: number;
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

/**
 * User + system CPU milliseconds so far of a process's main thread (the one that answers HTTP, and so
 * bounds the throughput), from /proc (clock ticks of 10 ms).
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

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
    const cpu0 = cpuMs(child.pid ?? 0);
    const result = await o.load(url, deliveries, o.concurrency);
    const cpu1 = cpuMs(child.pid ?? 0);
    const drainedMs = bare ? null : await waitDrained(url);
    const perDelivery = (ms: number) => (ms * 1000) / o.requests;
    return {
      ...result,
      drainedMs,
      cpuUsAnswering: perDelivery(cpu1 - cpu0),
      cpuUsPerDelivery: perDelivery(cpuMs(child.pid ?? 0) - cpu0),
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}
