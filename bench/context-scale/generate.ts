import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const WORDS =
  "order invoice customer payment refund cart item price tax discount shipping address user account session token cache queue retry report export import parser render widget layout theme config plugin schedule".split(
    " ",
  );

/** Deterministic pseudo-random numbers, so that every run measures the same repository. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Writes `count` source files (Python and TypeScript, ~30 lines each, with definitions that reference other
 * modules' names) in 100 folders, then commits them with one `git add`. Returns the commit id.
 */
export function generateRepo(root: string, count: number): { commit: string; files: string[] } {
  const rand = rng(42);
  const pick = () => WORDS[Math.floor(rand() * WORDS.length)] as string;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = `pkg${i % 100}/sub${Math.floor(i / 100) % 50}`;
    const ts = i % 3 === 0;
    const name = `${pick()}_${pick()}_${i}`;
    const path = `${dir}/${name}.${ts ? "ts" : "py"}`;
    const other = `${pick()}_${pick()}_${Math.floor(rand() * count)}`;
    const lines: string[] = [];
    if (ts) {
      lines.push(
        `import { handle_${other} } from "../${other}.ts";`,
        "",
        `export class ${cap(pick())}${cap(pick())}${i} {`,
      );
      for (let m = 0; m < 6; m++)
        lines.push(
          `  ${pick()}${cap(pick())}${m}(value: number): number {`,
          `    return handle_${other}(value) + ${m};`,
          "  }",
        );
      lines.push(
        "}",
        "",
        `export function handle_${name}(x: number): number {`,
        `  // ${pick()} ${pick()} ${pick()} ${pick()}`,
        "  return x * 2;",
        "}",
      );
    } else {
      lines.push(`from .${other} import handle_${other}`, "", `class ${cap(pick())}${cap(pick())}${i}:`);
      for (let m = 0; m < 6; m++)
        lines.push(
          `    def ${pick()}_${pick()}_${m}(self, value):`,
          `        return handle_${other}(value) + ${m}`,
          "",
        );
      lines.push(
        `def handle_${name}(x):`,
        `    """${pick()} the ${pick()} for the ${pick()} ${pick()}."""`,
        "    return x * 2",
      );
    }
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, path), `${lines.join("\n")}\n`);
    files.push(path);
  }
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      // No automatic gc: after a commit of 50,000 loose objects git would start packing them in the background,
      // on the cores the measured phases run on.
      [
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@localhost",
        "-c",
        "core.hooksPath=/dev/null",
        "-c",
        "gc.auto=0",
        ...args,
      ],
      {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      },
    ).trim();
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "generated");
  // Packed, as a clone or a worktree of a fetched mirror is, before anything is measured.
  git("gc", "--quiet");
  return { commit: git("rev-parse", "HEAD"), files };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
