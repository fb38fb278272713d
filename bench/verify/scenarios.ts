/**
 * The corpus, generated per language family: small calculator repositories whose truth (fixed or not)
 * follows from what the scripted model changes, written without looking at how booty judges it.
 */
import { Module } from "./calc.ts";
import type { Case, Lang } from "./langs/lang.ts";

/** fixed: the issue's behaviour is right after the change; cannot-run: the tests cannot run here. */
export type Truth = "fixed" | "not-fixed" | "cannot-run";

export interface Scenario {
  name: string;
  family: string;
  truth: Truth;
  /** Why the truth is what it is, in one line. */
  why: string;
  files: Record<string, string>;
  issue: { title: string; body: string };
  script: Record<string, unknown>;
  /** Asks the model for a reproduction test (`kind: bug`, a `reproduce:` answer). */
  reproduction?: boolean;
  /** `verify: optional`: tests that cannot run let the run go on, unverified. */
  optional?: boolean;
}

const CASES: Record<string, readonly Case[]> = {
  add: [
    [2, 3, 5],
    [-1, 1, 0],
  ],
  sub: [
    [5, 3, 2],
    [0, 4, -4],
  ],
  mul: [
    [2, 3, 6],
    [4, 5, 20],
  ],
  scale: [[2, 3, 6]],
  midpoint: [
    [2, 4, 3],
    [10, 20, 15],
  ],
};

const SWAPPED = { add: "a - b", sub: "a + b", mul: "a * b" };
const RIGHT = { add: "a + b", sub: "a - b" };
const WRONG = { add: "a * b", sub: "b - a" };
const SWAP_ISSUE = {
  title: "add and sub are swapped",
  body: "`add(2, 3)` returns -1 and `sub(5, 3)` returns 8; they must return 5 and 2.",
};
/** An issue that names no function and no test: only what the tests do can tie them to it. */
const VAGUE_ISSUE = { title: "Totals are wrong", body: "Since the last release, sums and differences come out wrong." };
const MIDPOINT_ISSUE = { title: "midpoint is wrong", body: "`midpoint(2, 4)` returns -1; it must return 3." };

interface Built {
  files: Record<string, string>;
  calc: Module;
}

/** A repository: calc (and legacy, whose test fails at the base for a reason of its own) and their tests. */
function repo(
  lang: Lang,
  exprs: Record<string, string>,
  o: { legacy?: boolean; tested?: string[]; via?: "api" } = {},
): Built {
  const calc = new Module(lang, "calc", exprs);
  const mods = o.legacy ? ["calc", "legacy"] : ["calc"];
  const api = o.via ? lang.publicApi("calc") : {};
  const files: Record<string, string> = { ...lang.scaffold(mods), ...api, [calc.path]: calc.text() };
  for (const name of o.tested ?? ["add", "sub", "mul"]) {
    const t = lang.testFile("calc", name, CASES[name] ?? [], o.via);
    files[t.path] = t.content;
  }
  if (o.legacy) {
    const legacy = new Module(lang, "legacy", { scale: "a * b + 1" });
    const t = lang.testFile("legacy", "scale", CASES.scale ?? []);
    files[legacy.path] = legacy.text();
    files[t.path] = t.content;
  }
  return { files, calc };
}

const config = (command: string, extra = "") =>
  `test_command: ${JSON.stringify(command)}\nmax_retries: 1\ntimeout: 300\n${extra}`;

function analysis(calc: Module, summary: string, bug: boolean): Record<string, unknown> {
  return {
    summary,
    commitType: "fix",
    taskDescription: `${summary}, in ${calc.path}.`,
    filesToModify: [calc.path],
    ...(bug ? { kind: "bug" } : {}),
  };
}

type Make = (lang: Lang) => Omit<Scenario, "family" | "name"> & { kind: string };

/** The swapped add/sub repository fixed by a sequence of answers: generate, then refine(s). */
function swap(
  kind: string,
  truth: Truth,
  why: string,
  answers: Record<string, string>[],
  o: { legacy?: boolean } = {},
): Make {
  return (lang) => {
    const { files, calc } = repo(lang, SWAPPED, o);
    const plans = answers.map((a, i) => calc.edit(a, `answer ${i + 1}`));
    return {
      kind,
      truth,
      why,
      files: { ...files, ".booty.yml": config(lang.testCommand) },
      issue: SWAP_ISSUE,
      script: { analyze: analysis(calc, "swap add and sub back", false), generate: plans[0], refine: plans.slice(1) },
    };
  };
}

/** Tests import the public API (a re-export of calc); the issue is vague; the model may fix the wrong thing. */
function vague(kind: string, truth: Truth, why: string, summary: string, answers: Record<string, string>[]): Make {
  return (lang) => {
    const { files, calc } = repo(lang, SWAPPED, { via: "api" });
    const plans = answers.map((a, i) => calc.edit(a, `answer ${i + 1}`));
    return {
      kind,
      truth,
      why,
      files: { ...files, ".booty.yml": config(lang.testCommand) },
      issue: VAGUE_ISSUE,
      script: { analyze: analysis(calc, summary, false), generate: plans[0], refine: plans.slice(1) },
    };
  };
}

function whole(kind: string, truth: Truth, why: string, answers: Record<string, string>[]): Make {
  return (lang) => {
    const { files, calc } = repo(lang, SWAPPED, { tested: [] });
    const plans = answers.map((a, i) => calc.edit(a, `answer ${i + 1}`));
    return {
      kind,
      truth,
      why,
      files: { ...files, ...lang.whole.files, ".booty.yml": config(lang.whole.command) },
      issue: SWAP_ISSUE,
      script: { analyze: analysis(calc, "swap add and sub back", false), generate: plans[0], refine: plans.slice(1) },
    };
  };
}

function broken(kind: string, optional: boolean): Make {
  return (lang) => {
    const { files, calc } = repo(lang, SWAPPED);
    return {
      kind,
      truth: "cannot-run",
      optional,
      why: `\`${lang.brokenCommand}\`: its runner is not installed`,
      files: { ...files, ".booty.yml": config(lang.brokenCommand, optional ? "verify: optional\n" : "") },
      issue: SWAP_ISSUE,
      // Without verify: optional the script has no answers: any model call would fail the run another way.
      script: optional
        ? { analyze: analysis(calc, "swap add and sub back", false), generate: calc.edit(RIGHT, "fix") }
        : {},
    };
  };
}

/** No test covers midpoint: only the reproduction test the model writes can tell a right fix from a wrong one. */
function reproduce(kind: string, truth: Truth, why: string, answers: Record<string, string>[]): Make {
  return (lang) => {
    const { files, calc } = repo(lang, { ...RIGHT, mul: "a * b", midpoint: "(a - b) / 2" });
    const plans = answers.map((a, i) => calc.edit(a, `answer ${i + 1}`));
    const test = lang.testFile("calc", "midpoint", CASES.midpoint ?? []);
    return {
      kind,
      truth,
      why,
      reproduction: true,
      files: { ...files, ".booty.yml": config(lang.testCommand) },
      issue: MIDPOINT_ISSUE,
      script: {
        analyze: analysis(calc, "make midpoint return the midpoint", true),
        reproduce: { ...test, explanation: "midpoint(2, 4) must be 3" },
        generate: plans[0],
        refine: plans.slice(1),
      },
    };
  };
}

export const KINDS: Make[] = [
  swap("correct", "fixed", "add and sub both fixed", [RIGHT]),
  swap("wrong", "not-fixed", "add multiplies, sub subtracts the wrong way, twice", [WRONG, { add: "b * a" }]),
  swap("partial", "not-fixed", "add fixed, sub still adds", [{ add: "a + b" }, { add: "b + a" }]),
  swap("breaks-other", "not-fixed", "add and sub fixed, mul now adds", [{ ...RIGHT, mul: "a + b" }, { mul: "b + a" }]),
  swap("refined", "fixed", "a wrong first answer, then the right one", [WRONG, RIGHT]),
  swap("unrelated-failure", "fixed", "add and sub fixed; legacy's own test failed before and still does", [RIGHT], {
    legacy: true,
  }),
  swap(
    "unrelated-failure-wrong",
    "not-fixed",
    "a wrong fix beside legacy's own failing test",
    [WRONG, { add: "b * a" }],
    {
      legacy: true,
    },
  ),
  vague("vague-issue-correct", "fixed", "tests import a re-exporting API; add and sub fixed", "fix the arithmetic", [
    RIGHT,
  ]),
  vague(
    "vague-issue-wrong-function",
    "not-fixed",
    "tests import a re-exporting API; the model rewrote mul, add and sub still swapped",
    "fix the product",
    [{ mul: "b * a" }, { mul: "(b * a)" }],
  ),
  broken("broken-env", false),
  broken("broken-env-optional", true),
  whole("whole-command-refined", "fixed", "one assertion script; wrong, then right", [WRONG, RIGHT]),
  whole("whole-command-wrong", "not-fixed", "one assertion script; wrong twice", [WRONG, { add: "b * a" }]),
  reproduce("reproduction-correct", "fixed", "midpoint fixed; no existing test covers it", [
    { midpoint: "(a + b) / 2" },
  ]),
  reproduce("reproduction-wrong", "not-fixed", "midpoint still wrong; no existing test covers it", [
    { midpoint: "(a + b) * 2" },
    { midpoint: "(b + a) * 2" },
  ]),
];

export function scenariosFor(lang: Lang, kinds: Make[] = KINDS): Scenario[] {
  return kinds.map((make) => {
    const { kind, ...rest } = make(lang);
    return { ...rest, family: lang.family, name: `${lang.family}/${kind}` };
  });
}

/** A repository whose tests all pass, for timing the test runs themselves. */
export function fixedRepoFiles(lang: Lang): Record<string, string> {
  return repo(lang, { ...RIGHT, mul: "a * b" }).files;
}

/** A unittest repository whose tests run in a virtualenv made by setup_command, fixed by one answer. */
export function setupScenario(lang: Lang, setupCommand: string, testCommand: string): Scenario {
  const { files, calc } = repo(lang, SWAPPED);
  const yaml = `setup_command: ${JSON.stringify(setupCommand)}\nnetwork_for_setup: false\n${config(testCommand)}`;
  return {
    name: `${lang.family}/setup-command`,
    family: lang.family,
    truth: "fixed",
    why: "add and sub fixed; the tests run in what setup_command made",
    files: { ...files, ".booty.yml": yaml },
    issue: SWAP_ISSUE,
    script: { analyze: analysis(calc, "swap add and sub back", false), generate: calc.edit(RIGHT, "fix") },
  };
}
