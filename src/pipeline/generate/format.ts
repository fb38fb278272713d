import type { EditFormat } from "../../model/schemas/index.ts";

/** With `auto`, files up to this many lines are asked for whole; a longer one makes the run use edits. */
export const AUTO_WHOLE_MAX_LINES = 150;

/**
 * The format to ask the model for. `auto` asks for whole files when every file in the prompt is short
 * (rewriting a short file costs few tokens and never fails to apply), and for search/replace otherwise.
 */
export function resolveFormat(
  format: EditFormat | "auto" | undefined,
  files: readonly { content: string }[],
): EditFormat {
  if (format === undefined) return "search-replace";
  if (format !== "auto") return format;
  const short = files.every((file) => file.content.split("\n").length <= AUTO_WHOLE_MAX_LINES);
  return short && files.length > 0 ? "whole" : "search-replace";
}
