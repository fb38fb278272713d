/**
 * Text on its way into the database. Issue text, comments, model output and test output are hostile or
 * just odd: a lone surrogate (half an emoji) or a NUL character makes PostgreSQL refuse the whole
 * statement, and with it a batch of other deliveries. Both are replaced, so that whatever was accepted
 * can be stored.
 */
export function storable(text: string): string {
  const wellFormed = text.isWellFormed() ? text : text.toWellFormed();
  return wellFormed.includes("\0") ? wellFormed.replaceAll("\0", "\uFFFD") : wellFormed;
}

/** JSON.stringify with every string in it made storable. */
export const storableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? storable(v) : v));
