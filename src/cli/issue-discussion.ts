import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Discussion } from "../model/prompts/index.ts";

/**
 * The comments of an issue file written by `gh issue view N --json number,title,body,comments`, for
 * `booty run`: there is no trigger to cut them at, so all are used. Write access is judged from GitHub's
 * `authorAssociation` (owner, member or collaborator), as gh gives no permission; booty's own comments
 * are left out. undefined for a text file or JSON without comments.
 */
export async function readIssueDiscussion(issueFile: string | undefined): Promise<Discussion | undefined> {
  if (issueFile === undefined) return undefined;
  const text = (await readFile(issueFile, "utf8")).trim();
  if (!text.startsWith("{")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const checked = ghIssue.safeParse(parsed);
  if (!checked.success || checked.data.comments.length === 0) return undefined;
  const comments = checked.data.comments
    .filter((c) => !/<!--\s*booty:/.test(c.body))
    .map((c) => ({
      author: c.author?.login ?? "ghost",
      createdAt: c.createdAt,
      body: c.body,
      writeAccess: WRITERS.has(c.authorAssociation ?? ""),
    }));
  return { comments, notes: [] };
}

const WRITERS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

const ghIssue = z.object({
  comments: z
    .array(
      z.object({
        author: z.object({ login: z.string() }).nullish(),
        authorAssociation: z.string().nullish(),
        body: z.string(),
        createdAt: z.string(),
      }),
    )
    .default([]),
});
