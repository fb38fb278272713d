import assert from "node:assert/strict";
import { test } from "node:test";
import { GRAMMAR_SOURCES } from "./grammars.ts";
import { LANGUAGE_IDS, type LanguageId } from "./languages.ts";
import { hasGrammar, loadLanguage, parseSource, Query, withTree } from "./parser.ts";

const SAMPLES: Partial<Record<LanguageId, string>> = {
  python: "def f(x):\n    return x + 1\n",
  javascript: "function f(x) { return <div>{x}</div>; }\n",
  typescript: "export function f<T>(x: T): T { return x; }\n",
  tsx: "export const A = (p: { n: number }) => <b>{p.n}</b>;\n",
  go: "package main\n\nfunc main() {}\n",
  rust: "fn main() { let x: u8 = 1; }\n",
  java: "class A { void f() {} }\n",
  ruby: "def f(x)\n  x + 1\nend\n",
  c: "int main(void) { return 0; }\n",
  cpp: "namespace a { class B { public: int f(); }; }\n",
  c_sharp: "class A { void F() {} }\n",
  php: "<?php function f($x) { return $x; }\n",
  bash: "if [ -f x ]; then\n  echo hi\nfi\n",
  css: "a { color: red; }\n",
  swift: "func f() -> Int { return 1 }\n",
  dart: "void main() { print(1); }\n",
  solidity: "contract A { function f() public {} }\n",
};

test("every language with a grammar source loads and parses a valid sample without errors", async () => {
  for (const id of Object.keys(GRAMMAR_SOURCES) as LanguageId[]) {
    assert.equal(hasGrammar(id), true, `grammar file for ${id}`);
    const sample = SAMPLES[id];
    assert.ok(sample, `sample for ${id}`);
    const result = await withTree(id, sample, (tree) => ({ type: tree.rootNode.type, error: tree.rootNode.hasError }));
    assert.ok(result, id);
    assert.equal(result.error, false, `${id} sample parses cleanly`);
  }
});

test("languages without a grammar give null, and loading is cached", async () => {
  assert.equal(await loadLanguage("json"), null);
  assert.equal(await parseSource("yaml", "a: 1"), null);
  assert.equal(hasGrammar("json"), false);
  assert.equal(await loadLanguage("python"), await loadLanguage("python"));
  assert.ok(LANGUAGE_IDS.includes("python"));
});

test("parseSource returns a tree the caller deletes; errors show in the tree", async () => {
  const tree = await parseSource("javascript", "function f( {\n");
  assert.ok(tree);
  try {
    assert.equal(tree.rootNode.hasError, true);
  } finally {
    tree.delete();
  }
});

test("queries work against loaded languages (what the localizer uses)", async () => {
  const language = await loadLanguage("python");
  assert.ok(language);
  const query = new Query(language, "(function_definition name: (identifier) @name)");
  try {
    const names = await withTree("python", "def a():\n  pass\nclass K:\n  def b(self): pass\n", (tree) =>
      query.captures(tree.rootNode).map((capture) => capture.node.text),
    );
    assert.deepEqual(names, ["a", "b"]);
  } finally {
    query.delete();
  }
});

test("a parse that exceeds its time limit returns null", async () => {
  const big = "x = [".repeat(20_000);
  assert.equal(await parseSource("python", big, { timeoutMs: -1 }), null);
  const tree = await parseSource("python", big);
  assert.ok(tree, "the same input parses with the default limit");
  tree.delete();
});

test("withTree frees the tree even when the callback throws", async () => {
  let deleted = false;
  await assert.rejects(
    withTree("python", "x = 1\n", (tree) => {
      const free = tree.delete.bind(tree);
      tree.delete = () => {
        deleted = true;
        free();
      };
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(deleted, true);
});
