import { clip } from "../../../text/clip.ts";

export interface Frame {
  /** Repository-relative path. */
  path: string;
  line: number;
}

export interface Failure {
  /** Test name, stable across runs (file and name, no line numbers): compared with the base run's. */
  id: string;
  message: string;
  frames: Frame[];
}

/** Maps a path as printed by a test runner (absolute, `file://`, `./x`, a bare file name) to a repo file. */
export type Resolve = (printed: string) => string | null;

export function makeResolver(repoFiles: readonly string[]): Resolve {
  const set = new Set(repoFiles);
  const byBase = new Map<string, string[]>();
  for (const f of repoFiles) {
    const base = f.slice(f.lastIndexOf("/") + 1);
    byBase.set(base, [...(byBase.get(base) ?? []), f]);
  }
  return (printed) => {
    const clean = printed.replace(/^file:\/\//, "").replace(/^\.\//, "");
    const parts = clean.split("/").filter((p) => p !== "" && p !== ".");
    // The longest suffix that is a repository file: /workspace/src/a.ts and /tmp/x/src/a.ts both give src/a.ts.
    for (let i = 0; i < parts.length; i += 1) {
      const candidate = parts.slice(i).join("/");
      if (set.has(candidate)) return candidate;
    }
    const same = parts.length === 1 ? byBase.get(parts[0] as string) : undefined;
    return same?.length === 1 ? (same[0] as string) : null;
  };
}

const FRAME = /((?:file:\/\/)?[\w@~.+\-/]*[\w@~+-]\.[A-Za-z]{1,5}):(\d+)/g;

/** Every `path:line` in `text` that points into the repository, in order, without repeats. */
export function framesIn(text: string, resolve: Resolve): Frame[] {
  const frames: Frame[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(FRAME)) {
    const path = resolve(m[1] as string);
    const line = Number(m[2]);
    if (path === null || seen.has(`${path}:${line}`)) continue;
    seen.add(`${path}:${line}`);
    frames.push({ path, line });
  }
  return frames.slice(0, 20);
}

/** The first few meaningful lines, for the model and the report. */
export function brief(lines: readonly string[], max = 8): string {
  const text = lines
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(0, max)
    .join("\n");
  return clip(text, 1500);
}
