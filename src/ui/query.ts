import { InputError } from "../errors/index.ts";

/**
 * A page's query parameter: absent or empty reads as not given (the filter forms send `state=` for
 * "any"). A value the page cannot take is a 400 naming the parameter and what it takes, never a page
 * quietly showing something else than was asked for.
 */
export function queryValue(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

/** A parameter's value as a page shows it in an error: one line, short. */
const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value).replace(/\s+/g, " ");

export function badQuery(name: string, value: string, expected: string): InputError {
  return new InputError(`${name}=${shown(value)}: expected ${expected}`, { where: name });
}

/** One of `allowed`, when given. */
export function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const value = queryValue(params, name);
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw badQuery(name, value, `one of ${allowed.join(", ")}`);
}

/** A whole number from `min` to `max`, when given. */
export function wholeNumber(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const value = queryValue(params, name);
  if (value === undefined) return undefined;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (n >= min && n <= max) return n;
  throw badQuery(name, value, `a whole number from ${min} to ${max}`);
}
