/**
 * How the generate and refine answers are written: plain text, shown once with an example, so that code
 * is never escaped inside JSON. The parser is model/text-blocks; the rules here are its rules.
 *
 * Exports: `editRules(format)`.
 */
import { type EditFormat, MAX_WHOLE_FILE_LINES } from "../schemas/index.ts";

const COMMON = `- Keep the existing code style. Change only what the task needs; add or update tests when the
  repository has them.
- Answer in plain text, not JSON: first "Approach:" (a few sentences) and "Testing:" (how the change is
  tested), then the blocks, nothing after them.`;

const BLOCKS = `- Each block starts with the file's repository-relative path alone on a line, right before its marker.
- To change a file: a SEARCH block. SEARCH holds lines copied exactly from the current file (same
  whitespace and indentation, WITHOUT the line numbers shown in the prompt), enough that it occurs exactly
  once in the file; REPLACE holds the lines that replace them. Repeat the path for each block; blocks for one
  file apply in order.
- To create a file: its path, then the whole file in a code fence.
- To delete a file: a line "DELETE path".
- Code is written as it is, never escaped. If the code holds a line of ======= (or a SEARCH or REPLACE
  marker), write that block's three markers with one more character each (<<<<<<<< SEARCH, ========,
  >>>>>>>> REPLACE). If a fenced file holds lines starting with \`\`\`, fence it with more backticks than
  its longest such run.`;

const EXAMPLE = `Example:

Approach: add() subtracted instead of adding.
Testing: a unit test of add().

src/calc.py
<<<<<<< SEARCH
def add(a, b):
    return a - b
=======
def add(a, b):
    return a + b
>>>>>>> REPLACE

tests/test_calc.py
\`\`\`python
from calc import add


def test_add():
    assert add(2, 3) == 5
\`\`\`

DELETE src/old_calc.py`;

const WHOLE = `- To change a file: its path, then its complete new content in a code fence (every line, not only the
  changed ones). Files longer than ${MAX_WHOLE_FILE_LINES} lines are the exception: for them use SEARCH blocks.`;

const UDIFF_EXAMPLE = `Example:

Approach: add() subtracted instead of adding.
Testing: the existing test of add().

\`\`\`diff
--- a/src/calc.py
+++ b/src/calc.py
@@ -1,2 +1,2 @@
 def add(a, b):
-    return a - b
+    return a + b
\`\`\``;

const UDIFF = `How to write changes:
- Give the whole change as one unified diff in a \`\`\`diff fence, as \`git diff\` prints it: for each file a
  "--- a/PATH" and a "+++ b/PATH" line (--- /dev/null for a new file, +++ /dev/null for a deleted one),
  then hunks starting with "@@ -OLD,COUNT +NEW,COUNT @@".
- In a hunk, context lines start with a space, removed lines with "-", added lines with "+". Copy context
  and removed lines exactly from the current file (without the line numbers shown in the prompt), with
  about three lines of context around each change.
${COMMON}

${UDIFF_EXAMPLE}`;

/** The part of the generate and refine system prompts that says how to write changes. */
export function editRules(format: EditFormat = "search-replace"): string {
  if (format === "udiff") return UDIFF;
  const whole = format === "whole" ? `\n${WHOLE}` : "";
  return `How to write changes:\n${BLOCKS}${whole}\n${COMMON}\n\n${EXAMPLE}`;
}
