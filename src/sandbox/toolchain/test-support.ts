import { chmod, link, mkdir, mkdtemp, realpath, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temp directory the sandbox uid can traverse, like a home directory under /home. */
export async function openDir(prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
  await chmod(dir, 0o755);
  return dir;
}

/** An executable shell script at `path` (parents created). */
export async function exe(path: string, body: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

export async function file(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * A pyenv as installed by its installer: shims that run `pyenv exec`, a global version file, and
 * interpreters under versions/<v>/bin whose python3 says which one it is.
 */
export async function fakePyenv(home: string, versions: string[], global: string): Promise<void> {
  const root = join(home, ".pyenv");
  await exe(join(root, "shims", "python3"), `exec "${root}/libexec/pyenv" exec python3 "$@"`);
  await file(join(root, "version"), `${global}\n`);
  for (const v of versions) await exe(join(root, "versions", v, "bin", "python3"), `echo "fake python ${v} $*"`);
}

/** rustup's proxies are rustup itself under other names (hard links or symlinks). */
export async function fakeRustup(home: string, toolchain: string): Promise<void> {
  const bin = join(home, ".cargo", "bin");
  await exe(join(bin, "rustup"), "echo rustup");
  await link(join(bin, "rustup"), join(bin, "cargo"));
  await symlink("rustup", join(bin, "rustc"));
  await file(join(home, ".rustup", "settings.toml"), `default_toolchain = "${toolchain}"\n`);
  for (const name of ["cargo", "rustc"]) {
    await exe(join(home, ".rustup", "toolchains", toolchain, "bin", name), `echo "${name} from ${toolchain}"`);
  }
}
