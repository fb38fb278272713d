/** How one language family writes the bench's small calculator repositories, its tests and its checks. */

/** `[a, b, expected]`: one call of a two-argument function and what it must return. */
export type Case = readonly [number, number, number];

export interface Lang {
  /** e.g. `python-pytest`: the scenarios are named `<family>/<kind>`. */
  family: string;
  /** null when the family runs here; otherwise why its scenarios are skipped (printed). */
  unavailable(): Promise<string | null>;
  /** The path of a module (`calc`, `legacy`). */
  modulePath(mod: string): string;
  /** The text of one function `name(a, b)` returning `expr` (an expression over a and b). */
  fn(name: string, expr: string): string;
  /** A module holding these functions, in order. */
  moduleText(mod: string, fns: string[]): string;
  /** The test file for one function of a module, imported from `mod` or from the public API (`api`). */
  testFile(mod: string, name: string, cases: readonly Case[], via?: "api"): { path: string; content: string };
  /** Files of a public API that re-exports everything `mod` has (Python's api.py, a JS index, a crate root). */
  publicApi(mod: string): Record<string, string>;
  /** Files every repository of the family needs besides modules and tests (manifests, package roots). */
  scaffold(mods: readonly string[]): Record<string, string>;
  /** A command that runs the test program and nothing else: can it run in the sandbox at all? */
  probe: string;
  testCommand: string;
  /** A test command whose runner is not installed (a broken environment). */
  brokenCommand: string;
  /** One assertion script run as the whole test command: add(2, 3) == 5 and sub(5, 3) == 2. */
  whole: { command: string; files: Record<string, string> };
}
