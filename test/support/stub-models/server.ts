/**
 * The shared core of the stub model servers: a real HTTP server on 127.0.0.1 with a queue of scripted
 * replies, recording every request. Each API flavour (anthropic.ts, openai.ts) turns a queued reply
 * into its own wire format.
 *
 * Exports: `startStub(routes)`, `StubReply`, `RecordedRequest`, `StubServer`, `Route`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Usage a reply reports: `input` counts every input token; `cacheRead` and `cacheWrite` are the parts of
 * it the provider's prompt cache served or stored (each flavour puts them in its own wire fields).
 */
export interface StubUsage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/**
 * `answer`: a JSON value the model "returns"; `text`: raw text (`stall`: streamed, its first pieces sent and
 * then nothing more, the connection left open); `status`: an error reply; `hang`: none, ever.
 */
export type StubReply =
  | { answer: unknown; usage?: StubUsage }
  | { text: string; usage?: StubUsage; stall?: true }
  | { status: number; message?: string; retryAfterMs?: number }
  | { hang: true };

/** What a route's `next` throws for a `hang` reply: the request is left unanswered. */
class Hang extends Error {}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface StubServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash, no /v1). */
  url: string;
  requests: RecordedRequest[];
  /** Queue replies for the next generation calls, in order. */
  reply(...replies: StubReply[]): void;
  close(): Promise<void>;
}

export interface WireReply {
  status: number;
  /** JSON, or with `stream` a server-sent event body sent as it is. */
  body: unknown;
  headers?: Record<string, string>;
  stream?: true;
}

/** A route answers a request; `next` takes the next queued reply (undefined when the queue is empty). */
export type Route = (request: RecordedRequest, next: () => Exclude<StubReply, { hang: true }> | undefined) => WireReply;

export const DEFAULT_USAGE: StubUsage = { input: 120, output: 40 };

export async function startStub(routes: Record<string, Route>): Promise<StubServer> {
  const queue: StubReply[] = [];
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
    } catch {
      body = { unparsable: true };
    }
    const recorded = { method: req.method ?? "GET", path, headers: req.headers, body };
    requests.push(recorded);
    const route = routes[`${recorded.method} ${path}`];
    let stall = false;
    const next = () => {
      const reply = queue.shift();
      if (reply && "hang" in reply) throw new Hang();
      stall = reply !== undefined && "stall" in reply && reply.stall === true;
      return reply;
    };
    let wire: WireReply;
    try {
      wire = route
        ? route(recorded, next)
        : { status: 404, body: { error: { type: "not_found_error", message: `stub has no route ${path}` } } };
    } catch (error) {
      if (error instanceof Hang) return;
      throw error;
    }
    const type = wire.stream ? "text/event-stream" : "application/json";
    res.writeHead(wire.status, { "content-type": type, ...wire.headers });
    if (stall && wire.stream) {
      res.write(String(wire.body).split("\n\n").slice(0, 3).join("\n\n").concat("\n\n"));
      return;
    }
    res.end(wire.stream ? String(wire.body) : JSON.stringify(wire.body));
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => {
      queue.push(...replies);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The reply text for an answer: JSON for `answer`, verbatim for `text`. */
export function replyText(reply: { answer: unknown } | { text: string }): string {
  return "text" in reply ? reply.text : JSON.stringify(reply.answer);
}

export function retryHeaders(reply: { retryAfterMs?: number }): Record<string, string> {
  return reply.retryAfterMs === undefined ? {} : { "retry-after-ms": String(reply.retryAfterMs) };
}
