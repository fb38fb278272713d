import { isUtf8 } from "node:buffer";
import { verify } from "@octokit/webhooks-methods";

/**
 * Checks X-Hub-Signature-256 against each configured secret (several during a rotation) with
 * @octokit/webhooks-methods, which compares in constant time. The HMAC is over the exact bytes received.
 * Returns the body as text when it verifies (decoded once, for the JSON parser too), null otherwise.
 */
export async function verifySignature(
  secrets: readonly string[],
  raw: Buffer,
  signature: string | undefined,
): Promise<string | null> {
  if (!signature || raw.length === 0 || !signature.startsWith("sha256=")) return null;
  // A body that is not valid UTF-8 would be altered by decoding; it cannot be a GitHub payload.
  if (!isUtf8(raw)) return null;
  const text = raw.toString("utf8");
  for (const secret of secrets) {
    if (secret && (await verify(secret, text, signature).catch(() => false))) return text;
  }
  return null;
}
