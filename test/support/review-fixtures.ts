/** A pull request booty opened, on a bare repository standing in for the forge, and a review job's input. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { loadConfig } from "../../src/config/index.ts";
import type { ReviewComment } from "../../src/forge/port.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { createModel } from "../../src/model/factory.ts";
import type { Model } from "../../src/model/port.ts";
import type { Discussion } from "../../src/model/prompts/index.ts";
import { pipelineDeps } from "../../src/pipeline/deps.ts";
import { openRequests } from "../../src/pipeline/review/open-requests.ts";
import { runReview } from "../../src/pipeline/review/run-review.ts";
import type { ReviewInput } from "../../src/pipeline/review/types.ts";
import { pushFollowUp } from "../../src/workspace/push-follow-up.ts";
import { commitFiles, git, tempDir } from "../../src/workspace/test-support.ts";
import { sampleRepo, writeScript } from "./pipeline-fixtures.ts";

export const HEAD = "booty/issue-1";
export const BOOTY = { name: "booty-bot", email: "1+booty-bot@users.noreply.github.com" };
export const OPS_WITH_SUBTRACT =
  'def add(a, b):\n    """Add two numbers."""\n    return a + b\n\n\ndef subtract(a, b):\n    return a - b\n';

/** The sample repository with booty's branch (one commit adding subtract), cloned bare as the "forge". */
export function pullOnRemote(t: { after(fn: () => void): void }, onBase: Record<string, string> = {}) {
  const dir = tempDir(t, "booty-review-");
  const work = sampleRepo(join(dir, "work"));
  if (Object.keys(onBase).length > 0) commitFiles(work, onBase, "chore: settings");
  git(work, "checkout", "-q", "-b", HEAD);
  const head = commitFiles(work, { "calc/ops.py": OPS_WITH_SUBTRACT }, "feat(calc): add subtract");
  git(work, "checkout", "-q", "main");
  const remote = join(dir, "remote.git");
  execFileSync("git", ["clone", "-q", "--bare", work, remote]);
  return { dir, work, remote, url: `file://${remote}`, head };
}

/** The review step's answer: change calc/ops.py to rename subtract to minus, for request `id`. */
export function renameDecision(id: number) {
  return {
    summary: "rename subtract to minus",
    taskDescription: "In calc/ops.py rename subtract to minus.",
    decisions: [{ id, action: "change", files: ["calc/ops.py"], reply: "Renamed subtract to minus." }],
  };
}

/** A script whose review step answers request `id` with `reply` and asks for no change. */
export function answerScript(id: number, reply: string, summary = "answer the question") {
  return { review: { summary, taskDescription: "No change.", decisions: [{ id, action: "answer", reply }] } };
}

let ids = 100;
export function threadComment(author: string, body: string, o: Partial<ReviewComment> = {}): ReviewComment {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + ids * 1000).toISOString();
  return {
    id: ids++,
    reviewId: null,
    inReplyTo: null,
    author,
    bot: false,
    body,
    path: "calc/ops.py",
    line: 6,
    diffHunk: "@@ -3,0 +4,4 @@\n+def subtract(a, b):",
    createdAt,
    updatedAt: createdAt,
    ...o,
  };
}

/** Runs the review job's pipeline on the remote's pull request with the script model. */
export async function reviewScripted(o: {
  remote: ReturnType<typeof pullOnRemote>;
  script: Record<string, unknown>;
  comments: ReviewComment[];
  headSha?: string;
  env?: Record<string, string>;
  /** Runs just before the follow-up is pushed (someone else pushing meanwhile). */
  beforePush?: () => void;
  /** Wraps the script model, e.g. to keep the prompts it is given. */
  wrap?: (model: Model) => Model;
  /** The original issue's comments, as the service collects them. */
  discussion?: Discussion;
}) {
  const { remote } = o;
  const scriptPath = writeScript(remote.dir, o.script, `review-${ids++}.yml`);
  const config = loadConfig(
    { HOME: remote.dir, ...o.env },
    { model: `script:${scriptPath}`, dataDir: join(remote.dir, "data") },
  );
  const scripted = createModel(config.model, { logger: silentLogger() });
  const model = o.wrap ? o.wrap(scripted) : scripted;
  const open = openRequests({
    reviews: [],
    comments: o.comments,
    discussion: [],
    self: "booty-bot",
    writers: new Set(["alice"]),
  });
  const input: ReviewInput = {
    source: remote.url,
    runId: `review-${ids++}`,
    pull: {
      number: 4,
      url: "https://github.example/octo/calc/pull/4",
      draft: false,
      title: "feat(calc): add subtract",
      body: "Closes #1",
      head: { ref: HEAD, sha: o.headSha ?? remote.head },
      base: { ref: "main" },
    },
    issue: { number: 1, title: "Add subtract", body: "We need subtract(a, b)." },
    discussion: o.discussion,
    open,
    author: BOOTY,
  };
  const deps = {
    ...pipelineDeps(config, { model, logger: silentLogger() }),
    pushFollowUp: (ws: Parameters<typeof pushFollowUp>[0], expected: string) => {
      o.beforePush?.();
      return pushFollowUp(ws, { remoteUrl: remote.url, expected });
    },
  };
  return runReview(deps, input);
}

/** The code change that renames `subtract` to `minus`. */
export const RENAME_PLAN = {
  approach: "Rename subtract to minus.",
  testingNotes: "minus(3, 1) == 2",
  changes: [
    {
      path: "calc/ops.py",
      operation: "modify",
      explanation: "rename",
      edits: [{ search: "def subtract(a, b):", replace: "def minus(a, b):" }],
    },
  ],
};

/** The review step's answer: one decision on request `id` (a change touches `calc/ops.py`). */
export const decision = (id: number, action: "change" | "answer" | "decline", reply: string) => ({
  summary: "rename subtract to minus",
  taskDescription: "In calc/ops.py rename subtract to minus.",
  decisions: [{ id, action, files: action === "change" ? ["calc/ops.py"] : [], reply }],
});
