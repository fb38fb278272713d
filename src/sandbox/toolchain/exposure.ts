import { stat } from "node:fs/promises";
import { dirname, isAbsolute, normalize, sep } from "node:path";

/** Where booty keeps what the sandbox must never see, besides the fixed system places. */
export interface ExposureContext {
  home: string;
  dataDir?: string | undefined;
  /** The temp directory: other jobs' scratch copies live under it. */
  tmp?: string | undefined;
}

/** A path with any of these as a component is a secret location, in any home directory. */
const SECRET_NAMES = new Set([
  ".ssh",
  ".gnupg",
  ".aws",
  ".azure",
  ".config",
  ".docker",
  ".kube",
  ".netrc",
  ".git-credentials",
  ".npmrc",
  ".pypirc",
  ".password-store",
  ".vault-token",
  "credentials",
  "credentials.toml",
  "credentials.json",
]);

/**
 * Never shown, whoever asks: the kernel's and the system's state, and where hosts keep data (databases,
 * logs, backups, mail, other services' files). A test's output reaches the model and the pull request.
 */
const SYSTEM = ["/proc", "/sys", "/dev", "/etc", "/run", "/boot", "/var", "/srv", "/mnt", "/media"];

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/**
 * Why `real` (a realpath: symlinks already resolved) must not be mounted, or null. Refused: the system's
 * private places, booty's data dir and anything in it, a secret location or anything in it, and any
 * directory that contains one of those (the home directory itself, /, /home, the temp directory).
 */
export function exposureRefusal(real: string, ctx: ExposureContext): string | null {
  if (!isAbsolute(real) || normalize(real) !== real) return "not an absolute, normal path";
  const secret = real.split(sep).find((part) => SECRET_NAMES.has(part));
  if (secret) return `it is a secret location (${secret})`;
  const system = SYSTEM.find((dir) => inside(real, dir));
  if (system) return `${system} is never shown to the sandbox`;
  const data = ctx.dataDir ? normalize(ctx.dataDir) : null;
  if (data && inside(real, data)) return "it is inside booty's data directory";
  const guarded: [string | null | undefined, string][] = [
    [ctx.home, "the home directory"],
    [data, "booty's data directory"],
    [ctx.tmp, "the temp directory"],
    ["/home", "the home directories"],
    ["/root", "root's home directory"],
  ];
  for (const [dir, what] of guarded) if (dir && inside(normalize(dir), real)) return `it contains ${what} (${dir})`;
  return null;
}

/**
 * Why the sandbox uid could not read `real`, or null. bwrap runs as that uid, so every directory above a
 * mount must be searchable by it (a toolchain under a 0700 /root is not) and the prefix itself readable.
 */
export async function unreachableBy(uid: number | null, real: string): Promise<string | null> {
  if (uid === null) return null;
  const allows = async (path: string, bits: number): Promise<boolean> => {
    const info = await stat(path);
    const shift = info.uid === uid ? 6 : info.gid === uid ? 3 : 0;
    return ((info.mode >> shift) & bits) === bits;
  };
  if (!(await allows(real, 0o5))) return `${real} is not readable by the sandbox user (uid ${uid})`;
  for (let at = dirname(real); ; at = dirname(at)) {
    if (!(await allows(at, 0o1))) {
      return `${at} is not searchable by the sandbox user (uid ${uid}): run booty as an ordinary user, or chmod o+x ${at}`;
    }
    if (at === dirname(at)) return null;
  }
}
