import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Logger } from "../../log/logger.ts";
import { type ChunkResult, chunkResult, ShardBuilder } from "./shard.ts";

/** Slots of the shared state: the next unclaimed chunk, and a counter bumped whenever a worker posts. */
export const NEXT = 0;
export const POSTED = 1;

const WORKER = new URL("./shard-worker.ts", import.meta.url);

/** What a build worker is started with (see worker.ts). */
export interface WorkerInput {
  root: string;
  /** The paths to read, NUL-separated: one string crosses threads faster than 50,000. */
  paths: string;
  chunkSize: number;
  state: Int32Array;
  port: MessagePort;
}

export type WorkerMessage = { chunk: number; result: ChunkResult };

export interface ShardRun {
  /** Shard 0: reads on this thread. */
  own: ShardBuilder;
  root: string;
  paths: readonly string[];
  chunkSize: number;
  /** Worker threads besides the calling one; 0 reads everything here. */
  workers: number;
  /** The worker entry; worker.ts unless a test puts a failing one in its place. */
  workerUrl?: URL;
  logger?: Logger | undefined;
}

/**
 * Runs `ShardBuilder`s over `paths` in chunks of `chunkSize`: the calling thread and `workers` worker
 * threads claim chunks from a shared counter until none are left, so that a slow or late thread (worker
 * start-up, a busy core) just takes fewer. `deliver` gets the results in chunk order as they come in, on
 * this thread, between its own chunks. A chunk a worker claimed but never returned (the worker failed to
 * start or died) is read here once all workers are gone, by a fresh shard, in order.
 */
export async function runShards(
  run: ShardRun,
  deliver: (shard: number, chunk: number, result: ChunkResult) => void,
): Promise<void> {
  const chunks = Math.ceil(run.paths.length / run.chunkSize);
  const state = new Int32Array(new SharedArrayBuffer(8));
  const results: ({ shard: number; result: ChunkResult } | undefined)[] = new Array(chunks);
  let next = 0;
  const flush = () => {
    for (let r = results[next]; r !== undefined && next < chunks; r = results[next]) {
      results[next] = undefined;
      deliver(r.shard, next, r.result);
      next++;
    }
  };
  const slice = (chunk: number) => run.paths.slice(chunk * run.chunkSize, (chunk + 1) * run.chunkSize);
  const threads = chunks > 1 ? startWorkers(run, state) : [];
  const drain = () => {
    threads.forEach((t, i) => {
      for (let m = receiveMessageOnPort(t.port); m; m = receiveMessageOnPort(t.port)) {
        const msg = m.message as WorkerMessage;
        results[msg.chunk] = { shard: i + 1, result: chunkResult(msg.result) };
      }
    });
    flush();
  };
  try {
    const own = run.own;
    for (let c = Atomics.add(state, NEXT, 1); c < chunks; c = Atomics.add(state, NEXT, 1)) {
      results[c] = { shard: 0, result: own.build(run.root, slice(c)) };
      drain();
    }
    while (next < chunks) {
      const seen = Atomics.load(state, POSTED);
      drain();
      if (next >= chunks) break;
      if (threads.every((t) => t.exited)) {
        // Chunks claimed by workers that are gone: read here, in order, by a shard of their own.
        const late = new ShardBuilder();
        for (let c = next; c < chunks; c++)
          results[c] ??= { shard: threads.length + 1, result: late.build(run.root, slice(c)) };
        flush();
        break;
      }
      const wait = Atomics.waitAsync(state, POSTED, seen);
      if (wait.async) await wait.value;
    }
  } finally {
    for (const t of threads) {
      t.port.close();
      if (!t.exited) void t.worker.terminate();
    }
  }
}

interface Thread {
  worker: Worker;
  port: MessagePort;
  exited: boolean;
}

function startWorkers(run: ShardRun, state: Int32Array): Thread[] {
  const paths = run.paths.join("\0");
  const threads: Thread[] = [];
  for (let i = 0; i < run.workers; i++) {
    const { port1, port2 } = new MessageChannel();
    const workerData: WorkerInput = { root: run.root, paths, chunkSize: run.chunkSize, state, port: port2 };
    let worker: Worker;
    try {
      worker = new Worker(run.workerUrl ?? WORKER, { workerData, transferList: [port2] });
    } catch (error) {
      // No worker is not an error of the build: this thread reads what the worker would have.
      run.logger?.warn({ err: error }, "index build worker not started");
      break;
    }
    const thread: Thread = { worker, port: port1, exited: false };
    // A worker that fails is not an error of the build either: its chunks are read on this thread.
    worker.on("error", (error) => run.logger?.warn({ err: error }, "index build worker failed"));
    worker.on("exit", () => {
      thread.exited = true;
      // Wakes the wait for results, which the dead worker would never have ended.
      Atomics.add(state, POSTED, 1);
      Atomics.notify(state, POSTED);
    });
    threads.push(thread);
  }
  return threads;
}
