import { InputError } from "../errors/index.ts";
import { runGit } from "./git.ts";
import { parseSource } from "./source.ts";
import type { Workspace } from "./workspace.ts";

export interface PushOptions {
  remoteUrl: string;
  /** Sent only to the remote's http(s) origin, through git's environment. */
  token?: string | undefined;
  /**
   * Replace the remote branch if it already exists (a re-run), but only if it still points where it did
   * when we looked: a lease against the sha read just before pushing, never a blind force.
   */
  forceWithLease?: boolean | undefined;
}

/** Pushes the workspace branch to the remote under the same name. */
export async function pushBranch(ws: Workspace, opts: PushOptions): Promise<void> {
  const source = parseSource(opts.remoteUrl);
  if (source.kind !== "url") {
    throw new InputError(`push needs a URL, not a local path: ${opts.remoteUrl}`, { where: opts.remoteUrl });
  }
  const auth = source.httpOrigin
    ? { token: opts.token, tokenOrigin: source.httpOrigin }
    : { token: undefined, tokenOrigin: undefined };
  const ref = `refs/heads/${ws.branch}`;
  const args = ["push", "--no-verify", "--porcelain"];
  if (opts.forceWithLease) {
    const { stdout } = await runGit(["ls-remote", "--", source.url, ref], { cwd: ws.root, ...auth });
    const current = stdout.split("\t")[0]?.trim() ?? "";
    args.push(`--force-with-lease=${ref}:${current}`);
  }
  args.push("--", source.url, `${ref}:${ref}`);
  await runGit(args, { cwd: ws.root, ...auth });
}
