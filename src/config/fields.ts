import { z } from "zod";

/** A whole number in [min, max], with the range in the error so the operator knows what to write. */
export const intIn = (min: number, max: number, fallback: number) => {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
};

/** A comma-separated list; blanks dropped. */
export const commaList = (fallback: string[] = []) =>
  z
    .string()
    .optional()
    .transform((s) =>
      s === undefined
        ? fallback
        : s
            .split(",")
            .map((p) => p.trim())
            .filter(Boolean),
    );
