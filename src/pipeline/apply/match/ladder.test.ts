import assert from "node:assert/strict";
import { test } from "node:test";
import { placeEdit } from "./ladder.ts";

function applied(text: string, search: string, replace: string): { text: string; rung: string } {
  const placed = placeEdit(text, search, replace);
  assert.ok(placed.ok, `expected the edit to apply, got ${JSON.stringify(placed)}`);
  return { text: placed.text, rung: placed.rung };
}

const CALC =
  "class Calc:\n    def add(self, a, b):\n        return a + b\n\n    def sub(self, a, b):\n        return a - b\n";

test("exact: a byte-exact search is replaced literally, even mid-line", () => {
  assert.deepEqual(applied("x = f(1)\n", "f(1)", "g($&)"), { text: "x = g($&)\n", rung: "exact" });
});

test("whitespace: trailing spaces and CRLF in the search, the file's own line endings in the result", () => {
  const crlf = CALC.replace(/\n/g, "\r\n");
  const out = applied(crlf, "        return a + b  \n", "        return b + a\n");
  assert.equal(out.rung, "whitespace");
  assert.equal(out.text, crlf.replace("return a + b", "return b + a"));
  const spaced = applied("a = 1\t\nb = 2\n", "a = 1\r\nb = 2\r\n", "a = 1\nb = 3\n");
  assert.deepEqual(spaced, { text: "a = 1\t\nb = 3\n", rung: "whitespace" }, "kept lines keep the file's bytes");
});

test("indentation: the issue's method copied without its class's indent, with a trailing space", () => {
  const search = "def add(self, a, b): \n    return a + b\n";
  const replace = "def add(self, a, b):\n    if a is None:\n        return b\n    return a + b\n";
  const out = applied(CALC, search, replace);
  assert.equal(out.rung, "indentation");
  assert.equal(
    out.text,
    "class Calc:\n    def add(self, a, b):\n        if a is None:\n            return b\n        return a + b\n\n    def sub(self, a, b):\n        return a - b\n",
  );
});

test("indentation: a search indented deeper than the file is un-indented, tabs kept as tabs", () => {
  const tabs = "func f() {\n\tif x {\n\t\treturn 1\n\t}\n}\n";
  const out = applied(tabs, "\t\tif x {\n\t\t\treturn 1\n", "\t\tif x {\n\t\t\treturn 2\n");
  assert.deepEqual(out, { text: tabs.replace("return 1", "return 2"), rung: "indentation" });
  // Spaces are never taken for a tab: refused rather than guessed.
  assert.equal(placeEdit(tabs, "    if x {\n        return 1\n", "x").ok, false);
  // The offset must be the same on every line: a search whose lines moved differently is not a shifted copy.
  assert.equal(placeEdit("if a:\n    b()\n", "if a:\nb()", "").ok, false);
});

test("blank-edges: blank lines around the search that the file does not have there are ignored", () => {
  const file = "def a():\n    return 1\ndef b():\n    return 2\n";
  const out = applied(file, "\n\ndef b():\n    return 2\n\n", "\n\ndef b():\n    return 3\n\n");
  assert.deepEqual(out, { text: "def a():\n    return 1\ndef b():\n    return 3\n", rung: "blank-edges" });
});

test("elision: '...' and '# ... existing code ...' stand for the unchanged lines between pieces", () => {
  const file = "def f(x):\n    a = 1\n    b = 2\n    c = 3\n    return a\n\ndef g():\n    return a\n";
  const out = applied(
    file,
    "def f(x):\n    a = 1\n    # ... existing code ...\n    return a\n",
    "def f(x):\n    a = 10\n    # ... existing code ...\n    return a + x\n",
  );
  assert.equal(out.rung, "elision");
  assert.equal(out.text, "def f(x):\n    a = 10\n    b = 2\n    c = 3\n    return a + x\n\ndef g():\n    return a\n");
  const js = "function f() {\n  one();\n  two();\n  three();\n}\n";
  assert.equal(applied(js, "function f() {\n...\n}\n", "function g() {\n...\n}\n").text, js.replace("f()", "g()"));
});

test("fuzzy: a dropped and a mistyped context line still place the block, the file's lines are kept", () => {
  const file =
    "import os\n\ndef load(path):\n    if not path:\n        raise ValueError(path)\n    data = read(path)\n    check(data)\n    return data\n";
  const search =
    "def load(path):\n    if not path:\n        raise ValueError(path)\n    check(data)\n    retrun data\n";
  const replace =
    "def load(path):\n    if not path:\n        raise TypeError(path)\n    check(data)\n    retrun data\n";
  const out = applied(file, search, replace);
  assert.deepEqual(out, { text: file.replace("ValueError", "TypeError"), rung: "fuzzy" });
});

test("fuzzy refuses to remove a line the file does not have, and new lines beside a skipped line", () => {
  const file = "def f():\n    a()\n    b()\n    c()\n    d()\n    e()\n";
  const removesTypo = placeEdit(
    file,
    "def f():\n    a()\n    bb()\n    c()\n    d()\n",
    "def f():\n    a()\n    c()\n    d()\n",
  );
  assert.equal(removesTypo.ok, false);
  assert.equal(removesTypo.ok || removesTypo.why, "unsafe");
  // b() was dropped from the search: a new line between a() and c() could go before or after it.
  const unsure = placeEdit(
    file,
    "def f():\n    a()\n    c()\n    d()\n",
    "def f():\n    a()\n    x()\n    c()\n    d()\n",
  );
  assert.equal(unsure.ok || unsure.why, "unsafe");
});

test("two places that match equally at the first rung that finds any are an error listing both", () => {
  const twice = "class A:\n    def f(self):\n        pass\nclass B:\n    def f(self):\n        pass\n";
  const placed = placeEdit(twice, "def f(self):\n    pass\n", "def f(self):\n    return 1\n");
  assert.equal(placed.ok, false);
  assert.ok(!placed.ok && placed.why === "ambiguous" && placed.rung === "indentation");
  assert.deepEqual(!placed.ok && placed.why === "ambiguous" ? placed.spans : [], [
    { start: 2, end: 3 },
    { start: 5, end: 6 },
  ]);
  // Whitespace-only differences make two places equal too.
  const spaces = placeEdit("a \nb\na\t\nb\n", "a\nb", "");
  assert.ok(!spaces.ok && spaces.why === "ambiguous" && spaces.spans.length === 2);
  // A fuzzy match needs a clear margin over the runner-up.
  const near = "x = 1\ny = 2\nz = 3\nw = 4\n\nx = 1\ny = 2\nz = 3\nw = 5\n";
  const fuzzy = placeEdit(near, "x = 1\ny = 2\nq = 0\nz = 3\n", "x = 1\ny = 2\nq = 0\nz = 9\n");
  assert.ok(!fuzzy.ok && fuzzy.why === "ambiguous" && fuzzy.rung === "fuzzy");
});

test("empty and whitespace-only searches are refused, never applied at the start of the file", () => {
  assert.deepEqual(placeEdit("a\n", "", "b"), { ok: false, why: "empty" });
  assert.deepEqual(placeEdit("a\n", " \n\t\n", "b"), { ok: false, why: "blank" });
});

test("a diff's line number chooses among equal places only when it points at one far nearer than the rest", () => {
  const file = "a\nb\na\nb\n";
  const hinted = placeEdit(file, "a\nb\n", "c\n", 2);
  assert.ok(hinted.ok);
  assert.equal(hinted.text, "a\nb\nc\n", "the place that starts at the hinted line");
  assert.equal(placeEdit(file, "a\nb\n", "c\n", 1).ok, false, "one line off, with the other copy two lines away");
  const far = ["x()", "y()", ...Array.from({ length: 60 }, (_, i) => `f${i}()`), "x()", "y()"].join("\n");
  const drifted = placeEdit(`${far}\n`, "x()\ny()\n", "z()\n", 12);
  assert.ok(drifted.ok && drifted.text.startsWith("z()\nf0()"), "12 lines off, the other copy 50 lines away");
  assert.equal(placeEdit(`${far}\n`, "x()\ny()\n", "z()\n", 31).ok, false, "halfway: no guess");
});

test("a line whose only change is its whitespace keeps the change, at the file's indentation", () => {
  // A blank line that gains the block's indentation (editors do this), in a block copied one level out.
  const file = "class A:\n    def f(self):\n        a()\n\n        b()\n";
  const out = applied(file, "def f(self):\n    a()\n\n    b()\n", "def f(self):\n    a()\n    \n    b()\n");
  assert.deepEqual(out, {
    text: "class A:\n    def f(self):\n        a()\n        \n        b()\n",
    rung: "indentation",
  });
});

test("trailing whitespace the model added to every line comes off its new lines, and only that much", () => {
  const file = "def f():\n    a()\n    b()\n";
  const out = applied(file, "def f(): \n    a() \n    b() \n", "def f(): \n    a() \n    c()   \n    b() \n");
  assert.deepEqual(out, { text: "def f():\n    a()\n    c()  \n    b()\n", rung: "whitespace" });
});
