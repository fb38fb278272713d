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
