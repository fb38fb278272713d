import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

const LOOPBACK_ADDRESSES = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
/** Without a token, the Host must name this machine too: a page elsewhere cannot rebind its name to 127.0.0.1. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
export const COOKIE = "booty_ui";

/** Let in: `as` says how (one token opens the same pages to all who present it; loopback, to this machine). */
export type Verdict = { ok: true; as: "token" | "loopback" } | { ok: false; status: 401 | 403; why: string };

/** The cookie's value: derived from the token, so the token itself is never stored in the browser. */
export function sessionValue(token: string): string {
  return createHmac("sha256", token).update("booty dashboard session").digest("hex");
}

/** Compares in constant time, whatever the lengths (digests of both are compared). */
export function sameSecret(given: string, wanted: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(wanted).digest();
  return timingSafeEqual(a, b) && given.length === wanted.length;
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * Who may read the dashboard: with BOOTY_UI_TOKEN set, whoever presents it (a bearer header, or the
 * cookie the login form sets); without, only clients on this machine that call it by a loopback name.
 */
export function checkAccess(req: IncomingMessage, token: string | undefined): Verdict {
  if (token === undefined) {
    const local = LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? "") && LOOPBACK_HOST.test(req.headers.host ?? "");
    return local
      ? { ok: true, as: "loopback" }
      : { ok: false, status: 403, why: "the dashboard answers this machine only; set BOOTY_UI_TOKEN to open it" };
  }
  const auth = req.headers.authorization ?? "";
  // The scheme's name is case-insensitive (RFC 9110); the token itself is compared exactly.
  const bearer = /^bearer +(.*)$/i.exec(auth)?.[1];
  if (bearer !== undefined && sameSecret(bearer, token)) return { ok: true, as: "token" };
  const session = cookie(req, COOKIE);
  if (session !== null && sameSecret(session, sessionValue(token))) return { ok: true, as: "token" };
  return { ok: false, status: 401, why: auth || session ? "wrong token" : "a token is required" };
}

export function sessionCookie(token: string): string {
  return `${COOKIE}=${sessionValue(token)}; Path=/ui; HttpOnly; SameSite=Strict`;
}
