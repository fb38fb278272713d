import type { z } from "zod";
import { ConfigError } from "../errors/index.ts";

export type Env = Readonly<Record<string, string | undefined>>;

/** A section maps environment variable names to schemas; parsing collects every problem before failing. */
export type Section = Record<string, z.ZodType>;

export type Parsed<S extends Section> = { [K in keyof S]: z.output<S[K]> };

export function parseSection<S extends Section>(section: S, env: Env, problems: string[]): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(section)) {
    const raw = env[name];
    const value = raw === undefined || raw.trim() === "" ? undefined : raw.trim();
    const result = schema.safeParse(value);
    if (result.success) out[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  return out as Parsed<S>;
}

export function failIfProblems(problems: string[], where = "environment"): void {
  if (problems.length === 0) return;
  throw new ConfigError(`invalid configuration (${where}): ${problems.join(" | ")}`, { where });
}
