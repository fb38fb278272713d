/**
 * Preloaded with `node --import` by tests that check what a command loads: records the URL of every module
 * the process loads and, on exit, writes them one a line to the file named by BOOTY_TEST_LOADS_FILE.
 */
import { writeFileSync } from "node:fs";
import { registerHooks } from "node:module";

const out = process.env.BOOTY_TEST_LOADS_FILE;
const seen = new Set<string>();
registerHooks({
  load(url, context, next) {
    seen.add(url);
    return next(url, context);
  },
});
process.on("exit", () => {
  if (out) writeFileSync(out, [...seen].join("\n"));
});
