import type { LanguageId } from "../../lang/languages.ts";
import { checkJson } from "./json.ts";
import { checkPythonIndentation } from "./python-indent.ts";
import { checkWithTreeSitter } from "./tree-sitter.ts";
import type { CheckResult } from "./types.ts";
import { checkYaml } from "./yaml.ts";

/**
 * Grammars known to misread valid code (the C preprocessor, young community grammars). Their complaints
 * about a new file could be the grammar's fault, so such files are only judged against the version before
 * the change.
 */
export const BASELINE_ONLY: ReadonlySet<LanguageId> = new Set(["c", "cpp", "bash", "swift", "dart", "solidity"]);

/** Problems in `text` read as language `id`, or null when nothing here can judge it. */
export async function checkText(id: LanguageId, text: string, timeoutMs: number): Promise<CheckResult> {
  switch (id) {
    case "json":
      return checkJson(text, { comments: false });
    case "jsonc":
      return checkJson(text, { comments: true });
    case "yaml":
      return checkYaml(text);
    case "python": {
      const problems = await checkWithTreeSitter(id, text, timeoutMs);
      // Indentation errors often parse cleanly in tree-sitter; a real parse error, if any, comes first.
      return problems && problems.length === 0 ? checkPythonIndentation(text) : problems;
    }
    default:
      return checkWithTreeSitter(id, text, timeoutMs);
  }
}
