/**
 * A model's plain-text answer, pasted into a file, read as a plan for `booty apply --blocks`: the same
 * parser a run uses, against the working tree it will change. A diff answer (```diff fences or a bare
 * diff, no SEARCH blocks, no fenced files) is read as the udiff format.
 *
 * Exports: `readBlocksFile(path, root, policy)`.
 */
import { readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../../errors/index.ts";
import type { CodeGenerationPlan, EditFormat } from "../../model/schemas/index.ts";
import { parseTextBlocks } from "../../model/text-blocks/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";

export async function readBlocksFile(path: string, root: string, policy: PathPolicy): Promise<CodeGenerationPlan> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : String(code)}`, { where: path });
  }
  const where = (file: string) => join(root, policy.check(file));
  const parsed = parseTextBlocks(text, {
    format: formatOf(text),
    exists: (file) => statSync(where(file), { throwIfNoEntry: false })?.isFile() === true,
    read: (file) => {
      try {
        return readFileSync(where(file), "utf8");
      } catch {
        return undefined;
      }
    },
  });
  if (!parsed.ok) throw new InputError(`${path} ${parsed.error}`, { where: path });
  return parsed.value;
}

function formatOf(text: string): EditFormat {
  const blocks = /^(?:<{7,} ?SEARCH|DELETE:? +\S+)[ \t\r]*$/m.test(text);
  return !blocks && /^(?:--- |diff --git )/m.test(text) ? "udiff" : "search-replace";
}
