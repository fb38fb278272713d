import { InputError } from "../errors/index.ts";

/** How every marker line starts: a comment carrying it is booty's, and never asks booty for work. */
export const MARKER_PREFIX = "<!-- booty:";

/**
 * The hidden line that identifies a comment booty owns. Marker names are a fixed vocabulary chosen by
 * booty, never by issue text, so they are restricted to a safe alphabet.
 */
export function commentMarker(marker: string): string {
  if (!/^[a-z0-9][a-z0-9:._-]{0,63}$/i.test(marker)) {
    throw new InputError(`invalid comment marker ${JSON.stringify(marker)}: expected [a-z0-9:._-], up to 64 chars`);
  }
  return `${MARKER_PREFIX}${marker} -->`;
}

/** The body with the marker appended (once) so the next run finds the comment again. */
export function withMarker(body: string, marker: string): string {
  const line = commentMarker(marker);
  return body.includes(line) ? body : `${body.replace(/\s+$/, "")}\n\n${line}`;
}
