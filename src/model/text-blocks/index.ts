/**
 * Code out of JSON: the generate and refine steps answer in plain text, so code is never escaped.
 *
 * The format (the system prompt shows it with an example):
 *
 *   Approach: a few sentences (may span lines)
 *   Testing: how the change is tested
 *
 *   path/to/file.py
 *   <<<<<<< SEARCH
 *   lines copied exactly from the current file
 *   =======
 *   the lines that replace them
 *   >>>>>>> REPLACE
 *
 *   path/to/new_file.py
 *   ```
 *   the whole file
 *   ```
 *
 *   DELETE path/to/old_file.py
 *
 * and, with BOOTY_EDIT_FORMAT=udiff, one or more ```diff fences (or a bare diff) after the prose.
 *
 * A fenced file ends with a line break unless the line after its closing fence is git's
 * `\ No newline at end of file`.
 *
 * The rules that keep code that looks like markup parseable:
 * - A fence closes only at a line of the same character at least as long as its opener (CommonMark), so
 *   a Markdown file holding ``` lines is fenced with ```` (one more than its longest run).
 * - A SEARCH block's divider and closer repeat its opener's length (`<<<<<<<<` goes with `========` and
 *   `>>>>>>>> REPLACE`), so code holding a line of seven `=` is quoted with eight. Inside a block only
 *   the divider of that length and the closer after it are markup; `<<<<<<< SEARCH`, ``` or anything
 *   else there is code. If a block still holds several dividers, the one whose search part occurs in
 *   the file (the last such) divides it; otherwise the block is refused as ambiguous.
 * - A block starts at its path line: the line right before `<<<<<<< SEARCH` or a fence. A SEARCH or a
 *   fence without a path, an unclosed block, a modify of a file that does not exist, or two blocks of
 *   different kinds for one file are refused with the line's number. The SEARCH blocks of one file may
 *   also sit together inside a code fence, as Aider writes them; so a fence whose first line is
 *   `<<<<<<< SEARCH` holds edits, never a whole file.
 *
 * Exports: `parseTextBlocks`, `renderTextBlocks`, `BlockContext`, `ParsedBlocks`.
 */
export { type BlockContext, type ParsedBlocks, parseTextBlocks } from "./parse.ts";
export { renderTextBlocks } from "./render.ts";
