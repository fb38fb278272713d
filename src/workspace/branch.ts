import { createHash } from "node:crypto";
import { InputError } from "../errors/index.ts";
import { clip } from "../text/clip.ts";

/**
 * `booty/issue-12` for an issue; without an issue number `booty/<slug>-<hash of title>`. An issue's
 * branch depends on its number alone: a title edited between two runs must lead the second run to the
 * same branch and pull request, not to a second one.
 */
export function branchName(prefix: string, issueNumber: number | undefined, title: string): string {
  const head = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  let name: string;
  if (issueNumber !== undefined) {
    if (!Number.isSafeInteger(issueNumber) || issueNumber < 0) {
      throw new InputError(`invalid issue number: ${issueNumber}`, { where: "branch name" });
    }
    name = `${head}issue-${issueNumber}`;
  } else {
    // A hash rather than a date or counter: the same request maps to the same branch, so a re-run finds it.
    const hash = createHash("sha256").update(title).digest("hex").slice(0, 8);
    name = `${head}${slugify(title, 30) || "change"}-${hash}`;
  }
  assertSafeBranchName(name);
  return name;
}

/** Lowercase ASCII words joined by `-`, cut at a word boundary. */
export function slugify(text: string, max: number): string {
  const words = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > max) return slug || word.slice(0, max);
    slug = next;
  }
  return slug;
}

/**
 * Allow-list check, stricter than `git check-ref-format --branch`: ASCII letters, digits, `.`, `_`, `-`
 * and `/` only, so nothing a shell, a URL or git itself treats specially can come through.
 */
export function assertSafeBranchName(name: string): void {
  const problem = branchNameProblem(name);
  if (problem !== undefined)
    throw new InputError(`unsafe branch name '${printable(name)}': ${problem}`, { where: "branch name" });
}

function branchNameProblem(name: string): string | undefined {
  if (name.length === 0) return "empty";
  if (name.length > 200) return "longer than 200 characters";
  if (!/^[A-Za-z0-9._/-]+$/.test(name)) return "only letters, digits, '.', '_', '-' and '/' are allowed";
  if (name.startsWith("-")) return "starts with '-'";
  if (name.includes("..")) return "contains '..'";
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) return "empty path component";
  if (name.endsWith(".")) return "ends with '.'";
  if (name === "HEAD") return "is HEAD";
  for (const part of name.split("/")) {
    if (part.startsWith(".")) return `component '${part}' starts with '.'`;
    if (part.endsWith(".lock")) return `component '${part}' ends with '.lock'`;
  }
  return undefined;
}

function printable(text: string): string {
  return JSON.stringify(clip(text, 80)).slice(1, -1);
}
