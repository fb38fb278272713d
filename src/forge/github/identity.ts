import type { Author } from "../../workspace/workspace.ts";
import type { RepoRef } from "../port.ts";
import type { Credentials } from "./credentials.ts";
import { forgeCall } from "./errors.ts";
import type { GitHubClient } from "./octokit.ts";

/**
 * Who booty's commits are by: the App's bot (`<slug>[bot]`), or the token's user, with the noreply address
 * GitHub gives that very account (`<id>+<login>@users.noreply.github.com`): commits credit booty's own
 * account and nobody else's. Looked up once per forge.
 */
export function commitIdentity(client: GitHubClient, credentials: Credentials): (ref: RepoRef) => Promise<Author> {
  let identity: Promise<Author> | undefined;
  return (ref) => {
    identity ??= (async () => {
      const login = await credentials.login(ref);
      const auth = { authorization: `token ${await credentials.token(ref)}` };
      const { data } = await forgeCall("GET /users/{username}", ref, () =>
        client.rest.users.getByUsername({ username: login, headers: auth }),
      );
      return { name: login, email: `${data.id}+${login}@users.noreply.github.com` };
    })();
    // A failed lookup is not cached: the next job asks again.
    identity.catch(() => {
      identity = undefined;
    });
    return identity;
  };
}
