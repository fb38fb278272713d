import { commentMarker } from "../../forge/marker.ts";

/** Booty's own lines around the verification summary in a pull request's body, so a review can replace it. */
const START = commentMarker("verification");
const END = "<!-- /booty:verification -->";

export function verificationSection(summary: string): string {
  return `${START}\n${summary}\n${END}`;
}

/**
 * The body with its verification section replaced by `summary` (a follow-up commit was verified again);
 * a body without one (written by hand, or before booty marked it) gets the section at the end.
 */
export function withVerification(body: string, summary: string): string {
  const start = body.indexOf(START);
  const end = body.indexOf(END, start);
  if (start >= 0 && end > start)
    return `${body.slice(0, start)}${verificationSection(summary)}${body.slice(end + END.length)}`;
  return `${body.replace(/\s+$/, "")}\n\n${verificationSection(summary)}\n`;
}
