import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { describe, test } from "node:test";
import { ConfigError } from "../errors/index.ts";
import { DEFAULT_RESTRICTED_PATHS, loadConfig, requireServiceConfig, requireWorkerConfig } from "./index.ts";

describe("loadConfig", () => {
  test("applies the documented defaults", () => {
    const config = loadConfig({ HOME: "/home/u" });
    assert.equal(config.model.spec, "anthropic:claude-sonnet-4-5");
    assert.equal(config.model.temperature, 0);
    assert.equal(config.model.maxContextTokens, 180_000);
    assert.equal(config.maxFiles, 10);
    assert.deepEqual(config.restrictedPaths, DEFAULT_RESTRICTED_PATHS);
    assert.equal(config.dataDir, "/home/u/.local/share/booty");
    assert.equal(config.branchPrefix, "booty/");
    assert.equal(config.editFormat, "search-replace");
  });

  test("BOOTY_EDIT_FORMAT takes the four formats and names them when it gets something else", () => {
    for (const format of ["search-replace", "udiff", "whole", "auto"] as const) {
      assert.equal(loadConfig({ HOME: "/h", BOOTY_EDIT_FORMAT: format }).editFormat, format);
    }
    assert.throws(
      () => loadConfig({ HOME: "/h", BOOTY_EDIT_FORMAT: "diff" }),
      /BOOTY_EDIT_FORMAT.*expected search-replace, udiff, whole or auto/,
    );
  });

  test("BOOTY_REVIEW_ANY_PR is off by default, takes true/false words, and names them when it gets something else", () => {
    assert.equal(loadConfig({ HOME: "/h" }).service.reviewAnyPr, false);
    assert.equal(loadConfig({ HOME: "/h", BOOTY_REVIEW_ANY_PR: "TRUE" }).service.reviewAnyPr, true);
    assert.equal(loadConfig({ HOME: "/h", BOOTY_REVIEW_ANY_PR: "0" }).service.reviewAnyPr, false);
    assert.throws(
      () => loadConfig({ HOME: "/h", BOOTY_REVIEW_ANY_PR: "maybe" }),
      /BOOTY_REVIEW_ANY_PR.*expected true or false/,
    );
    const logins = loadConfig({ HOME: "/h", BOOTY_BOT_LOGIN: "my-booty[bot], booty-user" }).service.selfLogins;
    assert.deepEqual(logins, ["my-booty[bot]", "booty-user"]);
  });

  test("sandbox sizes and connection caps: defaults, MB settings, and the range when out of it", () => {
    const MB = 1024 ** 2;
    const defaults = loadConfig({ HOME: "/h" });
    assert.deepEqual(defaults.sandbox.limits, {
      tmpBytes: 512 * MB,
      homeBytes: 512 * MB,
      shmBytes: 64 * MB,
      workspaceBytes: 4096 * MB,
    });
    assert.equal(defaults.service.maxConnections, 1024);
    assert.equal(defaults.service.maxConnectionsPerAddress, 64);
    const set = loadConfig({
      HOME: "/h",
      BOOTY_SANDBOX_WORKSPACE_MB: "100",
      BOOTY_SANDBOX_TMP_MB: "8",
      BOOTY_MAX_CONNECTIONS: "10",
      BOOTY_MAX_CONNECTIONS_PER_ADDRESS: "2",
    });
    assert.equal(set.sandbox.limits.workspaceBytes, 100 * MB);
    assert.equal(set.sandbox.limits.tmpBytes, 8 * MB);
    assert.equal(set.service.maxConnections, 10);
    assert.equal(set.service.maxConnectionsPerAddress, 2);
    assert.throws(
      () => loadConfig({ HOME: "/h", BOOTY_SANDBOX_WORKSPACE_MB: "1", BOOTY_MAX_CONNECTIONS: "0" }),
      /BOOTY_MAX_CONNECTIONS: expected a whole number from 1 to 1000000 \| BOOTY_SANDBOX_WORKSPACE_MB: expected a whole number from 16/,
    );
  });

  test("honours XDG_DATA_HOME and BOOTY_DATA_DIR in that order", () => {
    assert.equal(loadConfig({ HOME: "/h", XDG_DATA_HOME: "/x" }).dataDir, "/x/booty");
    assert.equal(loadConfig({ HOME: "/h", XDG_DATA_HOME: "/x", BOOTY_DATA_DIR: "/d" }).dataDir, "/d");
  });

  test("reports every invalid variable at once, each with what is expected", () => {
    const error = (() => {
      try {
        loadConfig({
          BOOTY_MAX_FILES: "zero",
          BOOTY_TEMPERATURE: "9",
          BOOTY_MODEL: "nocolon",
          DATABASE_URL: "mysql://x",
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof ConfigError);
    assert.equal(error.retryable, false);
    for (const name of ["BOOTY_MAX_FILES", "BOOTY_TEMPERATURE", "BOOTY_MODEL", "DATABASE_URL"]) {
      assert.match(error.message, new RegExp(`${name}: expected`));
    }
    assert.doesNotMatch(error.message, /\n/);
  });

  test("the cost caps: unset by default, read when given, and a bad value named with what is expected", () => {
    assert.deepEqual(loadConfig({}).caps, {});
    assert.deepEqual(loadConfig({ BOOTY_MAX_COST_USD: "2.5", BOOTY_MAX_TOKENS: "400000" }).caps, {
      maxCostUsd: 2.5,
      maxTokens: 400_000,
    });
    const cases: [Record<string, string>, RegExp][] = [
      [
        { BOOTY_MAX_COST_USD: "abc" },
        /^invalid configuration \(environment\): BOOTY_MAX_COST_USD: expected US dollars, a number above 0$/,
      ],
      [{ BOOTY_MAX_COST_USD: "-1" }, /^invalid configuration \(environment\): BOOTY_MAX_COST_USD: expected US dollars/],
      [{ BOOTY_MAX_COST_USD: "0" }, /BOOTY_MAX_COST_USD: expected US dollars, a number above 0$/],
      [
        { BOOTY_MAX_TOKENS: "1.5" },
        /^invalid configuration \(environment\): BOOTY_MAX_TOKENS: expected a whole number of tokens above 0$/,
      ],
      [{ BOOTY_MAX_TOKENS: "-100" }, /BOOTY_MAX_TOKENS: expected a whole number of tokens above 0$/],
      [{ BOOTY_MAX_TOKENS: "lots" }, /BOOTY_MAX_TOKENS: expected a whole number of tokens above 0$/],
    ];
    for (const [env, expected] of cases) {
      assert.throws(
        () => loadConfig(env),
        (e: unknown) => e instanceof ConfigError && expected.test(e.message) && !e.message.includes("\n"),
        JSON.stringify(env),
      );
    }
  });

  test("a --model flag overrides the environment and is validated the same way", () => {
    assert.equal(loadConfig({ BOOTY_MODEL: "openai:gpt-5" }, { model: "script:demo.yml" }).model.provider, "script");
    assert.throws(() => loadConfig({}, { model: "bad" }), /\(command line\): --model 'bad': expected provider:model/);
  });

  test("restricted paths come from a comma-separated list", () => {
    assert.deepEqual(loadConfig({ BOOTY_RESTRICTED_PATHS: "a/**, b.txt" }).restrictedPaths, ["a/**", "b.txt"]);
  });

  test("serve needs a webhook secret, GitHub credentials and the model's key, all named at once", () => {
    const all = /WEBHOOK_SECRET: expected.*GITHUB_TOKEN: expected.*ANTHROPIC_API_KEY: expected/;
    assert.throws(() => requireServiceConfig(loadConfig({})), all);
    assert.throws(
      () => requireServiceConfig(loadConfig({ WEBHOOK_SECRET: "s", GITHUB_APP_ID: "12", ANTHROPIC_API_KEY: "k" })),
      /GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY: expected both/,
    );
    requireServiceConfig(loadConfig({ WEBHOOK_SECRET: "a,b", GITHUB_TOKEN: "t", ANTHROPIC_API_KEY: "k" }));
    requireServiceConfig(loadConfig({ WEBHOOK_SECRET: "s", GITHUB_TOKEN: "t", BOOTY_MODEL: "script:demo.yml" }));
    assert.deepEqual(loadConfig({ WEBHOOK_SECRET: "a, b" }).service.webhookSecrets, ["a", "b"]);
  });

  test("each model provider's own setting is required, by name", () => {
    const base = { WEBHOOK_SECRET: "s", GITHUB_TOKEN: "t" };
    assert.throws(
      () => requireServiceConfig(loadConfig({ ...base, BOOTY_MODEL: "openai:gpt-5" })),
      /OPENAI_API_KEY: expected an API key \(needed for BOOTY_MODEL=openai:gpt-5\)/,
    );
    assert.throws(
      () => requireServiceConfig(loadConfig({ ...base, BOOTY_MODEL: "openai-compatible:llama" })),
      /BOOTY_MODEL_BASE_URL: expected/,
    );
    assert.throws(() => requireWorkerConfig(loadConfig({})), /GITHUB_TOKEN: expected.*ANTHROPIC_API_KEY: expected/);
    assert.doesNotThrow(() => requireWorkerConfig(loadConfig({ GITHUB_TOKEN: "t", ANTHROPIC_API_KEY: "k" })));
  });

  test("the intake listens on BOOTY_PORT, else the platform's PORT, else 3000", () => {
    assert.equal(loadConfig({}).service.port, 3000);
    assert.equal(loadConfig({ PORT: "8080" }).service.port, 8080);
    assert.equal(loadConfig({ PORT: "8080", BOOTY_PORT: "3001" }).service.port, 3001);
    assert.throws(() => loadConfig({ PORT: "http" }), /PORT: expected a port/);
  });

  test("the intake answers on one thread per CPU, at most 4, unless told how many", () => {
    assert.equal(loadConfig({}).service.intakeThreads, Math.min(availableParallelism(), 4));
    assert.equal(loadConfig({ BOOTY_INTAKE_THREADS: "6" }).service.intakeThreads, 6);
    assert.throws(() => loadConfig({ BOOTY_INTAKE_THREADS: "-1" }), /BOOTY_INTAKE_THREADS: expected/);
  });
});
