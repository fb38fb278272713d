import { MARKER_PREFIX } from "../forge/marker.ts";
import { botAllowed, isBot } from "./actor.ts";
import type { TriggerRules } from "./webhook-event.ts";

interface Asker {
  repository: { full_name: string };
  sender: { login: string; type?: string | undefined };
}

/**
 * Why a delivery may not ask booty for work whatever it says, or null: a repository outside BOOTY_REPOS,
 * booty itself (its login, or a body carrying its marker), or a bot not in BOOTY_ALLOWED_BOTS.
 */
export function refuseAsker(p: Asker, rules: TriggerRules, body?: string | null): string | null {
  const repo = p.repository.full_name;
  if (rules.repos.length > 0 && !rules.repos.some((r) => r.toLowerCase() === repo.toLowerCase())) {
    return `repository ${repo} is not in BOOTY_REPOS`;
  }
  const login = p.sender.login.toLowerCase();
  if ((rules.selfLogins ?? []).some((self) => self.toLowerCase() === login)) {
    return `sender ${p.sender.login} is booty itself`;
  }
  if (body?.includes(MARKER_PREFIX)) return "the comment is booty's own (it carries booty's marker)";
  if (isBot(p.sender) && !botAllowed(p.sender.login, rules.allowedBots)) {
    return `sender ${p.sender.login} is a bot not in BOOTY_ALLOWED_BOTS`;
  }
  return null;
}
