import type { Case, Lang } from "./lang.ts";

const fn = (name: string, expr: string) => `def ${name}(a, b):\n    return ${expr}\n`;
const moduleText = (_mod: string, fns: string[]) => fns.join("\n\n");
const modulePath = (mod: string) => `${mod}.py`;
const publicApi = (mod: string) => ({ "api.py": `from ${mod} import *  # noqa: F401,F403\n` });
const asserts = (name: string, cases: readonly Case[], indent: string, form: (call: string, want: number) => string) =>
  cases.map(([a, b, want]) => `${indent}${form(`${name}(${a}, ${b})`, want)}`).join("\n");

async function python3HasModule(module: string): Promise<string | null> {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync("python3", ["-c", `import ${module}`], { encoding: "utf8" });
  return r.status === 0 ? null : `python3 cannot import ${module}: ${(r.stderr || r.error?.message || "").trim()}`;
}

export const pytest: Lang = {
  family: "python-pytest",
  unavailable: () => python3HasModule("pytest"),
  modulePath,
  fn,
  moduleText,
  testFile: (mod, name, cases, via) => ({
    path: `tests/test_${name}.py`,
    content: `from ${via ?? mod} import ${name}\n\n\ndef test_${name}():\n${asserts(name, cases, "    ", (c, w) => `assert ${c} == ${w}`)}\n`,
  }),
  publicApi,
  scaffold: () => ({}),
  probe: "python3 -m pytest --version",
  testCommand: "python3 -m pytest -q -p no:cacheprovider",
  brokenCommand: "python3 -m nose2 -v",
  whole: {
    command: 'python3 -c "from calc import add, sub; assert add(2, 3) == 5 and sub(5, 3) == 2"',
    files: {},
  },
};

const capital = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export const unittest: Lang = {
  family: "python-unittest",
  unavailable: () => python3HasModule("unittest"),
  modulePath,
  fn,
  moduleText,
  testFile: (mod, name, cases, via) => ({
    path: `tests/test_${name}.py`,
    content:
      `import unittest\n\nfrom ${via ?? mod} import ${name}\n\n\nclass Test${capital(name)}(unittest.TestCase):\n` +
      `    def test_${name}(self):\n${asserts(name, cases, "        ", (c, w) => `self.assertEqual(${c}, ${w})`)}\n`,
  }),
  publicApi,
  scaffold: () => ({ "tests/__init__.py": "" }),
  probe: 'python3 -c "import unittest"',
  testCommand: "python3 -m unittest discover -s tests -t . -v",
  brokenCommand: "python3 -m xmlrunner discover -s tests",
  whole: {
    command: "python3 check_calc.py",
    files: {
      "check_calc.py":
        "from calc import add, sub\n\nassert add(2, 3) == 5, add(2, 3)\nassert sub(5, 3) == 2, sub(5, 3)\n",
    },
  },
};
