import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { makeDeliveries } from "../webhooks/deliveries.ts";
import { waitDrained } from "../webhooks/drained.ts";
import type { LoadResult } from "../webhooks/load.ts";
import type { Load } from "../webhooks/loadgen.ts";
import { type Cpu, cpuMeter } from "./cpu.ts";
import { type Readers, startLiveReaders, startLoopReaders } from "./readers.ts";

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
  /** Open pages kept live as a browser keeps them. */
  livePages: number;
  /** Readers asking for page after page, `pauseMs` apart; and, flooding, back to back. */
  readers: number;
  pauseMs: number;
  load: Load;
}

/** What the dashboard is doing during a burst. */
export type Scene = "idle" | "live" | "loop" | "flood";
export const SCENES: readonly Scene[] = ["idle", "live", "loop", "flood"];

export interface Burst {
  load: LoadResult;
  /** The dashboard pages the readers were served during the burst, and their round trips' p95. */
  readerPages: number;
  readerP95: number;
  /** The CPU time the burst cost, from the readers' start to the store's catching up (cpu.ts). */
  cpu: Cpu;
}
export type IntakeRound = Record<Scene, Burst>;

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

const readersFor = (scene: Scene, uiUrl: string, o: IntakeOptions): Promise<Readers> | null =>
  scene === "live"
    ? startLiveReaders(uiUrl, o.livePages)
    : scene === "loop" || scene === "flood"
      ? startLoopReaders(uiUrl, o.readers, scene === "loop" ? o.pauseMs : 0)
      : null;

/**
 * The intake's time to 202 under a burst of signed deliveries, with the dashboard idle, with pages open
 * on it, with readers asking for page after page and with readers asking back to back: in the same process over the same seeded store, the
 * order turning every round so that no scene always goes first. Each round is a fresh process.
 */
export async function intakeSideBySide(o: IntakeOptions): Promise<IntakeRound[]> {
  const out: IntakeRound[] = [];
  for (let round = 0; round < o.rounds; round++) {
    const db = o.databaseUrl ? [await o.databaseUrl()] : [];
    const { url, uiUrl, child } = await startTarget([o.dataDir(round), String(o.jobs), String(o.deliveries), ...db]);
    try {
      await o.load(url, makeDeliveries(Math.min(2000, o.requests), SECRET), o.concurrency);
      await waitDrained(url);
      const bursts = new Map<Scene, Burst>();
      const tag = db[0] ? new URL(db[0]).pathname.slice(1) : null;
      for (let i = 0; i < SCENES.length; i++) {
        const scene = SCENES[(round + i) % SCENES.length] as Scene;
        const deliveries = makeDeliveries(o.requests, SECRET);
        const cpu = cpuMeter(child.pid ?? 0, tag);
        const readers = await readersFor(scene, uiUrl, o);
        const load = await o.load(url, deliveries, o.concurrency);
        const served = await readers?.stop();
        await waitDrained(url);
        bursts.set(scene, { load, readerPages: served?.pages ?? 0, readerP95: served?.p95 ?? 0, cpu: cpu() });
      }
      out.push(Object.fromEntries(bursts) as IntakeRound);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
  return out;
}
