import assert from "node:assert/strict";
import { test } from "node:test";
import { checkRelativeImports, validateSyntax } from "./index.ts";
import { jsImportResolves, pythonImportResolves } from "./resolve-import.ts";

const repo = new Set([
  "src/util.ts",
  "src/view/Button.tsx",
  "src/lib/index.js",
  "src/data.json",
  "src/types.d.ts",
  "pkg/__init__.py",
  "pkg/core.py",
  "pkg/sub/__init__.py",
  "pkg/sub/helpers.py",
  "pkg/ns/thing.py",
]);

test("JS/TS relative imports resolve the way bundlers and TypeScript do", () => {
  const ok = [
    "./util",
    "./util.js",
    "./util.ts",
    "./view/Button",
    "./view/Button.js",
    "./lib",
    "./lib/",
    "./data.json",
    "./types",
    "../src/util",
    "./util?raw",
    "../../outside",
  ];
  for (const specifier of ok) assert.equal(jsImportResolves("src/main.ts", specifier, repo), true, specifier);
  for (const specifier of ["./utils", "./view/button", "./lib/other", "./data.yaml"]) {
    assert.equal(jsImportResolves("src/main.ts", specifier, repo), false, specifier);
  }
});

test("Python relative imports resolve to modules, packages and namespace packages", () => {
  for (const specifier of [".core", ".sub", ".sub.helpers", ".ns", ".ns.thing"]) {
    assert.equal(pythonImportResolves("pkg/x.py", specifier, repo), true, specifier);
  }
  assert.equal(pythonImportResolves("pkg/sub/helpers.py", "..core", repo), true);
  assert.equal(pythonImportResolves("pkg/sub/helpers.py", "....far", repo), true, "above the root: not judged");
  for (const specifier of [".missing", ".sub.nothing", ".core.deeper"]) {
    assert.equal(pythonImportResolves("pkg/x.py", specifier, repo), false, specifier);
  }
});

test("checkRelativeImports reports only new imports that name no file, with position", async () => {
  const problems = await checkRelativeImports(
    [
      {
        path: "src/main.ts",
        content:
          "import { a } from './util';\n// import x from './commented';\nimport { b } from './helpers';\nconst c = require('./gone');\n",
        before: "const c = require('./gone');\n",
      },
      { path: "src/helpers.ts", content: "export const b = 1;\n" },
      { path: "pkg/x.py", content: "from .core import f\nfrom .missing import g\nfrom . import anything\n" },
    ],
    repo,
  );
  assert.deepEqual(
    problems.map((problem) => [problem.path, problem.line, problem.column, problem.message]),
    [["pkg/x.py", 2, 6, "import '.missing' does not resolve to a file in the repository"]],
  );
});

test("validateSyntax checks imports when given the repository's files", async () => {
  const files = [{ path: "src/a.js", content: "import x from './nope.js';\n" }];
  assert.deepEqual((await validateSyntax(files)).problems, []);
  const report = await validateSyntax(files, { repoFiles: repo });
  assert.equal(report.problems.length, 1);
  assert.match(report.problems[0]?.message ?? "", /'\.\/nope\.js' does not resolve/);
});
