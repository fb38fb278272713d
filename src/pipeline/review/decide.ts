import { describeError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { Model } from "../../model/port.ts";
import { type ReviewPromptInput, reviewPrompt } from "../../model/prompts/index.ts";
import { type ReviewResponse, ReviewResponse as ReviewSchema } from "../../model/schemas/index.ts";
import type { PathPolicy } from "../../security/path-policy.ts";
import { fitToBudget } from "../context/budget.ts";
import type { ClippedTask } from "./clip-task.ts";
import type { SettledDecision } from "./types.ts";

export interface DecideInput {
  model: Model;
  logger: Logger;
  root: string;
  policy: PathPolicy;
  task: ClippedTask;
  pull: ReviewPromptInput["pull"];
  issue: ReviewPromptInput["issue"];
  /** The base commit's guidance for the commented and changed files, fenced; null when there is none. */
  guidance: string | null | undefined;
  /** Files to show, most important first: the commented ones, then the pull request's, then the localizer's. */
  paths: string[];
  budget: number;
}

export interface Decided {
  response: ReviewResponse;
  decisions: SettledDecision[];
}

/** Asks the model what to do about each open request, then holds every planned change to the path policy. */
export async function decideReview(input: DecideInput): Promise<Decided> {
  const { task } = input;
  const promptInput = (files: { path: string; content: string }[]): ReviewPromptInput => ({
    pull: input.pull,
    issue: input.issue,
    threads: task.threads,
    requests: task.requests,
    discussion: task.discussion,
    diff: task.diff,
    files,
    guidance: input.guidance,
  });
  const render = (files: { path: string; content: string }[]) => {
    const prompt = reviewPrompt(promptInput(files));
    return [prompt.system, ...prompt.messages.map((m) => m.content)].join("\n\n");
  };
  const { model, logger, root, budget } = input;
  const context = await fitToBudget({ model, logger, root, paths: input.paths, budget, render });
  const result = await model.generate({
    step: "review",
    schema: ReviewSchema,
    schemaName: "ReviewResponse",
    ...reviewPrompt(promptInput(context.files)),
  });
  return { response: result.value, decisions: settle(result.value, task, input.policy) };
}

/**
 * One decision per open request the task showed: answers to ids it did not show are dropped (the model
 * cannot reply anywhere it likes), and a change that would touch a restricted path becomes a decline that
 * says why. A change naming no file works on the file its thread is on.
 */
export function settle(response: ReviewResponse, task: ClippedTask, policy: PathPolicy): SettledDecision[] {
  const threads = new Map(task.threads.map((t) => [t.id, t]));
  const requests = new Map(task.requests.map((r) => [r.id, r.kind]));
  const seen = new Set<number>();
  const settled: SettledDecision[] = [];
  for (const d of response.decisions) {
    const thread = threads.get(d.id);
    if ((!thread && !requests.has(d.id)) || seen.has(d.id)) continue;
    seen.add(d.id);
    const kind = thread ? "thread" : (requests.get(d.id) ?? "comment");
    if (d.action !== "change") {
      settled.push({ id: d.id, kind, action: d.action, reply: d.reply, files: [] });
      continue;
    }
    const named = d.files.length > 0 ? d.files : thread ? [thread.path] : [];
    try {
      const files = named.map((path) => policy.check(path));
      settled.push({ id: d.id, kind, action: files.length > 0 ? "change" : "answer", reply: d.reply, files });
    } catch (error) {
      const reply = `this asks to change a path booty may not touch (${describeError(error)}).`;
      settled.push({ id: d.id, kind, action: "decline", reply, files: [] });
    }
  }
  return settled;
}
