export { assertSyntax, formatSyntaxProblems } from "./format.ts";
export { checkRelativeImports } from "./imports.ts";
export type { FileProblem, SourceFile, SyntaxProblem, SyntaxReport } from "./types.ts";
export { type ValidateOptions, validateSyntax } from "./validate.ts";
