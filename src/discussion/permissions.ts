import { canTrigger } from "../events/actor.ts";
import type { Forge, RepoRef } from "../forge/port.ts";

/** Whether a user may write to the repository, asked once per user. */
export type WriteAccess = (login: string) => Promise<boolean>;

/**
 * A write-access lookup for one job: each author is asked of the forge once, and a failed lookup counts
 * as no access (the comment is then only marked, never dropped). Create one per job, never share it.
 */
export function writeAccessLookup(forge: Pick<Forge, "getPermission">, ref: RepoRef): WriteAccess {
  const known = new Map<string, Promise<boolean>>();
  return (login) => {
    let access = known.get(login);
    if (!access) {
      access = forge.getPermission(ref, login).then(canTrigger, () => false);
      known.set(login, access);
    }
    return access;
  };
}
