import { isAscii } from "node:buffer";

/** How a file takes part in ranking. Anything but "source", "test", "doc" and "config" is indexed by path only. */
export type FileKind =
  | "source"
  | "test"
  | "doc"
  | "config"
  | "vendored"
  | "generated"
  | "binary"
  | "minified"
  | "huge"
  | "data";

/** Every kind, in the order of the one-byte codes the index stores and build threads exchange. */
export const FILE_KINDS: readonly FileKind[] = [
  "source",
  "test",
  "doc",
  "config",
  "vendored",
  "generated",
  "binary",
  "minified",
  "huge",
  "data",
];

/** Files past this size are not read: they are almost never what an issue is about and would cost memory. */
export const MAX_INDEXED_BYTES = 1024 * 1024;

const BINARY_EXT = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp tif tiff psd svgz pdf zip gz tgz bz2 xz 7z rar jar war ear whl egg " +
    "class o a so dylib dll exe bin obj lib pyc pyo pyd wasm woff woff2 ttf otf eot mp3 mp4 wav ogg flac " +
    "avi mov mkv webm sqlite db dat npy npz pkl pickle h5 hdf5 parquet feather onnx pt pth ckpt mo"
  ).split(" "),
);
/**
 * Translation catalogs: tens of thousands of tokens of every message the program prints, in every language.
 * Their words match almost any issue, yet a fix is never made there: data, ranked by path only.
 */
const DATA_EXT = new Set(["po", "pot"]);
const DOC_EXT = new Set(["md", "rst", "txt", "adoc", "asciidoc", "org", "textile", "rdoc", "pod"]);
const CONFIG_EXT = new Set([
  "json",
  "yaml",
  "yml",
  "toml",
  "ini",
  "cfg",
  "conf",
  "lock",
  "xml",
  "csv",
  "tsv",
  "properties",
  "env",
]);
const LOCKFILES = new Set([
  "package-lock.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "poetry.lock",
  "cargo.lock",
  "gemfile.lock",
  "composer.lock",
  "go.sum",
  "pipfile.lock",
  "uv.lock",
]);
const VENDOR_DIRS = new Set([
  "vendor",
  "vendors",
  "vendored",
  "_vendor",
  "third_party",
  "thirdparty",
  "third-party",
  "node_modules",
  "bower_components",
  "external",
  "externals",
  "deps",
]);
const GENERATED_DIRS = new Set([
  "dist",
  "build",
  "out",
  "target",
  "coverage",
  "__generated__",
  "generated",
  ".next",
  ".nuxt",
]);
// Only in a comment near the top: a docstring that merely talks about generated things must not count.
const GENERATED_MARK =
  /^\s*(#|\/\/|\/\*|\*|--|<!--).*(@generated|do not edit|(file|code) (is|was) (automatically |auto-?)?generated)/im;
const MAYBE_GENERATED = /generated|do not edit/i;
const TEST_WORDS = new Set([
  "test",
  "tests",
  "testing",
  "spec",
  "specs",
  "__tests__",
  "__mocks__",
  "fixtures",
  "testdata",
  "conftest",
]);

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  return dot <= 0 ? "" : base.slice(dot + 1).toLowerCase();
}

/** SWE-bench's rule (split on space, `_`, `/`, `.`), widened with `-` and the usual spec/fixture folders. */
export function isTestPath(path: string): boolean {
  for (const part of path.toLowerCase().split(/[\s_/.-]+/)) if (TEST_WORDS.has(part)) return true;
  return false;
}

/** What a folder path says about the files in it. */
interface DirFacts {
  vendored: boolean;
  /** Has a `packages` component below the top: vendored when the file is Python. */
  innerPackages: boolean;
  generated: boolean;
  test: boolean;
}

function dirFacts(dir: string): DirFacts {
  const dirs = dir ? dir.toLowerCase().split("/") : [];
  return {
    vendored: dirs.some((d) => VENDOR_DIRS.has(d)),
    innerPackages: dirs.indexOf("packages") > 0,
    generated: dirs.some((d) => GENERATED_DIRS.has(d)),
    test: dirs.some((d) => isTestPath(d)),
  };
}

/** Classification from the path alone; content checks (`classifyContent`) can only make it worse. */
export function classifyPath(path: string): FileKind {
  return new PathClassifier().classify(path);
}

/** `classifyPath` with the verdicts about folders remembered: 50,000 files share a few thousand folders. */
export class PathClassifier {
  private readonly dirs = new Map<string, DirFacts>();

  classify(path: string): FileKind {
    const slash = path.lastIndexOf("/");
    const dir = slash < 0 ? "" : path.slice(0, slash);
    let facts = this.dirs.get(dir);
    if (!facts) {
      facts = dirFacts(dir);
      this.dirs.set(dir, facts);
    }
    const base = path.slice(slash + 1).toLowerCase();
    const ext = extensionOf(base);
    if (BINARY_EXT.has(ext)) return "binary";
    if (DATA_EXT.has(ext)) return "data";
    if (LOCKFILES.has(base)) return "generated";
    if (GENERATED_NAME.test(base)) return "generated";
    if (facts.vendored) return "vendored";
    // A `packages` folder inside a package is where Python projects keep vendored copies (`pkg/packages/six`);
    // a top-level `packages/` is a monorepo's own code and stays source.
    if (ext === "py" && facts.innerPackages) return "vendored";
    if (facts.generated) return "generated";
    if (facts.test || isTestPath(base)) return "test";
    if (DOC_EXT.has(ext) || (ext === "" && DOC_NAME.test(base))) return "doc";
    if (CONFIG_EXT.has(ext)) return "config";
    return "source";
  }
}

const GENERATED_NAME =
  /\.min\.(js|css|mjs)$|\.bundle\.js$|_pb2(_grpc)?\.py$|\.pb\.go$|\.generated\.|\.g\.dart$|\.designer\.cs$/;
const DOC_NAME = /^(readme|changelog|changes|history|license|authors|contributing|news)/;

/** Looks at the first bytes: NUL means binary; marker comments mean generated; long lines mean minified. */
export function classifyContent(kind: FileKind, bytes: Uint8Array, text: string): FileKind {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return "binary";
  // More than 1 % undecodable characters: some other encoding or binary; not worth tokenising. (Most
  // files are ASCII, which a vectorised check tells without looking at each character.)
  if (!isAscii(bytes)) {
    let bad = 0;
    const sample = text.length > 65536 ? text.slice(0, 65536) : text;
    for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0xfffd) bad++;
    if (bad > sample.length / 100 + 2) return "binary";
  }
  if (kind === "source" || kind === "test") {
    const start = text.slice(0, 800);
    // Every marker contains "generated" or "do not edit": a plain search rules most files out before the
    // line-anchored pattern, which backtracks over every line.
    if (MAYBE_GENERATED.test(start) && GENERATED_MARK.test(start)) return "generated";
    if (text.length > 5000) {
      let lines = 1;
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
      if (text.length / lines > 300) return "minified";
    }
  }
  return kind;
}

/** Prior weight of a kind in the final score: an issue is usually fixed in source, rarely in a vendored copy. */
export function kindPrior(kind: FileKind, issueAboutTests: boolean): number {
  switch (kind) {
    case "source":
      return 1;
    case "test":
      return issueAboutTests ? 0.8 : 0.35;
    case "config":
      return 0.45;
    case "doc":
      return 0.35;
    case "vendored":
      return 0.15;
    default:
      return 0.05;
  }
}

/** Whether a kind's content is tokenised into the index. */
export function indexesContent(kind: FileKind): boolean {
  return kind === "source" || kind === "test" || kind === "doc" || kind === "config";
}
