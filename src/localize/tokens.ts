/**
 * Code-aware tokenisation: identifiers are kept whole (lower-cased) and also split into their words on
 * camelCase, snake_case, digits, dots and path separators, so `resolveRedirects`, `resolve_redirects` and
 * "resolve redirects" in prose all meet.
 */

const IDENT = /[A-Za-z_$][A-Za-z0-9_$]*/g;

// English function words and keywords shared by most languages: frequent everywhere, they carry no signal.
const STOP = new Set(
  (
    "a an and are as at be but by for from has have if in into is it its of on or that the their then there " +
    "these this to was were will with not no can could should would do does did done i we you he she they me my " +
    "our your so than too very just also when what which who how why where all any some more most other such " +
    "only own same been being here after before over under again once about above below up down out off " +
    "self cls def class return import let var const function new true false none null undefined nil elif else " +
    "while try except finally raise pass lambda yield async await public private protected static void int str " +
    "get set use using used e g eg ie etc s t"
  ).split(" "),
);

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/** The words of one identifier, lower-cased: `HTTPAdapter2Foo` → http, adapter, 2, foo. */
export function splitIdentifier(ident: string): string[] {
  const out: string[] = [];
  for (const chunk of ident.split(/[_$]+/)) {
    if (!chunk) continue;
    const words = chunk.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g);
    if (!words) continue;
    for (const w of words) out.push(w.toLowerCase());
  }
  return out;
}

/**
 * Calls `emit` for every term of `text`: each word of each identifier, plus the whole identifier when it
 * has more than one word. Words of one character and stop words are dropped.
 */
export function forEachTerm(text: string, emit: (term: string) => void, memo?: Map<string, readonly string[]>): void {
  IDENT.lastIndex = 0;
  for (let m = IDENT.exec(text); m !== null; m = IDENT.exec(text)) {
    const ident = m[0];
    if (ident.length > 64) continue; // base64 blobs, hashes: noise
    let terms = memo?.get(ident);
    if (!terms) {
      terms = termsOf(ident);
      if (memo && memo.size < 500_000) memo.set(ident, terms);
    }
    for (const t of terms) emit(t);
  }
}

function termsOf(ident: string): string[] {
  const lower = ident.toLowerCase();
  if (/^[a-z]+$/.test(ident)) return lower.length > 1 && !STOP.has(lower) ? [lower] : [];
  const out: string[] = [];
  const words = splitIdentifier(ident);
  if (words.length > 1 && !STOP.has(lower)) out.push(lower);
  for (const w of words) if (w.length > 1 && !STOP.has(w) && !/^[0-9]+$/.test(w)) out.push(w);
  return out;
}

export function termCounts(text: string, memo?: Map<string, readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  forEachTerm(text, (t) => counts.set(t, (counts.get(t) ?? 0) + 1), memo);
  return counts;
}

/** Terms of a path: its folders, file name and extension-less stem, split like identifiers. */
export function pathTerms(path: string): Map<string, number> {
  return termCounts(path.replace(/\.[A-Za-z0-9]+$/, "").replace(/[/.-]+/g, " "));
}
