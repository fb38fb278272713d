/**
 * Control characters other than newline and tab (escape sequences recolour, move the cursor, retitle the
 * terminal or write to its clipboard), and the bidi overrides and isolates (which reorder what is read).
 */
const UNSAFE = /[^\P{Cc}\t\n]|[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Stored text from outside (issue titles, errors, reasons: hostile) as a terminal may show it: what
 * would act on the terminal instead of being read is shown as U+FFFD.
 */
export const forTerminal = (text: string): string => text.replace(UNSAFE, "\ufffd");
