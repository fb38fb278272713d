import assert from "node:assert/strict";
import { test } from "node:test";
import { isLanguageId, languageForPath } from "./languages.ts";

test("languageForPath maps extensions and well-known file names", () => {
  const cases: [string, string | null][] = [
    ["src/app.py", "python"],
    ["types.pyi", "python"],
    ["a/b.js", "javascript"],
    ["x.mjs", "javascript"],
    ["x.cjs", "javascript"],
    ["Button.jsx", "javascript"],
    ["index.ts", "typescript"],
    ["mod.mts", "typescript"],
    ["mod.cts", "typescript"],
    ["App.tsx", "tsx"],
    ["package.json", "json"],
    ["tsconfig.json", "jsonc"],
    ["packages/web/tsconfig.build.json", "jsonc"],
    [".vscode/settings.json", "jsonc"],
    ["config.jsonc", "jsonc"],
    [".github/workflows/ci.yml", "yaml"],
    ["compose.yaml", "yaml"],
    ["main.go", "go"],
    ["lib.rs", "rust"],
    ["Main.java", "java"],
    ["Gemfile", "ruby"],
    ["app/models/user.rb", "ruby"],
    ["x.c", "c"],
    ["x.h", "cpp"],
    ["x.hpp", "cpp"],
    ["Program.cs", "c_sharp"],
    ["index.php", "php"],
    ["scripts/build.sh", "bash"],
    ["C:\\repo\\SRC\\MAIN.PY", "python"],
  ];
  for (const [path, expected] of cases) assert.equal(languageForPath(path), expected, path);
});

test("languageForPath returns null for unknown or extension-less files", () => {
  for (const path of ["README.md", "Makefile", "Dockerfile", ".gitignore", "bin/run", "", "dir/", "x.", "x.toString"]) {
    assert.equal(languageForPath(path), null, path);
  }
});

test("isLanguageId narrows strings", () => {
  assert.equal(isLanguageId("python"), true);
  assert.equal(isLanguageId("cobol"), false);
});
