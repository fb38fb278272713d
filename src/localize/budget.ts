/**
 * What the analyze step is shown: the best-ranked files packed into this many cl100k tokens, from the top
 * this many. `booty context` defaults to the same, so that it shows what `booty run` would pack.
 */
export const ANALYZE_BUDGET = 24_000;
export const ANALYZE_TOP = 20;
