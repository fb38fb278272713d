import { InputError, PolicyError } from "../errors/index.ts";
import { runGit } from "./git.ts";
import { parseSource } from "./source.ts";
import { DEFAULT_AUTHOR, type Workspace } from "./workspace.ts";

export interface PushOptions {
  remoteUrl: string;
  /** Sent only to the remote's http(s) origin, through git's environment. */
  token?: string | undefined;
  /**
   * Replace the remote branch if it already exists (a re-run), but only if it holds nothing but booty's
   * own commits, and only if it still points where it did when we looked: a lease against the sha read
   * just before pushing, never a blind force.
   */
  forceWithLease?: boolean | undefined;
  /** The committer address of booty's own commits (the bot's): any other commit on the branch is someone's. */
  ownEmail?: string | undefined;
}

/** What a push did: whether it created the remote branch, and the commit it left there. */
export interface Pushed {
  created: boolean;
  sha: string;
}

/** Pushes the workspace branch to the remote under the same name. */
export async function pushBranch(ws: Workspace, opts: PushOptions): Promise<Pushed> {
  const remote = remoteOf(opts);
  const { url, auth } = remote;
  const ref = `refs/heads/${ws.branch}`;
  const args = ["push", "--no-verify", "--porcelain"];
  let current = "";
  if (opts.forceWithLease) {
    const { stdout } = await runGit(["ls-remote", "--", url, ref], { cwd: ws.root, ...auth });
    current = stdout.split("\t")[0]?.trim() ?? "";
    if (current) await refuseOthersCommits(ws, remote, ref, current, opts.ownEmail ?? DEFAULT_AUTHOR.email);
    args.push(`--force-with-lease=${ref}:${current}`);
  }
  args.push("--", url, `${ref}:${ref}`);
  await runGit(args, { cwd: ws.root, ...auth });
  const sha = (await runGit(["rev-parse", "HEAD"], { cwd: ws.root })).stdout.trim();
  return { created: current === "", sha };
}

/**
 * Takes back a branch this run created, when what it was for (the pull request) could not be made: no
 * stray branch is left on the remote. Only while it still points at `pushed.sha`, so that a commit
 * someone added meanwhile is never deleted.
 */
export async function deletePushedBranch(ws: Workspace, pushed: Pushed, opts: PushOptions): Promise<void> {
  if (!pushed.created) return;
  const { url, auth } = remoteOf(opts);
  const ref = `refs/heads/${ws.branch}`;
  await runGit(
    ["push", "--no-verify", "--porcelain", `--force-with-lease=${ref}:${pushed.sha}`, "--", url, `:${ref}`],
    {
      cwd: ws.root,
      ...auth,
    },
  );
}

export function remoteOf(opts: Pick<PushOptions, "remoteUrl" | "token">) {
  const source = parseSource(opts.remoteUrl);
  if (source.kind !== "url") {
    throw new InputError(`push needs a URL, not a local path: ${opts.remoteUrl}`, { where: opts.remoteUrl });
  }
  const auth = source.httpOrigin
    ? { token: opts.token, tokenOrigin: source.httpOrigin }
    : { token: undefined, tokenOrigin: undefined };
  return { url: source.url, auth };
}

/**
 * A maintainer may have pushed a fixup to booty's branch, or opened it by hand under that name: a re-run
 * must not throw their work away. Every commit the remote branch has beyond the base must be booty's.
 */
async function refuseOthersCommits(
  ws: Workspace,
  { url, auth }: ReturnType<typeof remoteOf>,
  ref: string,
  tip: string,
  ownEmail: string,
): Promise<void> {
  await runGit(["fetch", "--no-tags", "--quiet", "--", url, ref], { cwd: ws.root, ...auth });
  const { stdout } = await runGit(["log", "--format=%H %ce", tip, "--not", ws.baseCommit, "--"], { cwd: ws.root });
  const foreign = stdout
    .split("\n")
    .map((line) => line.split(" "))
    .find(([, email]) => email !== undefined && email !== ownEmail);
  if (foreign) {
    throw new PolicyError(
      `the branch ${ws.branch} already has a commit booty did not make (${foreign[0]?.slice(0, 12)} by ${foreign[1]}); ` +
        "booty does not overwrite it: merge or delete that branch, then ask again",
      { where: ws.branch },
    );
  }
}
