import { stat } from "node:fs/promises";
import { join } from "node:path";
import { isExecutable, listDir, readSmall, realOrNull, versionWords } from "./files.ts";
import type { ShimResolver } from "./shim.ts";

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

/**
 * rustup's proxies in `$CARGO_HOME/bin` (cargo, rustc, … are rustup itself under another name): the
 * toolchain of RUSTUP_TOOLCHAIN, the project's `rust-toolchain(.toml)`, else rustup's default.
 */
export const rustupShim: ShimResolver = async (name, found, dirReal, ctx) => {
  const cargoBin = join(ctx.env.CARGO_HOME || join(ctx.home, ".cargo"), "bin");
  if (dirReal !== (await realOrNull(cargoBin)) || name === "rustup") return null;
  if (!(await sameFile(found, join(cargoBin, "rustup")))) return null;
  const rustupHome = ctx.env.RUSTUP_HOME || join(ctx.home, ".rustup");
  const wanted =
    ctx.env.RUSTUP_TOOLCHAIN ||
    (await projectToolchain(ctx.root)) ||
    /^default_toolchain\s*=\s*"([^"]+)"/m.exec((await readSmall(join(rustupHome, "settings.toml"))) ?? "")?.[1];
  if (!wanted || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(wanted)) {
    return { manager: "rustup", binary: null, note: "rustup has no default toolchain" };
  }
  const installed = await listDir(join(rustupHome, "toolchains"));
  const toolchain = installed.includes(wanted) ? wanted : installed.find((t) => t.startsWith(`${wanted}-`));
  const binary = toolchain ? join(rustupHome, "toolchains", toolchain, "bin", name) : null;
  if (binary && (await isExecutable(binary))) return { manager: "rustup", binary };
  return { manager: "rustup", binary: null, note: `rustup toolchain ${wanted} has no ${name}` };
};

async function projectToolchain(root: string | null): Promise<string | undefined> {
  if (root === null) return undefined;
  const toml = await readSmall(join(root, "rust-toolchain.toml"));
  if (toml !== null) return /^\s*channel\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  return versionWords(await readSmall(join(root, "rust-toolchain")))[0];
}
