import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { InputError, unreadableFile } from "../errors/index.ts";
import type { IssueInput } from "../pipeline/types.ts";

export interface IssueFlags {
  issueFile?: string | undefined;
  title?: string | undefined;
  body?: string | undefined;
  issueNumber?: string | undefined;
}

/** The flags that name an issue, shared by every subcommand that takes one. */
export function withIssueOptions(command: Command): Command {
  return command
    .option("--issue-file <file>", "the issue: text (first line is the title) or GitHub issue JSON")
    .option("--title <text>", "the issue title (instead of --issue-file)")
    .option("--body <text>", "the issue body, with --title");
}

/**
 * The issue from the command line: `--title/--body`, or a file that is either a GitHub issue as JSON
 * ({title, body, number}) or text whose first line (a leading `# ` is dropped) is the title.
 */
export async function readIssue(flags: IssueFlags): Promise<IssueInput> {
  const number = parseNumber(flags.issueNumber);
  if (flags.issueFile !== undefined && flags.title !== undefined) {
    throw new InputError("give either --issue-file or --title, not both", { where: "command line" });
  }
  if (flags.issueFile !== undefined) {
    const file = flags.issueFile;
    const text = await readFile(file, "utf8").catch((error: unknown) => {
      throw unreadableFile("the issue file", file, error, "check --issue-file");
    });
    const parsed = parseIssueText(text);
    return { ...parsed, number: number ?? parsed.number };
  }
  if (flags.title === undefined) {
    throw new InputError("no issue given: use --issue-file F or --title T [--body B]", { where: "command line" });
  }
  return { title: flags.title, body: flags.body ?? "", number };
}

export function parseIssueText(text: string): IssueInput {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      const json = JSON.parse(trimmed) as { title?: unknown; body?: unknown; number?: unknown };
      if (typeof json.title === "string") {
        return {
          title: json.title,
          body: typeof json.body === "string" ? json.body : "",
          number: typeof json.number === "number" ? json.number : undefined,
        };
      }
    } catch {
      // Not JSON after all: treat it as text.
    }
  }
  const [first = "", ...rest] = trimmed.split("\n");
  return { title: first.replace(/^#+\s*/, "").trim(), body: rest.join("\n").trim(), number: undefined };
}

function parseNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d{0,9}$/.test(value)) {
    throw new InputError(`--issue-number expects a positive whole number, got '${value}'`, { where: "command line" });
  }
  return Number(value);
}
