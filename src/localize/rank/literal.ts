/**
 * Per candidate, 0..1: the literal text it contains. A quoted phrase (an error message, a flag) is
 * found by substring; a setting or subcommand name only as a string literal (`"ignore-paths"`,
 * `'--import-mode'`), where the program declares it. Each piece is shared among the candidates holding it:
 * text every candidate contains says nothing.
 */
export function literalScores(
  phrases: readonly string[],
  words: readonly string[],
  head: readonly number[],
  textOf: (doc: number) => string,
): Float64Array {
  const out = new Float64Array(head.length);
  const share = (has: (text: string) => boolean) => {
    const having = head.map((doc, i) => (has(textOf(doc)) ? i : -1)).filter((i) => i >= 0);
    for (const i of having) out[i] = Math.min(1, (out[i] ?? 0) + 1 / having.length);
  };
  for (const phrase of phrases) share((text) => text.includes(phrase));
  for (const word of words) {
    const forms = [`"${word}"`, `'${word}'`, `"--${word}"`, `'--${word}'`];
    share((text) => text.includes(word) && forms.some((f) => text.includes(f)));
  }
  return out;
}
