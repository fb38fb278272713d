import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { makeDeliveries } from "../webhooks/deliveries.ts";
import { waitDrained } from "../webhooks/drained.ts";
import type { LoadResult } from "../webhooks/load.ts";
import type { Load } from "../webhooks/loadgen.ts";
import { startReaders } from "./readers.ts";

const SECRET = "bench-secret";

export interface IntakeOptions {
  dataDir: (round: number) => string;
  /** A fresh database per round on PostgreSQL; none for PGlite. */
  databaseUrl?: () => Promise<string>;
  jobs: number;
  deliveries: number;
  requests: number;
  concurrency: number;
  rounds: number;
  readers: number;
  pauseMs: number;
  load: Load;
}

export interface IntakeRound {
  off: LoadResult;
  on: LoadResult;
  /** The dashboard pages the readers were served during the "on" burst, and their round trips' p95. */
  readerPages: number;
  readerP95: number;
}

async function startTarget(args: string[]): Promise<{ url: string; uiUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "target.ts"), SECRET, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the intake target exited with ${code}`)));
  });
  const { url, uiUrl } = JSON.parse(line) as { url: string; uiUrl: string };
  return { url, uiUrl, child };
}

/**
 * The intake's time to 202 under a burst of signed deliveries, with the dashboard idle and then with
 * readers on it, in the same process over the same seeded store; the order flips every round so that
 * neither side always goes first. Each round is a fresh process.
 */
export async function intakeSideBySide(o: IntakeOptions): Promise<IntakeRound[]> {
  const out: IntakeRound[] = [];
  for (let round = 0; round < o.rounds; round++) {
    const db = o.databaseUrl ? [await o.databaseUrl()] : [];
    const { url, uiUrl, child } = await startTarget([o.dataDir(round), String(o.jobs), String(o.deliveries), ...db]);
    try {
      await o.load(url, makeDeliveries(Math.min(2000, o.requests), SECRET), o.concurrency);
      await waitDrained(url);
      const burst = async (withReaders: boolean) => {
        const deliveries = makeDeliveries(o.requests, SECRET);
        const readers = withReaders ? await startReaders(uiUrl, o.readers, o.pauseMs) : null;
        const result = await o.load(url, deliveries, o.concurrency);
        const served = await readers?.stop();
        await waitDrained(url);
        return { result, served };
      };
      const first = await burst(round % 2 === 1);
      const second = await burst(round % 2 === 0);
      const [off, on] = round % 2 === 0 ? [first, second] : [second, first];
      out.push({
        off: off.result,
        on: on.result,
        readerPages: on.served?.pages ?? 0,
        readerP95: on.served?.p95 ?? 0,
      });
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
  return out;
}
