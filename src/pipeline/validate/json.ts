import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { clip } from "../../text/clip.ts";
import { positionAt } from "./position.ts";
import type { CheckResult, FileProblem } from "./types.ts";

/**
 * Strict JSON, or JSONC (comments and trailing commas, as TypeScript and VS Code accept in their config
 * files). jsonc-parser reports every error with an offset, unlike JSON.parse, whose messages differ by
 * engine and do not always carry a position.
 */
export function checkJson(text: string, options: { comments: boolean }): CheckResult {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const offsetShift = text.length - body.length;
  const errors: ParseError[] = [];
  parse(body, errors, {
    disallowComments: !options.comments,
    allowTrailingComma: options.comments,
    allowEmptyContent: false,
  });
  const problems: FileProblem[] = errors.map((error) => ({
    ...positionAt(text, error.offset + offsetShift),
    message: describeCode(printParseErrorCode(error.error), body.slice(error.offset, error.offset + error.length)),
  }));
  if (problems.length === 0 && !options.comments) {
    // Belt and braces: anything the engine itself refuses is invalid JSON even if the scanner let it pass.
    try {
      JSON.parse(body);
    } catch (error) {
      problems.push({ line: 1, column: 1, message: (error as Error).message.split("\n")[0] ?? "invalid JSON" });
    }
  }
  return problems;
}

/** "CloseBraceExpected" → "close brace expected", with the offending text when there is some. */
function describeCode(code: string, near: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const snippet = clip(near.trim(), 30);
  return snippet === "" ? `JSON: ${words}` : `JSON: ${words} near '${snippet}'`;
}
