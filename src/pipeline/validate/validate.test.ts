import assert from "node:assert/strict";
import { test } from "node:test";
import { SyntaxCheckError } from "../../errors/index.ts";
import { assertSyntax, formatSyntaxProblems, validateSyntax } from "./index.ts";
import { checkPythonIndentation } from "./python-indent.ts";

async function problemsOf(path: string, content: string) {
  const report = await validateSyntax([{ path, content }]);
  assert.deepEqual(report.unchecked, [], `${path} is checked`);
  return report.problems;
}

test("valid files of every checked language pass", async () => {
  const report = await validateSyntax([
    {
      path: "a.py",
      content: "class A:\n    def f(self, x):\n        if x:\n            return {\n  'k': 1}\n        return 2\n",
    },
    { path: "b.js", content: "export function f(x) {\n  return <div>{x}</div>;\n}\n" },
    { path: "c.ts", content: "export const f = <T,>(x: T): T => x;\ninterface I { a?: number }\n" },
    { path: "d.tsx", content: "export const A = ({ n }: { n: number }) => <b className='x'>{n}</b>;\n" },
    { path: "e.json", content: '{"a": [1, 2, {"b": null}]}\n' },
    { path: "tsconfig.json", content: '{\n  // comment\n  "compilerOptions": { "strict": true, },\n}\n' },
    { path: "f.yaml", content: "a: 1\nlist:\n  - x\n  - y\n---\nb: !Ref Other\n" },
    { path: "main.go", content: "package main\n\nfunc main() {}\n" },
    { path: "lib.rs", content: "pub fn f() -> u8 { 1 }\n" },
  ]);
  assert.deepEqual(report, { problems: [], unchecked: [], preexisting: [] });
});

test("Python indentation errors are found although tree-sitter accepts them", async () => {
  const [unexpected] = await problemsOf("m.py", "def f(x):\n    y = 1\n      z = 2\n    return y\n");
  assert.deepEqual([unexpected?.line, unexpected?.message], [3, "IndentationError: unexpected indent"]);
  const [missing] = await problemsOf("m.py", "def f(x):\nreturn x\n");
  assert.equal(missing?.line, 2);
  assert.match(missing?.message ?? "", /expected an indented block after line 1/);
  const [dedent] = await problemsOf("m.py", "if x:\n    pass\n  y = 1\n");
  assert.match(dedent?.message ?? "", /unindent does not match/);
  const [atEnd] = await problemsOf("m.py", "for x in y:\n# only a comment\n");
  assert.match(atEnd?.message ?? "", /expected an indented block after line 1/);
});

test("Python indentation ignores brackets, strings, comments and continuations", async () => {
  const content = [
    "x = [",
    "        1,",
    "  2]",
    's = """',
    "  not: code",
    '"""',
    "y = 1 + \\",
    "      2",
    "def f(a,",
    "      b):  # comment:",
    "\tif a: return 'x:'",
    "\treturn {'k':",
    "   1}",
    "",
  ].join("\n");
  // Called directly: tree-sitter-python itself misreads the dedented dict continuation on the last lines.
  assert.deepEqual(checkPythonIndentation(content), []);
});

test("Python parse errors and Python 2 syntax are reported with lines", async () => {
  const [paren] = await problemsOf("p.py", "def f(:\n    pass\n");
  assert.deepEqual([paren?.line, paren?.message], [1, "missing ')'"]);
  const [print] = await problemsOf("p.py", "x = 1\nprint 'hello'\n");
  assert.equal(print?.line, 2);
  assert.match(print?.message ?? "", /Python 2 print statement/);
});

test("an unclosed JavaScript brace is reported", async () => {
  const problems = await problemsOf("x.js", "function f() {\n  if (x) {\n    return 1;\n}\n");
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.message, "missing '}'");
  assert.equal(problems[0]?.line, 4);
});

test("TypeScript and TSX errors are reported; JSX is valid only where it belongs", async () => {
  const [ts] = await problemsOf("x.ts", "function f(a: number: string) {}\n");
  assert.deepEqual([ts?.line, ts?.column], [1, 13]);
  assert.equal(ts?.message, "syntax error near ': number'");
  const [tsx] = await problemsOf("x.tsx", "export const A = () => (\n  <div><span></div>\n);\n");
  assert.ok(tsx, "mismatched JSX closing tag is an error");
  assert.ok((await problemsOf("x.ts", "const a = <T>(x);\n")).length === 0, "type assertion is valid in .ts");
});

test("bad JSON and YAML report the right line and column", async () => {
  const [json] = await problemsOf("package.json", '{\n  "a": 1,\n  "b": ,\n}\n');
  assert.deepEqual([json?.line, json?.column], [3, 8]);
  assert.match(json?.message ?? "", /^JSON: value expected/);
  const [comment] = await problemsOf("data.json", '{\n  // no comments in JSON\n  "a": 1\n}\n');
  assert.equal(comment?.line, 2);
  const [yaml] = await problemsOf("ci.yml", "jobs:\n  test:\n    steps: [a, b\n  other: 1\n");
  assert.equal(yaml?.line, 4);
  assert.match(yaml?.message ?? "", /^YAML: /);
  assert.doesNotMatch(yaml?.message ?? "", /at line/);
  const [duplicate] = await problemsOf("x.yaml", "a: 1\na: 2\n");
  assert.equal(duplicate?.line, 2);
});

test("unknown, templated and too-big files are unchecked, never failed", async () => {
  const report = await validateSyntax(
    [
      { path: "README.md", content: "# (((" },
      { path: "Makefile", content: "all:\n\t@echo }" },
      { path: "chart/templates/deploy.yaml", content: "{{- if .Values.x }}\na: [\n{{- end }}\n" },
      { path: "new.c", content: "int main( {" },
      { path: "big.js", content: "x(".repeat(100) },
    ],
    { maxBytes: 100 },
  );
  assert.deepEqual(report.problems, []);
  assert.deepEqual(report.unchecked, ["README.md", "Makefile", "chart/templates/deploy.yaml", "new.c", "big.js"]);
});

test("problems that were already there before the change are not held against it", async () => {
  const broken = "int main( {\n";
  const report = await validateSyntax([
    { path: "old.py", content: "def f(:\n  pass\nx = 1\n", before: "def f(:\n  pass\n" },
    { path: "worse.py", content: "def f(:\n  pass\nx = (\n", before: "def f(:\n  pass\n" },
    { path: "kept.c", content: `${broken}int y;\n`, before: broken },
    { path: "broke.c", content: "int main() { return 0;\n", before: "int main() { return 0; }\n" },
  ]);
  assert.deepEqual(report.preexisting, ["old.py", "kept.c"]);
  assert.deepEqual([...new Set(report.problems.map((problem) => problem.path))], ["worse.py", "broke.c"]);
});

test("formatSyntaxProblems shows path:line:col, the message and the lines around", async () => {
  const report = await validateSyntax([{ path: "src/x.js", content: "a();\nb();\nfunction f( {\n}\nc();\n" }]);
  const text = formatSyntaxProblems(report);
  assert.match(text, /^src\/x\.js:3:\d+: /);
  assert.match(text, /1 \| a\(\);\n2 \| b\(\);\n3 \| function f\( \{\n {2}\| +\^/);
  assert.equal(formatSyntaxProblems({ problems: [], unchecked: [], preexisting: [] }), "");
});

test("assertSyntax throws a one-line SyntaxCheckError naming the first problem", async () => {
  const report = await validateSyntax([
    { path: "a.json", content: "{" },
    { path: "b.js", content: "f(" },
  ]);
  assert.throws(
    () => assertSyntax(report),
    (error: unknown) =>
      error instanceof SyntaxCheckError &&
      error.where === "a.json" &&
      /^syntax error in a\.json:1: JSON: .+ \(and \d+ more problems?\)$/.test(error.oneLine()),
  );
  assert.doesNotThrow(() => assertSyntax({ problems: [], unchecked: ["x"], preexisting: [] }));
});
