import { clip } from "../text/clip.ts";

/**
 * A comment is a command when its first line is `/booty`, `/booty run` or `/booty retry`. Anything after
 * the command word on that line is an error rather than an argument, so that `/booty delete everything`
 * is not read as `/booty`.
 */
export type CommentCommand =
  | { kind: "command"; command: "run" | "retry" }
  | { kind: "none" }
  | { kind: "unknown"; text: string };

export function parseCommand(body: string | null | undefined): CommentCommand {
  const first = (body ?? "").trimStart().split(/\r?\n/, 1)[0]?.trim() ?? "";
  const match = /^\/booty(?:\s+(.*))?$/i.exec(first);
  if (!match) return { kind: "none" };
  const word = (match[1] ?? "").trim().toLowerCase();
  if (word === "" || word === "run") return { kind: "command", command: "run" };
  if (word === "retry") return { kind: "command", command: "retry" };
  return { kind: "unknown", text: clip(first, 80) };
}

/**
 * On a pull request, `/booty` asks for a review job, and what follows it (the rest of the first line and
 * the lines after) is the instruction, kept as text: it is hostile, and only ever shown to the model as
 * the reviewer's words. `/booty`, `/booty run` and `/booty retry` alone carry no instruction: the job then
 * addresses the open review threads. null when the body does not start with `/booty`.
 */
export function reviewInstruction(body: string | null | undefined): string | null {
  const text = (body ?? "").trimStart();
  const match = /^\/booty(?=$|\s)[^\S\r\n]*(.*)$/is.exec(text);
  if (!match) return null;
  const rest = (match[1] ?? "").trim();
  return /^(run|retry)$/i.test(rest) ? "" : rest;
}
