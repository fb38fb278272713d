import { spawnSync } from "node:child_process";
import type { Case, Lang } from "./lang.ts";

/** null when `program --version` runs on booty's PATH. */
function onPath(program: string): string | null {
  const r = spawnSync(program, ["version"], { encoding: "utf8" });
  const ok = r.status === 0 || spawnSync(program, ["--version"], { encoding: "utf8" }).status === 0;
  return ok ? null : `\`${program}\` is not on PATH`;
}

export const rust: Lang = {
  family: "rust-cargo",
  unavailable: async () => onPath("cargo"),
  modulePath: (mod) => `src/${mod}.rs`,
  fn: (name, expr) => `pub fn ${name}(a: i64, b: i64) -> i64 {\n    ${expr}\n}\n`,
  moduleText: (_mod, fns) => fns.join("\n"),
  testFile: (mod, name, cases: readonly Case[], via) => ({
    path: `tests/${name}.rs`,
    content:
      `use mathlib::${via ? "" : `${mod}::`}${name};\n\n#[test]\nfn test_${name}() {\n` +
      cases.map(([a, b, want]) => `    assert_eq!(${name}(${a}, ${b}), ${want});`).join("\n") +
      "\n}\n",
  }),
  publicApi: (mod) => ({ "src/lib.rs": `pub mod ${mod};\npub use ${mod}::*;\n` }),
  scaffold: (mods) => ({
    "Cargo.toml": '[package]\nname = "mathlib"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
    "src/lib.rs": mods.map((m) => `pub mod ${m};\n`).join(""),
  }),
  probe: "cargo --version",
  testCommand: "cargo test --offline --no-fail-fast",
  brokenCommand: "cargo nextest run --offline",
  whole: {
    command: "cargo run --offline --quiet --bin check",
    files: {
      "src/bin/check.rs":
        "use mathlib::calc::{add, sub};\n\nfn main() {\n    assert_eq!(add(2, 3), 5);\n    assert_eq!(sub(5, 3), 2);\n}\n",
    },
  },
};

const goName = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export const go: Lang = {
  family: "go-test",
  unavailable: async () => onPath("go"),
  modulePath: (mod) => `${mod}/${mod}.go`,
  fn: (name, expr) => `func ${goName(name)}(a, b int) int {\n\treturn ${expr}\n}\n`,
  moduleText: (mod, fns) => `package ${mod}\n\n${fns.join("\n")}`,
  testFile: (mod, name, cases) => ({
    path: `${mod}/${name}_test.go`,
    content:
      `package ${mod}\n\nimport "testing"\n\nfunc Test${goName(name)}(t *testing.T) {\n` +
      cases
        .map(
          ([a, b, want]) =>
            `\tif got := ${goName(name)}(${a}, ${b}); got != ${want} {\n\t\tt.Errorf("${goName(name)}(${a}, ${b}) = %d, want ${want}", got)\n\t}`,
        )
        .join("\n") +
      "\n}\n",
  }),
  publicApi: () => ({}),
  scaffold: () => ({ "go.mod": "module example.com/mathlib\n\ngo 1.21\n" }),
  probe: "go version",
  testCommand: "go test ./...",
  brokenCommand: "gotestsum --format testname",
  whole: {
    command: "go run ./cmd/check",
    files: {
      "cmd/check/main.go":
        'package main\n\nimport "example.com/mathlib/calc"\n\nfunc main() {\n\tif calc.Add(2, 3) != 5 || calc.Sub(5, 3) != 2 {\n\t\tpanic("add or sub is wrong")\n\t}\n}\n',
    },
  },
};
