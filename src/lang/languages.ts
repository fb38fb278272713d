/**
 * Which language a repository file is written in, from its path alone (never its content: the path is what
 * the localizer and the validator both have, and it cannot lie about size). Unknown files map to null.
 */
export const LANGUAGE_IDS = [
  "python",
  "javascript",
  "typescript",
  "tsx",
  "json",
  "jsonc",
  "yaml",
  "go",
  "rust",
  "java",
  "ruby",
  "c",
  "cpp",
  "c_sharp",
  "php",
  "bash",
  "css",
  "swift",
  "dart",
  "solidity",
] as const;

export type LanguageId = (typeof LANGUAGE_IDS)[number];

const BY_EXTENSION: Readonly<Record<string, LanguageId>> = {
  py: "python",
  pyi: "python",
  pyw: "python",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  json: "json",
  jsonc: "jsonc",
  json5: "jsonc",
  yaml: "yaml",
  yml: "yaml",
  go: "go",
  rs: "rust",
  java: "java",
  rb: "ruby",
  rake: "ruby",
  gemspec: "ruby",
  c: "c",
  // C++ headers are common and the C++ grammar reads plain C headers too; the reverse is not true.
  h: "cpp",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  "c++": "cpp",
  hh: "cpp",
  hpp: "cpp",
  hxx: "cpp",
  cs: "c_sharp",
  php: "php",
  sh: "bash",
  bash: "bash",
  css: "css",
  swift: "swift",
  dart: "dart",
  sol: "solidity",
};

const BY_FILE_NAME: Readonly<Record<string, LanguageId>> = {
  gemfile: "ruby",
  rakefile: "ruby",
  podfile: "ruby",
  vagrantfile: "ruby",
  ".bashrc": "bash",
  ".bash_profile": "bash",
  ".profile": "bash",
  "pipfile.lock": "json",
  ".babelrc": "jsonc",
  ".eslintrc": "jsonc",
  "devcontainer.json": "jsonc",
  ".eslintrc.json": "jsonc",
  "biome.json": "jsonc",
};

/**
 * JSON files that the tools reading them accept with comments and trailing commas (TypeScript's own
 * config files, VS Code settings); checking them as strict JSON would reject valid files.
 */
function isJsoncPath(segments: readonly string[], name: string): boolean {
  if (/^[tj]sconfig(\..*)?\.json$/.test(name)) return true;
  const parent = segments[segments.length - 2];
  return (parent === ".vscode" || parent === ".devcontainer") && name.endsWith(".json");
}

/** The language of `path` (repository-relative or absolute, `/` or `\` separated), or null if unknown. */
export function languageForPath(path: string): LanguageId | null {
  const segments = path.split(/[\\/]/).filter((part) => part.length > 0);
  const name = (segments[segments.length - 1] ?? "").toLowerCase();
  if (name === "") return null;
  const byName = BY_FILE_NAME[name];
  if (byName) return byName;
  if (isJsoncPath(segments, name)) return "jsonc";
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  const extension = name.slice(dot + 1);
  return Object.hasOwn(BY_EXTENSION, extension) ? (BY_EXTENSION[extension] ?? null) : null;
}

export function isLanguageId(value: string): value is LanguageId {
  return (LANGUAGE_IDS as readonly string[]).includes(value);
}
