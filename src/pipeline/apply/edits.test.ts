import assert from "node:assert/strict";
import { test } from "node:test";
import { EditError } from "../../errors/index.ts";
import { applyEdits } from "./edits.ts";

const FILE = [
  "import os",
  "",
  "def load(path):",
  "    with open(path) as f:",
  "        return f.read()",
  "",
  "def save(path, data):",
  "    with open(path, 'w') as f:",
  "        f.write(data)",
  "",
].join("\n");

function editError(fn: () => unknown): EditError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EditError) return error;
    throw error;
  }
  assert.fail("expected an EditError");
}

test("exact matches are replaced, in order, each against the text the previous edit left", () => {
  const out = applyEdits("io.py", FILE, [
    { search: "def load(path):", replace: "def load(path, encoding='utf-8'):" },
    { search: "open(path) as f", replace: "open(path, encoding=encoding) as f" },
    { search: "import os\n", replace: "import os\nimport sys  # $& $1\n" },
  ]);
  assert.match(out, /^def load\(path, encoding='utf-8'\):$/m);
  assert.match(out, /open\(path, encoding=encoding\) as f/);
  assert.match(out, /^import sys {2}# \$& \$1$/m, "replacement text is literal, never a pattern");
});

test("a search that is not found shows the closest region with line numbers", () => {
  const error = editError(() =>
    applyEdits("io.py", FILE, [{ search: "def save(path, data):\n    with open(path, 'wb') as fh:\n", replace: "x" }]),
  );
  assert.match(
    error.message,
    /^edit for io\.py: the search text was not found; the closest region \(lines 7-8, \d+% similar\) is:/,
  );
  assert.match(error.message, /^ {1,2}7 \| def save\(path, data\):$/m);
  assert.match(error.message, /^ {1,2}8 \| {5}with open\(path, 'w'\) as f:$/m);
  assert.equal(error.where, "io.py");
});

test("a search unlike anything in the file says so instead of showing noise", () => {
  const error = editError(() => applyEdits("io.py", FILE, [{ search: "zzzz qqqq xxxx", replace: "" }]));
  assert.match(error.message, /nothing in the file resembles it/);
});

test("a search that matches several times says how often and where", () => {
  const error = editError(() =>
    applyEdits("io.py", FILE, [
      { search: "import os", replace: "import os" },
      { search: "    with open(path", replace: "x" },
    ]),
  );
  assert.match(error.message, /^edit 2 of 2 for io\.py: the search text matches 2 times \(at lines 4, 8\)/);
});

test("CRLF files and trailing whitespace are tolerated only for a unique whole-line match, uneven indentation never", () => {
  const crlf = "a = 1\r\nb = 2   \r\nc = 3\r\n";
  assert.equal(
    applyEdits("x.py", crlf, [{ search: "a = 1\nb = 2\n", replace: "a = 10\nb = 20\n" }]),
    "a = 10\r\nb = 20\r\nc = 3\r\n",
  );
  assert.equal(applyEdits("x.py", crlf, [{ search: "b = 2\nc = 3", replace: "bc" }]), "a = 1\r\nbc\r\n");
  // An exact single-line match in a CRLF file gets CRLF line breaks in its replacement.
  assert.equal(
    applyEdits("x.py", crlf, [{ search: "c = 3", replace: "c = 3\nd = 4" }]),
    "a = 1\r\nb = 2   \r\nc = 3\r\nd = 4\r\n",
  );
  const lf = "x = 1  \ny = 2\n";
  assert.equal(applyEdits("y.py", lf, [{ search: "x = 1\ny = 2", replace: "z" }]), "z\n");
  // Indentation that moved by different amounts on different lines is meaning in Python: never tolerated.
  assert.throws(() => applyEdits("y.py", "if a:\n    b()\n", [{ search: "if a:\nb()", replace: "" }]), EditError);
  assert.throws(() => applyEdits("y.py", "a \nb\na\t\nb\n", [{ search: "a\nb", replace: "" }]), /matches 2 times/);
});
