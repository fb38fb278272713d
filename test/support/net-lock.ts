/**
 * Preloaded into every test process (NODE_OPTIONS=--import): any TCP connection to a host other than
 * loopback throws, so a test that would reach GitHub or a model provider fails instead of hanging.
 */
import net from "node:net";

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3}|0\.0\.0\.0)$/i;

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
const original = net.Socket.prototype.connect as unknown as Connect;

function targetOf(args: unknown[]): { host?: string; port?: unknown; path?: string } {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first);
  if (typeof first === "object" && first !== null) return first as { host?: string; port?: unknown; path?: string };
  if (typeof first === "string" && !/^\d+$/.test(first)) return { path: first };
  return { port: first, host: typeof second === "string" ? second : "localhost" };
}

(net.Socket.prototype as unknown as { connect: Connect }).connect = function (this: net.Socket, ...args: unknown[]) {
  const target = targetOf(args);
  if (target.path === undefined) {
    const host = (target.host ?? "localhost").replace(/^\[|\]$/g, "");
    if (!LOOPBACK.test(host)) {
      throw new Error(`net-lock: unexpected outbound connection to ${host}:${String(target.port)} during tests`);
    }
  }
  return original.apply(this, args);
};
