/** One line of `booty doctor`: what was checked, what was found, and on failure what to do. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export const pass = (name: string, detail: string): Check => ({ name, ok: true, detail });
export const fail = (name: string, detail: string): Check => ({ name, ok: false, detail });

export function renderChecks(checks: readonly Check[]): string {
  return checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.name}: ${c.detail}\n`).join("");
}
