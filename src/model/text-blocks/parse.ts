/**
 * The strict parser of a plain-text generate or refine answer (the format is in index.ts). It turns the
 * answer into the CodeGenerationPlan every other source makes, or says what is wrong and on which line,
 * so that the model can fix exactly that.
 *
 * Exports: `parseTextBlocks(text, context)`, `BlockContext`, `ParsedBlocks`.
 */
import { CodeGenerationPlan, type EditFormat, type FileChange } from "../schemas/index.ts";
import { bare, closesFence, deletion, type Fence, fenceOpener, pathOf, searchOpener } from "./markers.ts";
import { BlockProblem } from "./problem.ts";
import { splitProse } from "./prose.ts";
import { joinLines, readSearchReplace } from "./search-replace.ts";
import { readDiffs } from "./udiff.ts";

export interface BlockContext {
  format: EditFormat;
  /** Whether the path names a file of the repository now. May throw (the path policy's refusal). */
  exists(path: string): boolean;
  /** The file's current text; only used to tell which of several `=======` lines divides a block. */
  read?(path: string): string | undefined;
}

export type ParsedBlocks = { ok: true; value: CodeGenerationPlan } | { ok: false; error: string };

const NO_EOL = "\\ No newline at end of file";

type Changes = Map<string, FileChange & { line: number }>;

export function parseTextBlocks(text: string, context: BlockContext): ParsedBlocks {
  const lines = text.split("\n");
  try {
    if (context.format === "udiff") {
      const { first, diff } = readDiffs(lines);
      return finish(lines.slice(0, first), { diff, changes: [] });
    }
    const changes: Changes = new Map();
    const first = readBlocks(lines, context, changes);
    if (changes.size === 0) {
      throw new BlockProblem(
        lines.length - 1,
        "the answer has no edit blocks; write each change as a block after the approach",
      );
    }
    const list = [...changes.values()].map(({ line: _line, ...change }) => change);
    return finish(lines.slice(0, first), { changes: list });
  } catch (error) {
    if (error instanceof BlockProblem) return { ok: false, error: error.message };
    throw error;
  }
}

function finish(prose: string[], body: { changes: FileChange[]; diff?: string }): ParsedBlocks {
  const { approach, testingNotes } = splitProse(prose);
  if (approach === "") throw new BlockProblem(0, "the answer has no approach before its first block");
  const checked = CodeGenerationPlan.safeParse({ approach, testingNotes, ...body });
  if (!checked.success) return { ok: false, error: checked.error.issues[0]?.message ?? "not a plan" };
  return { ok: true, value: checked.data };
}

/** Reads every block; returns the index of the first block's first line (where the prose ends). */
function readBlocks(lines: readonly string[], context: BlockContext, changes: Changes): number {
  let first = -1;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const deleted = deletion(line);
    if (deleted !== null) {
      if (!context.exists(deleted))
        throw new BlockProblem(i, `DELETE ${deleted}: there is no such file in the repository`);
      add(changes, i, { path: deleted, operation: "delete", explanation: "" });
      if (first < 0) first = i;
      i++;
      continue;
    }
    const next = lines[i + 1] ?? "";
    const path = searchOpener(next) !== null || fenceOpener(next) !== null ? pathOf(line) : null;
    if (path !== null) {
      if (first < 0) first = i;
      i = readBlock(lines, i, path, context, changes);
      continue;
    }
    refuseStray(line, i);
    i++;
  }
  return first < 0 ? lines.length : first;
}

/** A marker out of place is a broken block, not prose: say so instead of dropping the edit. */
function refuseStray(line: string, i: number): void {
  const n = searchOpener(line);
  if (n !== null) throw new BlockProblem(i, `${bare(line)} has no file path on the line before it`);
  if (/^={7,}$/.test(bare(line)) || /^>{7,} ?REPLACE$/.test(bare(line)))
    throw new BlockProblem(i, `${bare(line)} outside a SEARCH block`);
  if (fenceOpener(line) !== null)
    throw new BlockProblem(
      i,
      "a fenced block without a file path on the line before it; a fence holds a whole file, after its path " +
        "(if a file above closed too early: fence a file that holds ``` lines with more backticks than its longest run)",
    );
}

/** The block that starts at `lines[at]` (its path line); returns the index after it. */
function readBlock(
  lines: readonly string[],
  at: number,
  path: string,
  context: BlockContext,
  changes: Changes,
): number {
  const opener = lines[at + 1] ?? "";
  const n = searchOpener(opener);
  if (n !== null) return readEdits(lines, at + 1, n, path, context, changes);
  const fence = fenceOpener(opener) as Fence;
  const inner = searchOpener(lines[at + 2] ?? "");
  if (inner !== null) {
    // Aider's layout: the SEARCH blocks of one file inside a code fence.
    let i = at + 2;
    for (;;) {
      i = readEdits(lines, i, searchOpener(lines[i] ?? "") ?? 7, path, context, changes);
      while (i < lines.length && bare(lines[i] ?? "") === "") i++;
      if (i < lines.length && closesFence(lines[i] ?? "", fence)) return i + 1;
      if (searchOpener(lines[i] ?? "") === null)
        throw new BlockProblem(at + 1, `the fence opened for ${path}'s SEARCH blocks is never closed`);
    }
  }
  let close = at + 2;
  while (close < lines.length && !closesFence(lines[close] ?? "", fence)) close++;
  if (close >= lines.length) {
    throw new BlockProblem(
      at + 1,
      `the fence that opens ${path} is never closed; if the file itself holds lines of ${fence.char.repeat(3)}, open and close it with more ${fence.char} than any of them`,
    );
  }
  const content = joinLines(lines.slice(at + 2, close));
  const operation = context.exists(path) ? "modify" : "create";
  // git diff's own marker, after the closing fence: the file's last line has no line break.
  const noEol = bare(lines[close + 1] ?? "") === NO_EOL;
  add(changes, at, { path, operation, content: noEol ? content.replace(/\r?\n$/, "") : content, explanation: "" });
  return close + (noEol ? 2 : 1);
}

function readEdits(
  lines: readonly string[],
  open: number,
  n: number,
  path: string,
  context: BlockContext,
  changes: Changes,
): number {
  const block = readSearchReplace(lines, open, n, path, context.read?.bind(context));
  const exists = context.exists(path);
  if (!exists && block.search === "") {
    add(changes, open - 1, { path, operation: "create", content: block.replace, explanation: "" });
    return block.next;
  }
  if (!exists)
    throw new BlockProblem(
      open - 1,
      `${path} is not in the repository; to create it, give its whole content in a fence (or leave SEARCH empty)`,
    );
  if (block.search.trim() === "")
    throw new BlockProblem(open, `the SEARCH part for ${path} is empty; copy the lines to replace`);
  const known = changes.get(path);
  if (known?.edits) {
    known.edits.push({ search: block.search, replace: block.replace });
    return block.next;
  }
  add(changes, open - 1, {
    path,
    operation: "modify",
    edits: [{ search: block.search, replace: block.replace }],
    explanation: "",
  });
  return block.next;
}

function add(changes: Changes, line: number, change: FileChange): void {
  const known = changes.get(change.path);
  if (known)
    throw new BlockProblem(
      line,
      `${change.path} already has a ${known.operation} block at line ${known.line + 1}; give each file's change one way`,
    );
  changes.set(change.path, { ...change, line });
}
