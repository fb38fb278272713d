/** GitHub marks Apps and machine accounts with type "Bot"; their logins end in "[bot]". */
export function isBot(user: { login: string; type?: string | undefined }): boolean {
  return user.type === "Bot" || user.login.toLowerCase().endsWith("[bot]");
}

export function botAllowed(login: string, allowed: readonly string[]): boolean {
  const wanted = login.toLowerCase();
  return allowed.some((a) => a.toLowerCase() === wanted || `${a.toLowerCase()}[bot]` === wanted);
}

/** Who may trigger work: collaborators with write, maintain or admin permission on the repository. */
export function canTrigger(permission: string | null | undefined): boolean {
  return permission === "write" || permission === "maintain" || permission === "admin";
}
