import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSyntax } from "./index.ts";

function pythonModule(functions: number): string {
  const body: string[] = [];
  for (let index = 0; index < functions; index += 1) {
    body.push(`def handler_${index}(request, *args, **kwargs):`, `    """Doc ${index}."""`);
    body.push(`    if request.get("x") > ${index}:`, `        return {"ok": [${index}, 'a:b']}`, "    return None", "");
  }
  return body.join("\n");
}

// How fast this is belongs in a benchmark, not in a timed test that fails on a loaded machine.
test("a 5,000-line file of each language is checked without a false problem", async () => {
  const python = pythonModule(834);
  const typescript = Array.from(
    { length: 5_000 },
    (_, index) => `export const v${index} = (x: number): number => x * ${index};`,
  );
  assert.ok(python.split("\n").length >= 5_000);
  const report = await validateSyntax([
    { path: "big.py", content: python },
    { path: "big.ts", content: typescript.join("\n") },
  ]);
  assert.deepEqual(report.problems, []);
});

test("1,000 parses do not leak wasm memory", async () => {
  const files = [
    { path: "m.py", content: pythonModule(40) },
    {
      path: "m.tsx",
      content: "export const A = () => <div>{[1, 2].map((n) => <b key={n}>{n}</b>)}</div>;\n".repeat(40),
    },
  ];
  const broken = [{ path: "bad.js", content: "function f( {\n".repeat(200) }];
  for (let round = 0; round < 20; round += 1) await validateSyntax(files); // grow the wasm heap to its working size
  const rssBefore = process.memoryUsage().rss;
  for (let round = 0; round < 500; round += 1) {
    await validateSyntax(files);
    if (round % 100 === 0) assert.ok((await validateSyntax(broken)).problems.length > 0);
  }
  const growthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  // Undeleted trees of these files would add well over 100 MB over 1,000 parses.
  assert.ok(growthMb < 60, `rss grew by ${Math.round(growthMb)} MB`);
});
