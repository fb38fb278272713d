import assert from "node:assert/strict";
import { test } from "node:test";
import { placeEdit } from "./ladder.ts";
import { RUNGS, type Rung } from "./types.ts";

/** Deterministic, so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["value", "total", "items", "self", "return", "config", "path", "name", "data", "index", "count"];

/** A Python-like file whose non-blank lines are all different, so every region is unique at every rung. */
function randomFile(next: () => number): string[] {
  const lines: string[] = [];
  let depth = 0;
  const total = 20 + Math.floor(next() * 60);
  for (let i = 0; i < total; i++) {
    if (next() < 0.1) {
      lines.push("");
      continue;
    }
    depth = Math.max(0, Math.min(4, depth + Math.floor(next() * 3) - 1));
    const word = () => WORDS[Math.floor(next() * WORDS.length)] ?? "x";
    lines.push(`${"    ".repeat(depth)}${word()}_${i} = ${word()}(${word()}, ${i * 7})`);
  }
  return lines;
}

interface Case {
  file: string[];
  search: string[];
  replace: string[];
  intended: string[];
}

/** A region that starts and ends on non-blank lines, with its middle changed. */
function randomCase(next: () => number): Case | undefined {
  const file = randomFile(next);
  const solid = file.flatMap((line, i) => (line.trim() === "" ? [] : [i]));
  const from = solid[Math.floor(next() * (solid.length - 6))] ?? 0;
  const to = solid.find((i) => i >= from + 5 + Math.floor(next() * 6));
  if (to === undefined) return undefined;
  const search = file.slice(from, to + 1);
  const replace = [...search];
  const at = 1 + Math.floor(next() * (replace.length - 2));
  const kind = next();
  const indent = /^ */.exec(search[at] ?? "")?.[0] ?? "";
  if (kind < 0.4) replace[at] = `${indent}changed_${at} = True`;
  else if (kind < 0.7) replace.splice(at, 0, `${indent}added_${at} = None`, `${indent}if added_${at}:`);
  else replace.splice(at, 1);
  return { file, search, replace, intended: [...file.slice(0, from), ...replace, ...file.slice(to + 1)] };
}

const join = (lines: readonly string[], eol = "\n") => lines.map((line) => line + eol).join("");

/** Each perturbation a model makes, and the rung the ladder claims finds it. */
const PERTURBATIONS: [string, Rung, (c: Case) => [string, string] | undefined][] = [
  ["exact", "exact", (c) => [join(c.search), join(c.replace)]],
  ["trailing spaces", "whitespace", (c) => [join(c.search.map((l) => `${l}  `)), join(c.replace)]],
  ["CRLF", "whitespace", (c) => [join(c.search, "\r\n"), join(c.replace, "\r\n")]],
  ["indented deeper", "indentation", (c) => [join(c.search.map(deeper)), join(c.replace.map(deeper))]],
  [
    "dedented",
    "indentation",
    (c) => {
      const common = Math.min(...c.search.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
      if (common === 0 || c.replace.some((l) => l.trim() && !l.startsWith(" ".repeat(common)))) return undefined;
      return [join(c.search.map((l) => l.slice(common))), join(c.replace.map((l) => l.slice(common)))];
    },
  ],
  ["blank edges", "blank-edges", (c) => [`\n${join(c.search)}\n`, `\n${join(c.replace)}\n`]],
  [
    "elided middle",
    "elision",
    (c) => {
      const same = (i: number) => c.search[i] === c.replace[i];
      // Elide the unchanged lines after the first change, or before it when it comes late.
      const first = c.search.findIndex((line, i) => line !== c.replace[i]);
      const tail = c.search.length - 1;
      if (first >= 4 && [1, 2].every(same)) return elide(c, 1, 3, 0);
      const shift = c.replace.length - c.search.length;
      const lastChange = [...c.search.keys()].reverse().find((i) => c.search[i] !== c.replace[i + shift]) ?? tail;
      if (tail - lastChange >= 4) return elide(c, lastChange + 1, tail - 1, shift);
      return undefined;
    },
  ],
  [
    "mistyped context line",
    "fuzzy",
    (c) => {
      const last = c.search.length - 1;
      if (c.search[last] !== c.replace[c.replace.length - 1] || c.search.length < 7) return undefined;
      const typo = (lines: string[], at: number) => lines.map((l, i) => (i === at ? l.replace("=", "==") : l));
      return [join(typo(c.search, last)), join(typo(c.replace, c.replace.length - 1))];
    },
  ],
];

function deeper(line: string): string {
  return line.trim() === "" ? line : `\t${line}`;
}

function elide(c: Case, from: number, to: number, shift: number): [string, string] | undefined {
  if (to - from < 1 || c.search.slice(from, to).some((l) => l.trim() === "")) return undefined;
  const search = [...c.search.slice(0, from), "# ... existing code ...", ...c.search.slice(to)];
  const replace = [...c.replace.slice(0, from + shift), "# ... existing code ...", ...c.replace.slice(to + shift)];
  return [join(search), join(replace)];
}

test("for random files and unique regions, every perturbation the ladder claims reproduces the intended file", () => {
  const tried = new Map<string, number>();
  for (let seed = 1; seed <= 300; seed++) {
    const next = rng(seed);
    const c = randomCase(next);
    if (c === undefined) continue;
    for (const [name, rung, perturb] of PERTURBATIONS) {
      const input = perturb(c);
      if (input === undefined) continue;
      tried.set(name, (tried.get(name) ?? 0) + 1);
      const placed = placeEdit(join(c.file), input[0], input[1]);
      assert.ok(placed.ok, `seed ${seed}, ${name}: ${JSON.stringify(placed)}`);
      assert.equal(placed.text, join(c.intended), `seed ${seed}, ${name}: wrong result`);
      // An earlier rung may find it when the file happens to have the perturbed text (a blank line there).
      assert.ok(RUNGS.indexOf(placed.rung) <= RUNGS.indexOf(rung), `seed ${seed}, ${name}: ${placed.rung}`);
    }
  }
  for (const [name] of PERTURBATIONS) assert.ok((tried.get(name) ?? 0) >= 20, `${name} was tried too rarely`);
});
