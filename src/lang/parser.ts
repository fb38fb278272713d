import { Language, Parser, Query, type Tree } from "web-tree-sitter";
import { grammarPath } from "./grammars.ts";
import type { LanguageId } from "./languages.ts";

export type { Node, Point, QueryCapture, QueryMatch, Tree } from "web-tree-sitter";
/**
 * Re-exported so callers need not import web-tree-sitter themselves. `new Query(language, source)` compiles
 * a query; call `query.delete()` when done. Known quirk of 0.25: `node.nextSibling` skips zero-width MISSING
 * nodes; iterate `node.children` when those matter.
 */
export { Language, Query };

/**
 * Process-wide caches, on purpose: the wasm runtime can be initialised only once per process, and a loaded
 * grammar is immutable compiled code that is the same for every repository and job. Nothing per job lives
 * here; parsers and trees are created per call and freed by their owner.
 */
let runtime: Promise<void> | undefined;
const grammars = new Map<LanguageId, Promise<Language | null>>();

function initRuntime(): Promise<void> {
  runtime ??= Parser.init().catch((error: unknown) => {
    runtime = undefined; // let a later call try again rather than caching the failure forever
    throw error;
  });
  return runtime;
}

/** The grammar for `id`, or null when booty ships none for it. Rejects only if the wasm runtime is broken. */
export function loadLanguage(id: LanguageId): Promise<Language | null> {
  let pending = grammars.get(id);
  if (!pending) {
    const path = grammarPath(id);
    pending = path === null ? Promise.resolve(null) : initRuntime().then(() => Language.load(path));
    pending.catch(() => grammars.delete(id));
    grammars.set(id, pending);
  }
  return pending;
}

export interface ParseOptions {
  /** Give up (and return null) after this long; hostile input can make error recovery slow. Default 5 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/**
 * Parses `text`. The CALLER OWNS the returned tree and must call `tree.delete()` (wasm memory is not garbage
 * collected); prefer `withTree`, which does that for you. Null when the language has no grammar or the
 * parse timed out.
 */
export async function parseSource(id: LanguageId, text: string, options: ParseOptions = {}): Promise<Tree | null> {
  const language = await loadLanguage(id);
  if (!language) return null;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    // The typings say the callback returns void, but returning true is how a parse is cancelled.
    const progressCallback = (() => Date.now() > deadline) as () => void;
    return parser.parse(text, null, { progressCallback });
  } finally {
    parser.delete();
  }
}

/**
 * Parses `text`, runs `use` on the tree and frees the tree afterwards, whatever `use` does. `use` must not
 * keep the tree or any of its nodes. Null when there is no grammar or the parse timed out.
 */
export async function withTree<T>(
  id: LanguageId,
  text: string,
  use: (tree: Tree) => T | Promise<T>,
  options: ParseOptions = {},
): Promise<T | null> {
  const tree = await parseSource(id, text, options);
  if (!tree) return null;
  try {
    return await use(tree);
  } finally {
    tree.delete();
  }
}

/** True when booty ships a tree-sitter grammar for `id` (the grammar is not loaded by this call). */
export function hasGrammar(id: LanguageId): boolean {
  return grammarPath(id) !== null;
}
