import { runGit } from "./git.ts";
import type { Author } from "./workspace.ts";

/**
 * The user's own git identity (`user.name`, `user.email`) as git would use it in `cwd`: `booty run`
 * commits as the person who ran it. Undefined when they have none.
 */
export async function userIdentity(
  cwd: string,
  userHome: { HOME?: string; XDG_CONFIG_HOME?: string },
): Promise<Author | undefined> {
  const get = (key: string) =>
    runGit(["config", "--get", key], { cwd, userHome }).then(
      (result) => result.stdout.trim(),
      () => "",
    );
  const [name, email] = await Promise.all([get("user.name"), get("user.email")]);
  return name && email ? { name, email } : undefined;
}

/** The `Co-authored-by:` line crediting `author`; also how booty recognises its own commits on a branch. */
export function coAuthorTrailer(author: Author): string {
  return `Co-authored-by: ${author.name} <${author.email}>`;
}
