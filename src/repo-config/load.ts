import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, LineCounter, parseDocument } from "yaml";
import { InputError } from "../errors/index.ts";
import { type RepoConfig, repoConfigSchema } from "./schema.ts";

export const REPO_CONFIG_FILE = ".booty.yml";
const MAX_BYTES = 64 * 1024;

function fail(line: number, field: string, problem: string): never {
  throw new InputError(`${REPO_CONFIG_FILE}:${line}: ${field}: ${problem}`, { where: REPO_CONFIG_FILE });
}

/**
 * Reads `<root>/.booty.yml`. null when there is none; an InputError `.booty.yml:LINE: field: problem`
 * naming the first problem when it is invalid. The file is repository content, hence hostile: size is
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
  if (!info.isFile()) fail(1, "(file)", "expected a regular file, not a symlink or directory");
  if (info.size > MAX_BYTES) fail(1, "(file)", `larger than ${MAX_BYTES} bytes`);
  return parseRepoConfig(await readFile(path, "utf8"));
}

export function parseRepoConfig(text: string): RepoConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const syntax = doc.errors[0];
  if (syntax) fail(lineAt(syntax.pos[0]), "(syntax)", syntax.message.split("\n")[0] ?? "invalid YAML");
  const data: unknown = doc.toJS({ maxAliasCount: 20 }) ?? {};
  const parsed = repoConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue?.code === "unrecognized_keys" ? issue.keys : [];
    const path = keys.length > 0 ? [...(issue?.path ?? []), keys[0] as string] : (issue?.path ?? []);
    const field = path.length > 0 ? path.map(String).join(".") : "(top level)";
    const problem =
      keys.length > 0
        ? `unknown setting (known: ${Object.keys(repoConfigSchema.shape).join(", ")})`
        : (issue?.message ?? "invalid");
    fail(lineOf(doc, path, lineAt), field, problem);
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
