import { GitError } from "../errors/index.ts";

/**
 * The token travels as an extra HTTP header scoped to one origin, set through GIT_CONFIG_* variables of
 * a single git process: never argv (visible in `ps`), never a remote URL or `.git/config` (on disk).
 */
export function gitAuthEnv(token: string, tokenOrigin: string | undefined): Record<string, string> {
  if (tokenOrigin === undefined) throw new GitError("a git token needs the origin it is meant for");
  if (/[\r\n]/.test(token)) throw new GitError("the git token contains a line break", { where: tokenOrigin });
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${httpOrigin(tokenOrigin)}.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
  };
}

/** `https://host[:port]/`, the prefix git matches `http.<url>.*` settings against. */
export function httpOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GitError(`not a URL: ${url}`, { where: url });
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new GitError(`a token can only be sent over http(s), not ${parsed.protocol}`, { where: parsed.host });
  }
  return `${parsed.protocol}//${parsed.host}/`;
}
