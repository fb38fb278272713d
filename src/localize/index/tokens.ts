/**
 * Code-aware tokenisation: identifiers are kept whole (lower-cased) and also split into their words on
 * camelCase, snake_case, digits, dots and path separators, so `resolveRedirects`, `resolve_redirects` and
 * "resolve redirects" in prose all meet.
 */

// English function words and keywords shared by most languages: frequent everywhere, they carry no signal.
export const STOP_WORDS: readonly string[] = (
  "a an and are as at be but by for from has have if in into is it its of on or that the their then there " +
  "these this to was were will with not no can could should would do does did done i we you he she they me my " +
  "our your so than too very just also when what which who how why where all any some more most other such " +
  "only own same been being here after before over under again once about above below up down out off " +
  "self cls def class return import let var const function new true false none null undefined nil elif else " +
  "while try except finally raise pass lambda yield async await public private protected static void int str " +
  "get set use using used e g eg ie etc s t"
).split(" ");
const STOP = new Set(STOP_WORDS);

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

/**
 * The words of one identifier, lower-cased: `HTTPAdapter2Foo` → http, adapter, 2, foo. Splits at `_` and `$`,
 * between a lower-case letter and an upper-case one, before the last capital of a capital run followed by
 * lower case, and around digit runs. A hand-written pass: it runs once per distinct identifier of a repository.
 */
export function splitIdentifier(ident: string): string[] {
  const out: string[] = [];
  const n = ident.length;
  let i = 0;
  while (i < n) {
    const c = ident.charCodeAt(i);
    let j = i + 1;
    if (isDigit(c)) {
      while (j < n && isDigit(ident.charCodeAt(j))) j++;
    } else if (isLower(c)) {
      while (j < n && isLower(ident.charCodeAt(j))) j++;
    } else if (isUpper(c)) {
      while (j < n && isUpper(ident.charCodeAt(j))) j++;
      if (j < n && isLower(ident.charCodeAt(j))) {
        // `HTTPAdapter`: the run's last capital starts the next word; `Adapter`: one capital heads its word.
        if (j - i > 1) j--;
        else while (j < n && isLower(ident.charCodeAt(j))) j++;
      }
    } else {
      i++;
      continue;
    }
    out.push(ident.slice(i, j).toLowerCase());
    i = j;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** Whether char code `c` may continue an identifier: `[A-Za-z0-9_$]`. */
function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Identifiers longer than this are base64 blobs or hashes: noise. */
const MAX_IDENT = 64;

/**
 * Calls `visit(start, end)` for every identifier (`[A-Za-z_$][A-Za-z0-9_$]*`, at most MAX_IDENT long) in
 * `text`. One pass over char codes, no regex and no strings: the index build spends most of its time here.
 */
export function scanIdentifiers(text: string, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isIdentPart(c) || (c >= 48 && c <= 57)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n && isIdentPart(text.charCodeAt(i))) i++;
    if (i - start <= MAX_IDENT) visit(start, i);
  }
}

/**
 * Calls `emit` for every term of `text`: each word of each identifier, plus the whole identifier when it
 * has more than one word. Words of one character and stop words are dropped.
 */
export function forEachTerm(text: string, emit: (term: string) => void, memo?: Map<string, readonly string[]>): void {
  scanIdentifiers(text, (start, end) => {
    const ident = text.slice(start, end);
    let terms = memo?.get(ident);
    if (!terms) {
      terms = termsOf(ident);
      if (memo && memo.size < 500_000) memo.set(ident, terms);
    }
    for (const t of terms) emit(t);
  });
}

/** The terms of one identifier (see `forEachTerm`). */
export function termsOf(ident: string): string[] {
  const words = splitIdentifier(ident);
  const out: string[] = [];
  if (words.length > 1) {
    const lower = ident.toLowerCase();
    if (!STOP.has(lower)) out.push(lower);
  }
  for (const w of words) if (w.length > 1 && !isDigit(w.charCodeAt(0)) && !STOP.has(w)) out.push(w);
  return out;
}

export function termCounts(text: string, memo?: Map<string, readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  forEachTerm(text, (t) => counts.set(t, (counts.get(t) ?? 0) + 1), memo);
  return counts;
}

/** Terms of a path: its folders, file name and extension-less stem, split like identifiers. */
export function pathTerms(path: string): Map<string, number> {
  return termCounts(pathStem(path));
}

/** The path without its extension; separators need no rewriting, they are not identifier characters. */
export function pathStem(path: string): string {
  const dot = path.lastIndexOf(".");
  if (dot <= path.lastIndexOf("/") || dot === path.length - 1) return path;
  for (let i = dot + 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return path;
  }
  return path.slice(0, dot);
}
