import { join } from "node:path";
import { compareVersions, isExecutable, listDir, pickInstalled, readSmall, realOrNull, versionWords } from "./files.ts";
import type { Shim, ShimContext, ShimResolver } from "./shim.ts";

const VOLTA_TOOLS = new Set(["node", "npm", "npx", "yarn", "pnpm"]);

/**
 * volta's shims in `$VOLTA_HOME/bin`: the version pinned in the project's package.json `volta` key, else
 * the default platform; npm and npx come with node unless an npm version is pinned too.
 */
export const voltaShim: ShimResolver = async (name, _found, dirReal, ctx) => {
  const home = ctx.env.VOLTA_HOME || join(ctx.home, ".volta");
  if (dirReal !== (await realOrNull(join(home, "bin"))) || !VOLTA_TOOLS.has(name)) return null;
  const pinned = parseJson(ctx.root ? await readSmall(join(ctx.root, "package.json")) : null)?.volta ?? {};
  const platform = parseJson(await readSmall(join(home, "tools", "user", "platform.json")))?.node ?? {};
  const tool = name === "npx" ? "npm" : name;
  const image = join(home, "tools", "image");
  const wanted = pinned[tool] ?? (tool === "node" ? platform.runtime : tool === "npm" ? platform.npm : undefined);
  if (typeof wanted === "string") {
    const picked = await pickInstalled(join(image, tool), wanted);
    const binary = picked ? join(image, tool, picked, "bin", name) : null;
    if (binary && (await isExecutable(binary))) return { manager: "volta", binary };
  }
  const node = pinned.node ?? platform.runtime;
  if ((tool === "npm" || tool === "node") && typeof node === "string") {
    const picked = await pickInstalled(join(image, "node"), node);
    const binary = picked ? join(image, "node", picked, "bin", name) : null;
    if (binary && (await isExecutable(binary))) return { manager: "volta", binary };
  }
  return { manager: "volta", binary: null, note: `volta has no ${name} installed for this project` };
};

type Json = Record<string, Record<string, unknown> | undefined>;
function parseJson(text: string | null): Json | null {
  try {
    const value = text === null ? null : JSON.parse(text);
    return value && typeof value === "object" ? (value as Json) : null;
  } catch {
    return null;
  }
}

/**
 * nvm changes PATH in a shell; booty may run without it. When node is not on booty's PATH, the version
 * of the project's `.nvmrc`, else nvm's `default` alias, else the newest installed.
 */
export async function nvmFallback(name: string, ctx: ShimContext): Promise<Shim | null> {
  if (!["node", "npm", "npx", "corepack"].includes(name)) return null;
  const dir = join(ctx.env.NVM_DIR || join(ctx.home, ".nvm"), "versions", "node");
  const installed = await listDir(dir);
  if (installed.length === 0) return null;
  const wanted = [
    ...versionWords(ctx.root ? await readSmall(join(ctx.root, ".nvmrc")) : null),
    ...versionWords(await readSmall(join(dir, "..", "..", "alias", "default"))),
  ];
  for (const version of wanted) {
    const picked = await pickInstalled(dir, version, "v");
    const binary = picked ? join(dir, picked, "bin", name) : null;
    if (binary && (await isExecutable(binary))) return { manager: "nvm", binary };
  }
  for (const version of installed.sort(compareVersions).reverse()) {
    const binary = join(dir, version, "bin", name);
    if (await isExecutable(binary)) return { manager: "nvm", binary };
  }
  return null;
}
