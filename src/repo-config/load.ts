import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, LineCounter, parseDocument } from "yaml";
import { InputError } from "../errors/index.ts";
import { type RepoConfig, repoConfigSchema } from "./schema.ts";

export const REPO_CONFIG_FILE = ".booty.yml";
export const MAX_REPO_CONFIG_BYTES = 64 * 1024;
const MAX_BYTES = MAX_REPO_CONFIG_BYTES;

/** The problems found, each `.booty.yml:LINE: field: problem`, in one message; several are joined by "; ". */
function fail(problems: readonly { line: number; field: string; problem: string }[]): never {
  const text = problems.map((p) => `${REPO_CONFIG_FILE}:${p.line}: ${p.field}: ${p.problem}`).join("; ");
  throw new InputError(text, { where: REPO_CONFIG_FILE });
}

/**
 * Reads `<root>/.booty.yml`. null when there is none; an InputError `.booty.yml:LINE: field: problem`
 * naming every problem when it is invalid, so that one edit can fix them all. The file is repository content, hence hostile: size is
 * capped, a symlink is refused (it could point at a host file), and YAML aliases are limited.
 */
export async function loadRepoConfig(root: string): Promise<RepoConfig | null> {
  const path = join(root, REPO_CONFIG_FILE);
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(path);
  } catch {
    return null;
  }
  if (!info.isFile())
    fail([{ line: 1, field: "(file)", problem: "expected a regular file, not a symlink or directory" }]);
  if (info.size > MAX_BYTES) fail([{ line: 1, field: "(file)", problem: `larger than ${MAX_BYTES} bytes` }]);
  return parseRepoConfig(await readFile(path, "utf8"));
}

export function parseRepoConfig(text: string): RepoConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => ({
        line: lineAt(e.pos[0]),
        field: "(syntax)",
        problem: e.message.split("\n")[0] ?? "invalid YAML",
      })),
    );
  }
  const data: unknown = doc.toJS({ maxAliasCount: 20 }) ?? {};
  const parsed = repoConfigSchema.safeParse(data);
  if (!parsed.success) {
    const known = `unknown setting (known: ${Object.keys(repoConfigSchema.shape).join(", ")})`;
    const problems = parsed.error.issues.flatMap((issue) => {
      // One entry per unknown key, each at its own line.
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
      const paths = keys.length > 0 ? keys.map((k) => [...issue.path, k]) : [issue.path];
      return paths.map((path) => ({
        line: lineOf(doc, path, lineAt),
        field: path.length > 0 ? path.map(String).join(".") : "(top level)",
        problem: keys.length > 0 ? known : issue.message,
      }));
    });
    fail(problems.sort((a, b) => a.line - b.line));
  }
  const c = parsed.data;
  return {
    ...(c.test_command !== undefined ? { testCommand: c.test_command } : {}),
    ...(c.setup_command !== undefined ? { setupCommand: c.setup_command } : {}),
    ...(c.lint_command !== undefined ? { lintCommand: c.lint_command } : {}),
    timeoutSec: c.timeout,
    maxRetries: c.max_retries,
    protectedPaths: c.protected_paths,
    restrictedPaths: c.restricted_paths,
    networkForSetup: c.network_for_setup,
    sandboxReadOnly: c.sandbox.read_only,
    verify: c.verify,
    reproduction: c.reproduction,
    ...(c.max_cost_usd !== undefined ? { maxCostUsd: c.max_cost_usd } : {}),
    ...(c.max_tokens !== undefined ? { maxTokens: c.max_tokens } : {}),
  };
}

/** The line of the deepest node on `path` that exists: the value, else its key, else the document. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  path: readonly PropertyKey[],
  lineAt: (offset: number | undefined) => number,
): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const prefix = path.slice(0, depth) as (string | number)[];
    const parent = depth > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === prefix.at(-1));
      const key = pair?.key as { range?: [number, number, number] } | undefined;
      if (key?.range) return lineAt(key.range[0]);
    }
    const node = doc.getIn(prefix, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineAt(node.range[0]);
  }
  return lineAt((doc.contents as { range?: [number, number, number] } | null)?.range?.[0]);
}
