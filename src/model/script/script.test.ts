import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { InputError, ModelOutputError } from "../../errors/index.ts";
import { silentLogger } from "../../log/logger.ts";
import { CodeGenerationPlan } from "../schemas/index.ts";
import { loadScript } from "./load.ts";
import { createScriptModel } from "./model.ts";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "booty-script-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scriptFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function inputError(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  };
}

describe("loadScript", () => {
  test("a missing file names the path", () => {
    const path = join(dir, "nope.yml");
    assert.throws(() => loadScript(path), inputError(new RegExp(`cannot read the script \\(${path}\\): no such file`)));
  });

  test("invalid YAML names line and column", async () => {
    const path = await scriptFile("bad.yml", "analyze:\n  summary: [unclosed\n");
    assert.throws(
      () => loadScript(path),
      inputError(new RegExp(`script ${path} is not valid YAML at line \\d+:\\d+: `)),
    );
  });

  test("the wrong shape names the key and the problem", async () => {
    const cases: [string, RegExp][] = [
      ["analyse: {}\n", /unknown key analyse/],
      ["generate: fix it\n", /generate: expected an answer object or a list of answers/],
      ["delayMs: soon\n", /delayMs: expected a number of milliseconds/],
      ["- a\n- b\n", /expected a mapping/],
      ["", /expected a mapping/],
    ];
    for (const [text, pattern] of cases) {
      const path = await scriptFile("shape.yml", text);
      assert.throws(() => loadScript(path), inputError(pattern), text);
    }
  });

  test("a single answer is kept for reuse, a list in order", async () => {
    const path = await scriptFile("ok.yml", "delayMs: 5\nanalyze: {summary: x}\nrefine: [{a: 1}, {a: 2}]\n");
    const script = loadScript(path);
    assert.equal(script.delayMs, 5);
    assert.deepEqual(script.steps.analyze, { reuse: true, answer: { summary: "x" } });
    assert.deepEqual(script.steps.refine, { reuse: false, answers: [{ a: 1 }, { a: 2 }] });
    assert.equal(script.steps.generate, undefined);
  });
});

describe("script model", () => {
  const plan = (approach: string) => ({
    approach,
    changes: [{ path: "a.txt", operation: "create", content: "hi\n" }],
  });
  const request = (step: "generate" | "refine") => ({
    step,
    system: "system prompt",
    messages: [{ role: "user" as const, content: "the issue" }],
    schema: CodeGenerationPlan,
    schemaName: "CodeGenerationPlan",
  });

  test("lists are used in order across calls, then run out with a clear error", async () => {
    const yaml = `refine:\n  - ${JSON.stringify(plan("one"))}\n  - ${JSON.stringify(plan("two"))}\n`;
    const path = await scriptFile("refine.yml", yaml);
    const model = createScriptModel(path, { logger: silentLogger() });
    assert.equal((await model.generate(request("refine"))).value.approach, "one");
    assert.equal((await model.generate(request("refine"))).value.approach, "two");
    await assert.rejects(model.generate(request("refine")), (error: unknown) => {
      assert.ok(error instanceof ModelOutputError);
      assert.equal(error.message, `script ${path} has no answer left for step 'refine' (used 2)`);
      return true;
    });
    // A fresh model starts from the top again.
    const again = createScriptModel(path, { logger: silentLogger() });
    assert.equal((await again.generate(request("refine"))).value.approach, "one");
  });

  test("a single answer is reused; a missing step has no answer", async () => {
    const path = await scriptFile("single.yml", `generate: ${JSON.stringify(plan("same"))}\n`);
    const model = createScriptModel(path, { logger: silentLogger() });
    assert.equal((await model.generate(request("generate"))).value.approach, "same");
    assert.equal((await model.generate(request("generate"))).value.approach, "same");
    await assert.rejects(model.generate(request("refine")), /has no answer left for step 'refine' \(used 0\)/);
  });

  test("answers are schema-checked with defaults applied; usage is counted locally, no cost", async () => {
    const path = await scriptFile("defaults.yml", `generate: ${JSON.stringify(plan("x"))}\n`);
    const model = createScriptModel(path, { logger: silentLogger() });
    const result = await model.generate(request("generate"));
    assert.equal(result.value.testingNotes, "");
    assert.equal(result.value.changes[0]?.explanation, "");
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
    assert.equal(model.costUsd(result.usage), null);
    assert.equal(model.scripted, true);
    assert.equal(model.id, `script:${path}`);
  });

  test("delayMs waits before every answer", async () => {
    const path = await scriptFile("slow.yml", `delayMs: 60\ngenerate: ${JSON.stringify(plan("x"))}\n`);
    const model = createScriptModel(path, { logger: silentLogger() });
    const started = performance.now();
    await model.generate(request("generate"));
    assert.ok(performance.now() - started >= 55);
  });
});
