import { languageForPath } from "../../lang/languages.ts";
import { contextAround } from "./context.ts";
import { relativeImports } from "./import-specifiers.ts";
import { jsImportResolves, pythonImportResolves } from "./resolve-import.ts";
import type { SourceFile, SyntaxProblem } from "./types.ts";

/**
 * Relative imports (JS/TS `./x`, Python `from .x import`) that name no file among the changed files and
 * `repoFiles` (repository-relative, `/` separated). Only imports the change added are judged: one that was
 * already in the previous version may point at a generated file that is not in the repository.
 */
export async function checkRelativeImports(
  files: readonly SourceFile[],
  repoFiles: Iterable<string>,
): Promise<SyntaxProblem[]> {
  const known = new Set(repoFiles);
  for (const file of files) known.add(file.path);
  const problems: SyntaxProblem[] = [];
  for (const file of files) {
    const id = languageForPath(file.path);
    if (id === null) continue;
    const imports = await relativeImports(id, file.content);
    if (imports.length === 0) continue;
    const earlier = new Set(
      typeof file.before === "string" ? (await relativeImports(id, file.before)).map((found) => found.specifier) : [],
    );
    const resolves = id === "python" ? pythonImportResolves : jsImportResolves;
    for (const found of imports) {
      if (earlier.has(found.specifier) || resolves(file.path, found.specifier, known)) continue;
      problems.push({
        path: file.path,
        line: found.line,
        column: found.column,
        message: `import '${found.specifier}' does not resolve to a file in the repository`,
        context: contextAround(file.content, found.line, found.column),
      });
    }
  }
  return problems;
}
