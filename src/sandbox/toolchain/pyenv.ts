import { join } from "node:path";
import { isExecutable, pickInstalled, readSmall, realOrNull, versionWords } from "./files.ts";
import { isInside, type ShimResolver } from "./shim.ts";

/**
 * pyenv's `pyenv which`: the versions from PYENV_VERSION, the project's `.python-version` or the global
 * `$PYENV_ROOT/version`, each tried in turn; `system` is the next program of that name on PATH.
 */
export const pyenvShim: ShimResolver = async (name, _found, dirReal, ctx) => {
  const root = ctx.env.PYENV_ROOT || join(ctx.home, ".pyenv");
  const rootReal = await realOrNull(root);
  if (rootReal === null || !isInside(dirReal, rootReal) || !dirReal.endsWith("/shims")) return null;
  const versions = pyenvVersions(
    ctx.env.PYENV_VERSION,
    ctx.root ? await readSmall(join(ctx.root, ".python-version")) : null,
    await readSmall(join(root, "version")),
  );
  for (const version of versions) {
    if (version === "system") {
      const binary = await ctx.search(name, (dir) => isInside(dir, rootReal));
      if (binary) return { manager: "pyenv", binary };
      continue;
    }
    const picked = await pickInstalled(join(root, "versions"), version);
    const binary = picked ? join(root, "versions", picked, "bin", name) : null;
    if (binary && (await isExecutable(binary))) return { manager: "pyenv", binary };
  }
  return { manager: "pyenv", binary: null, note: `pyenv has no ${name} in version ${versions.join(", ")}` };
};

function pyenvVersions(fromEnv: string | undefined, project: string | null, global: string | null): string[] {
  if (fromEnv?.trim()) return fromEnv.split(":").filter(Boolean);
  const local = versionWords(project);
  if (local.length > 0) return local;
  const chosen = versionWords(global);
  return chosen.length > 0 ? chosen : ["system"];
}
