import assert from "node:assert/strict";
import type { SpecValidator } from "./openapi.ts";

export interface SpecCall {
  /** The OpenAPI path template the request exercises. */
  route: string;
  method: string;
  path: string;
  auth?: string;
  body?: unknown;
}

export interface SpecResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * Raw requests to the emulator whose answers must match GitHub's OpenAPI description; `seen` records each
 * operation exercised, so a route test can check it covered every route it owns.
 */
export function specClient(url: () => string, spec: () => SpecValidator) {
  const seen = new Set<string>();
  async function call(c: SpecCall): Promise<SpecResponse> {
    const response = await fetch(`${url()}${c.path}`, {
      method: c.method,
      headers: {
        accept: "application/vnd.github+json",
        ...(c.auth ? { authorization: c.auth } : {}),
        ...(c.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
    });
    const text = await response.text();
    const body = text === "" ? undefined : JSON.parse(text);
    const problems = spec().check(c.method, c.route, response.status, body);
    assert.deepEqual(problems, [], `${c.method} ${c.path} → ${response.status} does not match the spec`);
    seen.add(`${c.method} ${c.route}`);
    return { status: response.status, body, headers: response.headers };
  }
  return { call, seen };
}
