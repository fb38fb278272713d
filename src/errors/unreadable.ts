import { InputError } from "./kinds.ts";

const REASONS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
};

/**
 * A file the user named cannot be read: the same words for every such file (an issue file, a script),
 * `<what> (<path>): <why>; <what to do>`.
 */
export function unreadableFile(what: string, path: string, error: unknown, hint: string): InputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = (code && REASONS[code]) ?? code ?? (error instanceof Error ? error.message : String(error));
  return new InputError(`cannot read ${what} (${path}): ${why}; ${hint}`, { where: path, cause: error });
}
