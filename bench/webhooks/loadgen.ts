import { type Delivery, type LoadResult, postAll } from "./load.ts";
import { hasWrk, wrkAll } from "./wrk.ts";

export type Load = (url: string, deliveries: Delivery[], concurrency: number) => Promise<LoadResult>;

/**
 * The load generator: wrk when the machine has it, since a load generator in Node takes about as much
 * CPU per request as the server it measures, and on a small machine the two compete for the same cores.
 * BENCH_LOADGEN=node picks the Node one (node:http with kept-alive connections) anyway.
 */
export async function pickLoad(choice: string | undefined, scratch: string): Promise<{ name: string; load: Load }> {
  if (choice !== "node" && (await hasWrk())) {
    return { name: "wrk", load: (url, deliveries, concurrency) => wrkAll(url, deliveries, concurrency, scratch) };
  }
  if (choice === "wrk") throw new Error("BENCH_LOADGEN=wrk: wrk is not installed (apt-get install wrk)");
  return { name: "node:http", load: postAll };
}
