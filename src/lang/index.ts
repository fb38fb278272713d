export { GRAMMAR_SOURCES, type GrammarSource, grammarPath } from "./grammars.ts";
export { isLanguageId, LANGUAGE_IDS, type LanguageId, languageForPath } from "./languages.ts";
export {
  hasGrammar,
  Language,
  loadLanguage,
  type Node,
  type ParseOptions,
  type Point,
  parseSource,
  Query,
  type QueryCapture,
  type QueryMatch,
  type Tree,
  withTree,
} from "./parser.ts";
