import { isCargoTest, parseCargoTest } from "./cargo.ts";
import { isGoTest, parseGoTest } from "./go.ts";
import { isJest, isVitest, parseJest, parseVitest } from "./jest.ts";
import { isNodeTest, parseNodeTest } from "./node-test.ts";
import { isPytest, parsePytest } from "./pytest.ts";
import { brief, type Failure, framesIn, makeResolver, type Resolve } from "./types.ts";
import { isUnittest, parseUnittest } from "./unittest.ts";

export type { Failure, Frame } from "./types.ts";
export { framesIn, makeResolver } from "./types.ts";

const PARSERS: { name: string; detect: (o: string) => boolean; parse: (o: string, r: Resolve) => Failure[] }[] = [
  { name: "pytest", detect: isPytest, parse: parsePytest },
  { name: "vitest", detect: isVitest, parse: parseVitest },
  { name: "jest", detect: isJest, parse: parseJest },
  { name: "node:test", detect: isNodeTest, parse: parseNodeTest },
  { name: "go test", detect: isGoTest, parse: parseGoTest },
  { name: "cargo test", detect: isCargoTest, parse: parseCargoTest },
  { name: "unittest", detect: isUnittest, parse: parseUnittest },
];

/** Ids of failures no parser could name start with "(": the run failed as a whole. */
export const WHOLE_RUN = "(run)";

/**
 * The failing tests in a test run's output, with the frames that point into the repository. Several
 * frameworks can appear in one output (npm test running jest then pytest); a run whose output no
 * parser understands yields one generic failure carrying the output's error lines and frames.
 */
export function extractFailures(output: string, repoFiles: readonly string[]): Failure[] {
  const resolve = makeResolver(repoFiles);
  const found = new Map<string, Failure>();
  for (const parser of PARSERS) {
    if (!parser.detect(output)) continue;
    for (const failure of parser.parse(output, resolve)) if (!found.has(failure.id)) found.set(failure.id, failure);
  }
  if (found.size > 0) return [...found.values()];
  return [genericFailure(output, resolve)];
}

function genericFailure(output: string, resolve: Resolve): Failure {
  const lines = output.split("\n");
  const errors = lines.filter((l) => /\b(error|fail(ed|ure)?|exception|panic|traceback|assert)/i.test(l));
  return {
    id: WHOLE_RUN,
    message: brief(errors.length > 0 ? errors : lines.slice(-8), 12),
    frames: framesIn(output, resolve),
  };
}

/** Whether a failure is about this file: named in its id or in one of its frames. */
export function failureMentions(f: Failure, path: string): boolean {
  return f.id.includes(path) || f.frames.some((fr) => fr.path === path);
}
