import type { IncomingMessage } from "node:http";
import { BodyTooLargeError, ClientGoneError } from "../errors/index.ts";

/** GitHub caps payloads at 25 MB; anything larger is not from GitHub. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over the limit fails before any
 * byte is read, and a stream that grows past it fails as soon as it does, so an oversized body is never
 * held in memory. Plain listeners rather than an async iterator: this runs for every delivery.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new BodyTooLargeError(`body of ${declared} bytes`));
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        reject(new BodyTooLargeError(`body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)));
    const gone = (cause?: unknown) =>
      reject(new ClientGoneError("the client closed the connection before the body ended", { cause }));
    req.once("error", gone);
    req.once("close", () => {
      if (!req.complete) gone();
    });
  });
}
