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

/** `true` or `false` (also 1/0, yes/no, on/off, any case); anything else is an error naming what is accepted. */
export const flag = (fallback: boolean) => {
  const error = "expected true or false";
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      const v = s?.trim().toLowerCase();
      if (v === undefined || v === "") return fallback;
      if (["true", "1", "yes", "on"].includes(v)) return true;
      if (["false", "0", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: error });
      return z.NEVER;
    });
};
