import { runGit } from "./git.ts";

export interface ForeignCommit {
  sha: string;
  author: string;
}

/**
 * The first commit on `tip` beyond `base` that booty did not make, if any: booty's commits carry `trailer`
 * (its co-author line) in their message. A branch holding someone's own commit is theirs, never booty's to
 * replace.
 */
export async function foreignCommit(
  repoDir: string,
  tip: string,
  base: string,
  trailer: string,
): Promise<ForeignCommit | undefined> {
  const { stdout } = await runGit(["log", "--format=%H%x00%an <%ae>%x00%B%x1e", tip, "--not", base, "--"], {
    cwd: repoDir,
  });
  for (const record of stdout.split("\x1e")) {
    const [sha, author, message] = record.trim().split("\0");
    if (!sha || message === undefined) continue;
    const own = trailer !== "" && message.split("\n").some((line) => line.trim() === trailer);
    if (!own) return { sha, author: author ?? "" };
  }
  return undefined;
}
