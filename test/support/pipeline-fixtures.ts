/** Shared fixtures for pipeline and CLI tests: a small Python repo, a script model, and repo snapshots. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { git, makeRepo } from "../../src/workspace/test-support.ts";

export const SAMPLE_FILES: Record<string, string> = {
  "README.md": "# calc\n\nA tiny calculator.\n",
  "calc/__init__.py": "from .ops import add\n",
  "calc/ops.py": 'def add(a, b):\n    """Add two numbers."""\n    return a + b\n',
  "tests/test_ops.py": "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
};

export const ANALYSIS = {
  summary: "add a subtract operation",
  commitType: "feat",
  commitScope: "calc",
  taskDescription: "Add subtract(a, b) next to add.",
  filesToModify: ["calc/ops.py"],
  filesToCreate: [],
  filesToDelete: [],
  acceptanceCriteria: ["subtract(3, 1) == 2"],
};

export const PLAN = {
  approach: "Add subtract() beside add().",
  testingNotes: "subtract(3, 1) == 2",
  changes: [
    {
      path: "calc/ops.py",
      operation: "modify",
      explanation: "new operation",
      edits: [
        { search: "    return a + b\n", replace: "    return a + b\n\n\ndef subtract(a, b):\n    return a - b\n" },
      ],
    },
  ],
};

export function sampleRepo(dir: string): string {
  return makeRepo(dir, SAMPLE_FILES);
}

export function writeScript(dir: string, script: Record<string, unknown>, name = "script.yml"): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(script));
  return path;
}

/** What must not change when a run fails: branches, HEAD, the index and the working tree. */
export function snapshot(repo: string): { branches: string; head: string; status: string; worktrees: string } {
  return {
    branches: git(repo, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads"),
    head: git(repo, "rev-parse", "HEAD"),
    status: git(repo, "status", "--porcelain", "--untracked-files=all"),
    worktrees: git(repo, "worktree", "list", "--porcelain"),
  };
}

/** A report's usage when no model call was made (the script model has no price). */
export const NO_CALLS = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: null,
  calls: [],
};
