import { createPublicKey, createVerify } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { AppState } from "./types.ts";

export interface Credential {
  scheme: "token" | "bearer" | "basic";
  value: string;
}

/** `token X`, `Bearer X`, or git's `Basic base64(user:X)` (the password is the token, as on GitHub). */
export function readCredential(headers: IncomingHttpHeaders): Credential | undefined {
  const header = headers.authorization;
  if (!header) return undefined;
  const match = /^(token|bearer|basic)\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !match[2]) return undefined;
  const scheme = match[1].toLowerCase() as Credential["scheme"];
  if (scheme !== "basic") return { scheme, value: match[2] };
  const decoded = Buffer.from(match[2], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { scheme, value: decoded.slice(colon + 1) };
}

/**
 * Checks an App JWT the way GitHub does: RS256 signed by the App's key, `iss` is the App id, issued no
 * later than a minute from now, and valid for at most ten minutes. Returns why it is refused, if it is.
 */
export function jwtProblem(jwt: string, app: AppState, nowMs: number): string | undefined {
  const parts = jwt.split(".");
  if (parts.length !== 3) return "not a JWT";
  const [head, body, signature] = parts as [string, string, string];
  let header: { alg?: unknown };
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return "a JWT part is not base64url JSON";
  }
  if (header.alg !== "RS256") return "the JWT must be signed with RS256";
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${head}.${body}`);
  if (!verifier.verify(createPublicKey(app.publicKeyPem), Buffer.from(signature, "base64url"))) {
    return "A JSON web token could not be decoded";
  }
  if (String(claims.iss) !== String(app.id)) return "'Issuer' claim ('iss') must be the App id";
  const now = Math.floor(nowMs / 1000);
  if (typeof claims.iat !== "number" || typeof claims.exp !== "number") return "missing 'iat' or 'exp' claim";
  if (claims.iat > now + 60) return "'Issued at' claim ('iat') must be an Integer representing a time in the past";
  if (claims.exp <= now) return "'Expiration time' claim ('exp') is too far in the past";
  if (claims.exp - claims.iat > 600) return "'Expiration time' claim ('exp') is too far in the future";
  return undefined;
}
