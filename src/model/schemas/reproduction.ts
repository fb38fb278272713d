import { z } from "zod";

/** A test, in the repository's own framework and test folder, that fails at the base because of the bug. */
export const ReproductionTest = z
  .object({
    path: z.string().min(1).max(300).describe("Repository-relative path of a new test file"),
    content: z.string().min(1).max(100_000).describe("The whole test file"),
    command: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe("A shell command that runs only this test, when the repository's test command does not"),
    explanation: z.string().min(1).max(2000).describe("What the test shows and why it fails before the fix"),
  })
  .strict();

export type ReproductionTest = z.output<typeof ReproductionTest>;
