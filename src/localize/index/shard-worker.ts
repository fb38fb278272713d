/** Entry of a build worker thread: claims chunks from the shared counter and posts each chunk's result. */
import { workerData } from "node:worker_threads";
import { ShardBuilder, transferList } from "./shard.ts";
import { NEXT, POSTED, type WorkerInput, type WorkerMessage } from "./shard-threads.ts";

const input = workerData as WorkerInput;
const paths = input.paths.split("\0");
const chunks = Math.ceil(paths.length / input.chunkSize);
const shard = new ShardBuilder();
// The port is left open: closing it could drop results not yet received; it goes with the thread.
for (let c = Atomics.add(input.state, NEXT, 1); c < chunks; c = Atomics.add(input.state, NEXT, 1)) {
  const result = shard.build(input.root, paths.slice(c * input.chunkSize, (c + 1) * input.chunkSize));
  const message: WorkerMessage = { chunk: c, result };
  input.port.postMessage(message, transferList(result));
  Atomics.add(input.state, POSTED, 1);
  Atomics.notify(input.state, POSTED);
}
