import { join } from "node:path";
import { compareVersions, isExecutable, listDir, pickInstalled, readSmall, realOrNull, versionWords } from "./files.ts";
import { isInside, type ShimContext, type ShimResolver } from "./shim.ts";

/** `.tool-versions`: `plugin version…` per line, the project's first, then the home directory's. */
export async function toolVersions(ctx: ShimContext, plugin: string): Promise<string[]> {
  for (const dir of [ctx.root, ctx.home]) {
    if (dir === null) continue;
    for (const line of (await readSmall(join(dir, ".tool-versions")))?.split("\n") ?? []) {
      const [tool, ...versions] = versionWords(line);
      if (tool === plugin && versions.length > 0) return versions;
    }
  }
  return [];
}

/** An asdf shim names its plugins in comments (`# asdf-plugin: python 3.12.1`); the version is chosen as asdf does. */
export const asdfShim: ShimResolver = async (name, found, dirReal, ctx) => {
  const data = ctx.env.ASDF_DATA_DIR || join(ctx.home, ".asdf");
  const shims = await realOrNull(join(data, "shims"));
  if (shims === null || dirReal !== shims) return null;
  const text = (await readSmall(found)) ?? "";
  const plugins = [...new Set([...text.matchAll(/^# asdf-plugin: (\S+)/gm)].map((m) => m[1] as string))];
  for (const plugin of plugins) {
    for (const version of await toolVersions(ctx, plugin)) {
      if (version === "system") {
        const binary = await ctx.search(name, (dir) => isInside(dir, shims));
        if (binary) return { manager: "asdf", binary };
        continue;
      }
      const picked = await pickInstalled(join(data, "installs", plugin), version);
      const binary = picked ? join(data, "installs", plugin, picked, "bin", name) : null;
      if (binary && (await isExecutable(binary))) return { manager: "asdf", binary };
    }
  }
  return {
    manager: "asdf",
    binary: null,
    note: `asdf: no version of ${plugins.join(", ") || name} is set for ${name}`,
  };
};

/** mise: the tool whose installs hold `bin/<name>`, at the version `.tool-versions` or `mise.toml` asks for, else the newest. */
export const miseShim: ShimResolver = async (name, _found, dirReal, ctx) => {
  const data = ctx.env.MISE_DATA_DIR || join(ctx.home, ".local", "share", "mise");
  const shims = await realOrNull(join(data, "shims"));
  if (shims === null || dirReal !== shims) return null;
  for (const tool of await listDir(join(data, "installs"))) {
    const dir = join(data, "installs", tool);
    const wanted = [...(await toolVersions(ctx, tool)), ...(await miseToml(ctx, tool))];
    const candidates = wanted.length > 0 ? wanted : ["latest"];
    for (const version of candidates) {
      const picked = version === "latest" ? await newestWith(dir, name) : await pickInstalled(dir, version);
      const binary = picked ? join(dir, picked, "bin", name) : null;
      if (binary && (await isExecutable(binary))) return { manager: "mise", binary };
    }
  }
  return { manager: "mise", binary: null, note: `mise has no installed tool providing ${name}` };
};

async function newestWith(dir: string, name: string): Promise<string | null> {
  const versions = (await listDir(dir)).sort(compareVersions).reverse();
  for (const v of versions) if (await isExecutable(join(dir, v, "bin", name))) return v;
  return null;
}

/** `tool = "1.2"` or `tool = ["1.2"]` under `[tools]` in the project's `mise.toml` or `.mise.toml`. */
async function miseToml(ctx: ShimContext, tool: string): Promise<string[]> {
  if (ctx.root === null) return [];
  for (const file of ["mise.toml", ".mise.toml"]) {
    const text = await readSmall(join(ctx.root, file));
    const tools = text?.split(/^\[tools\]\s*$/m)[1]?.split(/^\[/m)[0] ?? "";
    for (const line of tools.split("\n")) {
      const m = /^\s*"?([A-Za-z0-9_-]+)"?\s*=\s*\[?\s*"([^"]+)"/.exec(line);
      if (m && m[1] === tool) return [m[2] as string];
    }
  }
  return [];
}
