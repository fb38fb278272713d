import { createHmac, randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { Socket } from "node:net";

/** Buckets per-address counts go to; an address's bucket is a keyed hash, which a client cannot aim. */
const BUCKETS = 4096;
const SLOT = 1 + BUCKETS;

/**
 * Open connections counted for all the intake's threads at once: each thread counts its own in a slot of
 * a shared buffer (its total, then its per-address buckets), so a thread that dies takes nothing with it
 * that its replacement would inherit (`resetSlot`), and every thread sees the sum.
 */
export interface ConnectionCaps {
  /** Open connections at most, all threads together. */
  max: number;
  /** Open connections from one remote address at most. */
  perAddress: number;
  counters: SharedArrayBuffer;
  /** The hash key for the buckets. */
  key: string;
}

export function connectionCaps(max: number, perAddress: number, slots: number): ConnectionCaps {
  const counters = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * SLOT * slots);
  return { max, perAddress, counters, key: randomBytes(16).toString("hex") };
}

/** Forgets what a slot's thread counted: it is gone, and its connections with it. */
export function resetSlot(caps: ConnectionCaps, slot: number): void {
  new Int32Array(caps.counters, slot * SLOT * 4, SLOT).fill(0);
}

const REFUSAL = '{"error":"too many connections"}';
const RESPONSE =
  "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Type: application/json\r\n" +
  `Content-Length: ${REFUSAL.length}\r\n\r\n${REFUSAL}`;

/**
 * Gates the server's connections: past either cap a connection is answered 503 at once and closed, without
 * reaching the HTTP parser, so that thousands of clients trickling headers cannot hold every slot, nor one
 * address all of them. Counted in `slot` of the shared counters.
 */
export function limitConnections(server: Server, caps: ConnectionCaps, slot: number): void {
  const all = new Int32Array(caps.counters);
  const slots = all.length / SLOT;
  const mine = slot * SLOT;
  const sum = (offset: number): number => {
    let n = 0;
    for (let s = 0; s < slots; s++) n += Atomics.load(all, s * SLOT + offset);
    return n;
  };
  // http.Server parses what its one 'connection' listener is given: it now gets only admitted sockets.
  const parse = server.listeners("connection");
  if (parse.length !== 1) throw new Error("limitConnections: expected the HTTP server's own connection listener");
  const http = parse[0] as (socket: Socket) => void;
  server.removeAllListeners("connection");
  server.on("connection", (socket: Socket) => {
    const bucket =
      1 +
      (createHmac("sha256", caps.key)
        .update(socket.remoteAddress ?? "")
        .digest()
        .readUInt32BE() %
        BUCKETS);
    if (sum(0) >= caps.max || sum(bucket) >= caps.perAddress) return refuse(socket);
    Atomics.add(all, mine, 1);
    Atomics.add(all, mine + bucket, 1);
    socket.once("close", () => {
      Atomics.sub(all, mine, 1);
      Atomics.sub(all, mine + bucket, 1);
    });
    http.call(server, socket);
  });
}

function refuse(socket: Socket): void {
  socket.on("error", () => socket.destroy());
  // Read and drop what the client sends, so that closing does not reset the connection before it reads the 503.
  socket.resume();
  socket.setTimeout(5000, () => socket.destroy());
  socket.end(RESPONSE);
}
