import type { ProgressEvent } from "../pipeline/progress.ts";
import { publicMarkdown, withoutHostPaths } from "../security/public-text.ts";
import { oneLine } from "../text/clip.ts";

/**
 * The status comment's list of what the job did so far, one line per step (the latest test round only).
 * Paths, test names and the model's summary are hostile text: each is one line, in a code span or
 * defanged, so none can ping, close an issue or break the comment's layout.
 */
export class StatusLines {
  readonly #lines = new Map<string, string>();
  readonly #ctx: { issue: number; repo: string; review?: boolean | undefined };

  /** `review`: the job works on a pull request after a review, which some reasons name differently. */
  constructor(ctx: { issue: number; repo: string; review?: boolean | undefined }) {
    this.#ctx = ctx;
  }

  queued(position: number): this {
    this.#lines.set("queued", position > 1 ? `queued: position ${position} in the queue` : "queued: next in the queue");
    return this;
  }

  /** Why the attempt stopped, in a person's words (the details follow in the comment's text). */
  failed(error: { code?: string | undefined }): this {
    const code = error.code ?? "";
    const why = (this.#ctx.review ? REVIEW_WHY[code] : undefined) ?? WHY[code] ?? "something went wrong";
    this.#lines.set("failed", `stopped: ${why}`);
    return this;
  }

  /** Records a pipeline event; returns whether the comment has something new to show. */
  add(event: ProgressEvent): boolean {
    const line = lineFor(event, this.#ctx);
    const key = event.step === "testing" || event.step === "tested" ? "tests" : event.step;
    if (this.#lines.get(key) === line) return false;
    this.#lines.delete(key);
    this.#lines.set(key, line);
    return true;
  }

  /** The list as Markdown, oldest step first; empty when nothing happened yet. */
  render(): string {
    return [...this.#lines.values()].map((l) => `- ${l}`).join("\n");
  }
}

/** A comment's head text followed by its progress list, if any. */
export function withProgress(head: string, lines: StatusLines): string {
  const list = lines.render();
  return list ? `${head}\n\n${list}` : head;
}

function lineFor(event: ProgressEvent, ctx: { issue: number; repo: string }): string {
  switch (event.step) {
    case "localized":
      return `localized: ${files(event.files)}`;
    case "analysed":
      return `analysed: the plan changes ${files(event.files)}\n  approach: ${publicMarkdown(oneLine(withoutHostPaths(event.summary), 200), ctx)}`;
    case "editing":
      return `editing ${files(event.files)}`;
    case "testing":
      return `tests round ${event.round}: running`;
    case "tested":
      return event.passed
        ? `tests round ${event.round}: passed`
        : `tests round ${event.round}: failing ${tests(event)}`;
    case "publishing":
      return event.verified ? "pushing the verified change" : "pushing the change (not verified)";
  }
}

/** A name in a code span that nothing inside can end early. */
const code = (name: string): string => `\`${oneLine(name, 120).replace(/`/g, "'")}\``;

function files(paths: string[]): string {
  if (paths.length === 0) return "no file";
  const shown = paths.slice(0, 5).map(code).join(", ");
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

function tests(event: Extract<ProgressEvent, { step: "tested" }>): string {
  const names = event.failing.map((f) => f.id);
  if (names.length === 0) return "(the test command failed)";
  const shown = names.slice(0, 5).map(code).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/** What each error code means for the person who asked, without the text written for the model. */
const WHY: Record<string, string> = {
  "model-output": "the model's answers could not be used",
  edit: "the model's edits did not fit the files",
  syntax: "the changed code did not parse",
  budget: "the issue and its files do not fit in the model's context",
  policy: "the change would touch a path booty may not change",
  "cost-cap": "the job's spending cap was reached",
  "model-unavailable": "the model provider could not be reached",
  sandbox: "the repository's tests could not be run safely",
  git: "a git operation failed",
  forge: "a GitHub request failed",
  input: "the issue cannot be worked on as written",
  config: "booty's settings need fixing",
  interrupted: "booty was stopped while working",
};

/** Where a review job's reason differs: its input is the pull request and the review, not an issue. */
const REVIEW_WHY: Record<string, string> = {
  input: "the pull request cannot be worked on as it stands",
};
