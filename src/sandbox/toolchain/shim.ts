/** What a version manager's shim stands for, found the way the manager itself would find it. */
export interface Shim {
  manager: string;
  /** The real program; null when the manager has no installation for the version asked for. */
  binary: string | null;
  note?: string;
}

export interface ShimContext {
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The project directory, for its version files (`.python-version`, `.tool-versions`, …); null for none. */
  root: string | null;
  /** `name` on booty's PATH, skipping directories for which `skip(realDir)` is true (the shims themselves). */
  search(name: string, skip: (realDir: string) => boolean): Promise<string | null>;
}

/** Recognises a shim by the real directory it was found in; null when `dirReal` is not this manager's. */
export type ShimResolver = (name: string, found: string, dirReal: string, ctx: ShimContext) => Promise<Shim | null>;

export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}
