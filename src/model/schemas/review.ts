import { z } from "zod";

/** What booty does about one open request of a review: change the code, answer it, or say why not. */
export const ReviewDecision = z
  .object({
    id: z.number().int().describe("The id of the request, as the task gives it"),
    action: z
      .enum(["change", "answer", "decline"])
      .describe(
        "change: edit the code as asked; answer: a question or remark, no change; decline: cannot or should not",
      ),
    files: z
      .array(z.string().min(1).max(300))
      .max(20)
      .default([])
      .describe("For a change: the repository-relative files to modify"),
    reply: z
      .string()
      .min(1)
      .max(2000)
      .describe("change: one line saying what changed; answer: the answer; decline: why not, in one or two lines"),
  })
  .strict();

export type ReviewDecision = z.output<typeof ReviewDecision>;

/** The model's reading of a pull request's open review requests, one decision per request. */
export const ReviewResponse = z
  .object({
    summary: z
      .string()
      .min(1)
      .max(200)
      .describe("One line, imperative, lower case: what the follow-up commit does (or what was answered)"),
    taskDescription: z
      .string()
      .min(1)
      .max(8000)
      .describe("For the changes: exactly what must change in which file, to guide the code change"),
    decisions: z.array(ReviewDecision).min(1).max(200),
  })
  .strict();

export type ReviewResponse = z.output<typeof ReviewResponse>;
