import type { Case, Lang } from "./lang.ts";

const asserts = (name: string, cases: readonly Case[]) =>
  cases.map(([a, b, want]) => `  assert.equal(${name}(${a}, ${b}), ${want});`).join("\n");

function nodeLang(ts: boolean): Lang {
  const ext = ts ? "ts" : "js";
  const sig = ts ? "(a: number, b: number): number" : "(a, b)";
  return {
    family: ts ? "typescript-node-test" : "javascript-node-test",
    // node is what runs booty itself; node 22.18+ runs .ts files by stripping their types.
    unavailable: async () => null,
    modulePath: (mod) => `src/${mod}.${ext}`,
    fn: (name, expr) => `export function ${name}${sig} {\n  return ${expr};\n}\n`,
    moduleText: (_mod, fns) => fns.join("\n"),
    testFile: (mod, name, cases, via) => ({
      path: `test/${name}.test.${ext}`,
      content:
        `import assert from "node:assert/strict";\nimport { test } from "node:test";\n` +
        `import { ${name} } from "../src/${via ?? mod}.${ext}";\n\ntest("${name}", () => {\n${asserts(name, cases)}\n});\n`,
    }),
    publicApi: (mod) => ({ [`src/api.${ext}`]: `export * from "./${mod}.${ext}";\n` }),
    scaffold: () => ({
      "package.json": `${JSON.stringify({ name: "calc", private: true, type: "module" }, null, 2)}\n`,
    }),
    probe: "node --version",
    testCommand: `node --test --test-reporter=spec "test/*.test.${ext}"`,
    brokenCommand: ts ? "jest --ci" : "vitest run",
    whole: {
      command: `node check.${ext}`,
      files: {
        [`check.${ext}`]:
          `import assert from "node:assert/strict";\nimport { add, sub } from "./src/calc.${ext}";\n\n` +
          "assert.equal(add(2, 3), 5);\nassert.equal(sub(5, 3), 2);\n",
      },
    },
  };
}

export const javascript = nodeLang(false);
export const typescript = nodeLang(true);
