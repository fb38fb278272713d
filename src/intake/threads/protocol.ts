import type { ConnectionCaps } from "../../server/connections.ts";
import type { CheckRules } from "../check/check.ts";

/** What an intake thread is started with. */
export interface ThreadData {
  index: number;
  host: string;
  port: number;
  /** Share the port with the other threads (SO_REUSEPORT); false where the kernel cannot spread it. */
  reusePort: boolean;
  rules: CheckRules;
  /** The journal's folder; each thread writes segments of its own, named with its tag. */
  dir: string;
  tag: string;
  fsync: "always" | "interval";
  maxBodyBytes?: number;
  /** The jobs API's bearer token (see jobs-api.ts). */
  token: string;
  logLevel: string;
  /** The caps on open connections, counted with the other threads'; this thread counts in slot `index`. */
  connections: ConnectionCaps;
}

/** What the main thread answers for a thread: the calls that need the database. */
export interface HostCalls {
  readiness: () => Promise<{ ready: boolean; backlog: number }>;
  "jobs.list": (limit: number) => Promise<unknown[]>;
  "jobs.get": (id: string) => Promise<unknown | null>;
  "deliveries.list": (limit: number) => Promise<unknown[]>;
}
export type CallName = keyof HostCalls;

export type FromThread =
  | { t: "listening"; port: number; tag: string }
  | { t: "failed"; error: string }
  /** Journal frames now durable, for the database; transferred, in write order. */
  | { t: "frames"; frames: Uint8Array[] }
  | { t: "log"; line: string }
  | { t: "call"; id: number; name: CallName; arg: unknown }
  /** The last frames; the thread's server and journal are closed. */
  | { t: "closed"; frames: Uint8Array[] };

export type ToThread =
  | { t: "reply"; id: number; value?: unknown; error?: string }
  /** The oldest `count` frames this thread sent are in the database. */
  | { t: "settled"; count: number }
  | { t: "close" };
