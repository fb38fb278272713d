import type { ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
  // An answer that closes the connection (413, say) may come while the client is still sending: drop the rest.
  if (close) res.once("finish", () => res.req.complete || res.req.destroy());
}
