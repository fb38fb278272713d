import type { Logger } from "../../log/logger.ts";
import type { RepoRef } from "../port.ts";
import type { Credentials } from "./credentials.ts";
import type { GitHubClient } from "./octokit.ts";

/** What the pull-request conversation's calls share: the client, the credentials and how booty signs in. */
export interface ReviewContext {
  client: GitHubClient;
  credentials: Credentials;
  auth: { kind: "token" | "app" };
  logger: Logger;
}

/** GitHub marks App and other machine accounts with `type: "Bot"`. */
export const isBot = (user: { type?: string } | null | undefined): boolean => user?.type === "Bot";

export async function authHeaders(ctx: ReviewContext, ref: RepoRef): Promise<{ authorization: string }> {
  return { authorization: `token ${await ctx.credentials.token(ref)}` };
}
