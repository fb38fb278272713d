import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, test } from "node:test";
import { blobKeys } from "../workspace/blob-ids.ts";
import { buildIndex } from "./index/build.ts";
import { contextCommandJson, formatContextReport, localize } from "./index.ts";
import { parseIssue } from "./issue/issue.ts";
import { segmentIssue } from "./issue/segment-issue.ts";
import { importEdges } from "./rank/edges.ts";
import { PathResolver } from "./rank/resolve.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string | Uint8Array>): { root: string; files: string[]; commit: string } {
  const root = mkdtempSync(join(tmpdir(), "booty-localize-"));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: root, encoding: "utf8" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", "init");
  return { root, files: Object.keys(files), commit: git("rev-parse", "HEAD").trim() };
}

const APP = {
  "shop/cart.py":
    "class Cart:\n    def add_item(self, item):\n        self.items.append(item)\n\n    def total_price(self):\n        return sum(i.price for i in self.items)\n",
  "shop/payment.py":
    "from shop.cart import Cart\n\ndef charge_card(cart: Cart, card):\n    amount = cart.total_price()\n    raise ValueError('card declined for amount')\n",
  "shop/shipping.py": "def shipping_cost(weight):\n    return weight * 2\n",
  "tests/test_cart.py": "from shop.cart import Cart\n\ndef test_total_price():\n    assert Cart().total_price() == 0\n",
  "README.md": "# shop\nA shop with a cart, payment and shipping.\n",
};

test("a defined identifier named in the issue ranks its file first, with a reason", async () => {
  const r = repo(APP);
  const res = await localize({
    ...r,
    issue: { title: "`total_price` ignores quantities", body: "Cart total is wrong." },
  });
  assert.equal(res.files[0]?.path, "shop/cart.py");
  assert.ok(res.files[0]?.reasons.some((x) => x.includes("defines total_price")));
  assert.ok(res.files.findIndex((f) => f.path === "tests/test_cart.py") > 0, "the test file ranks below the source");
});

test("stack frames and dotted modules point at their files", async () => {
  const r = repo(APP);
  const body =
    'Traceback (most recent call last):\n  File "/home/u/venv/lib/shop/payment.py", line 5, in charge_card\nValueError: card declined';
  const res = await localize({ ...r, issue: { title: "crash when paying", body } });
  assert.equal(res.files[0]?.path, "shop/payment.py");
  assert.ok(res.files[0]?.reasons.some((x) => x.startsWith("stack frame: line 5")));
  const mod = await localize({ ...r, issue: { title: "shipping", body: "shop.shipping.shipping_cost is off" } });
  assert.equal(mod.files[0]?.path, "shop/shipping.py");
});

test("packing respects the budget and falls back to regions of a large file", async () => {
  const big = Array.from({ length: 3000 }, (_, i) => `def helper_${i}(x):\n    return x + ${i}\n`).join("");
  const r = repo({ ...APP, "shop/big.py": `${big}def compute_discount(cart):\n    return 0\n` });
  const res = await localize({
    ...r,
    issue: { title: "compute_discount is wrong", body: "`compute_discount` returns 0" },
    budget: 2000,
  });
  assert.ok(res.used <= 2000);
  const part = res.packed.find((p) => p.path === "shop/big.py");
  assert.ok(part?.partial, "the large file is packed as regions");
  assert.match(part.text, /^\[start of shop\/big\.py\]\n/);
  assert.match(part.text, /\d+ def compute_discount/);
  const json = contextCommandJson(res);
  assert.deepEqual(Object.keys(json), ["files", "packed", "budget", "used"]);
  assert.deepEqual(Object.keys(json.files[0] ?? {}), ["path", "score", "tokens", "reasons"]);
  assert.match(formatContextReport(res), /shop\/big\.py/);
  assert.match(res.repoMap, /compute_discount \(line \d+\)/);
});

test("hostile files and issues are handled without throwing", async () => {
  const r = repo({
    ...APP,
    "bin/blob.dat": new Uint8Array([0, 1, 2, 3, 255, 0]),
    "shop/latin1.py": new Uint8Array([0x23, 0x20, 0xe9, 0xe8, 0xff, 0xfe, 0x0a, 0xe9, 0xe9, 0xe9, 0xe9, 0xe9]),
    "shop/huge.py": `x = 1\n${"# total_price\n".repeat(90_000)}`,
    "static/app.js": `var a=${"1+".repeat(20_000)}1;`,
    "special.txt": "<|endoftext|> total_price",
  });
  const files = [...r.files, "gone/vanished.py"];
  const res = await localize({ root: r.root, files, issue: { title: "total_price", body: "x".repeat(100_000) } });
  assert.equal(res.files[0]?.path, "shop/cart.py");
  assert.ok(!res.files.slice(0, 3).some((f) => f.path === "shop/huge.py"));
  const none = await localize({ root: r.root, files, issue: { title: "", body: "" } });
  assert.deepEqual(none.files, []);
  const emptyRepo = repo({});
  assert.deepEqual((await localize({ root: emptyRepo.root, files: [], issue: { title: "x", body: "y" } })).files, []);
});

test("the index is cached per commit and reused for unchanged files of a new commit", async () => {
  const r = repo(APP);
  const cacheDir = join(r.root, ".cache-index");
  const first = await localize({ ...r, cacheDir, listBlobs: blobKeys, issue: { title: "total_price", body: "" } });
  assert.ok(readdirSync(cacheDir).some((f) => f === `${r.commit}.idx`));
  const again = await localize({ ...r, cacheDir, listBlobs: blobKeys, issue: { title: "total_price", body: "" } });
  assert.deepEqual(again.files, first.files);
  writeFileSync(
    join(r.root, "shop/shipping.py"),
    "def shipping_cost(weight):\n    return free_shipping_rule(weight)\n",
  );
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "b"], { cwd: r.root });
  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: r.root, encoding: "utf8" }).trim();
  const next = await localize({
    ...r,
    commit,
    cacheDir,
    listBlobs: blobKeys,
    issue: { title: "free_shipping_rule", body: "" },
  });
  assert.equal(next.files[0]?.path, "shop/shipping.py", "the changed file was re-read");
  const cart = await localize({
    ...r,
    commit,
    cacheDir,
    listBlobs: blobKeys,
    issue: { title: "`add_item`", body: "" },
  });
  assert.equal(cart.files[0]?.path, "shop/cart.py", "unchanged files kept their terms");
});

test("package lists are not evidence; a dashed option finds the setting named after it", async () => {
  const r = repo({
    ...APP,
    "shop/shipping.py": "def shipping_cost(weight):\n    return weight * 2\n",
    "shop/modes.py": "class PriceMode:\n    exact = 1\n",
  });
  const pipList = ["Package    Version", "---------- -------", ...["shipping 1.0", "payment 2.3.1", "cart 0.9"]]
    .map((l) => `${l}\r`)
    .join("\n");
  const res = await localize({
    ...r,
    issue: { title: "totals wrong with --price-mode=exact", body: `\`\`\`\n$ pip list\r\n${pipList}\n\`\`\`` },
  });
  assert.equal(res.files[0]?.path, "shop/modes.py");
  assert.ok(!res.files.some((f) => f.path === "shop/shipping.py"), "a package name in a pip list points nowhere");
});

test("between two equally worded files, the one beside the issue's main file ranks higher", async () => {
  const same = "def refund_rounding(x):\n    return round(x, 2)\n";
  const r = repo({
    "billing/other/rounding.py": same,
    "billing/core/invoice.py": "class InvoiceTotal:\n    def compute(self):\n        return 0\n",
    "billing/core/rounding.py": same,
  });
  const res = await localize({
    ...r,
    issue: { title: "`InvoiceTotal.compute` is off by a cent", body: "refund rounding is wrong" },
  });
  assert.equal(res.files[0]?.path, "billing/core/invoice.py");
  const rank = (p: string) => res.files.findIndex((f) => f.path === p);
  assert.ok(rank("billing/core/rounding.py") < rank("billing/other/rounding.py"));
});

test("printed output is told from the reporter's words and code; a bare first line is the title", () => {
  const body = [
    "Crash in `compute_total` with empty carts",
    "When the cart is empty the total fails.",
    "```python",
    "from shop.cart import Cart",
    "Cart().total_price()",
    "```",
    "```",
    "$ shop checkout --dry-run",
    "Traceback (most recent call last):",
    '  File "/venv/lib/shop/payment.py", line 5, in charge_card',
    "    amount = cart.total_price()",
    "ValueError: card declined for amount",
    "```",
  ].join("\n");
  const kinds = segmentIssue("", body).map((s) => [s.kind, s.text.split("\n")[0]]);
  assert.deepEqual(kinds[0], ["title", "Crash in `compute_total` with empty carts"]);
  assert.deepEqual(kinds[1], ["prose", "When the cart is empty the total fails."]);
  assert.deepEqual(kinds[2], ["code", "from shop.cart import Cart"]);
  const lines = segmentIssue("", body).flatMap((s) => s.text.split("\n").map((l) => [s.kind, l.trim()] as const));
  assert.ok(
    lines.some(([k, l]) => k === "code" && l === "shop checkout --dry-run"),
    "a prompt line is code",
  );
  assert.ok(lines.some(([k, l]) => k === "output" && l.startsWith("Traceback")));
  assert.ok(
    lines.some(([k, l]) => k === "code" && l === "amount = cart.total_price()"),
    "echoed source is code",
  );
  assert.ok(lines.some(([k, l]) => k === "output" && l.startsWith("ValueError")));
  assert.equal(segmentIssue("Given title", "first line\nsecond")[1]?.text, "first line\nsecond");
});

test("printed words weigh less than the reporter's, and a log's repeats count sublinearly", () => {
  const log = Array.from({ length: 50 }, (_, i) => `src/gen/ui.py:${i}:0: W0201: widget defined outside init`);
  const issue = parseIssue("", ["`--recursive` ignores `ignore-paths`", "```", ...log, "```"].join("\n"));
  assert.ok((issue.terms.get("recursive") ?? 0) > (issue.terms.get("widget") ?? 0));
  assert.ok((issue.terms.get("widget") ?? 0) < 3, "fifty repeats of a printed word are not fifty mentions");
  assert.ok(!issue.identifiers.has("src"), "a path's folders are not names");
  assert.ok(!issue.identifiers.has("W0201"), "printed words that are not shaped like code are not names");
});

test("a library name reached through an import is not evidence for a repository file defining it", async () => {
  const r = repo({
    ...APP,
    "shop/workdir.py": "import os\n\ndef chdir(path):\n    os.chdir(path)\n",
    "shop/paths.py": "def report_path(item):\n    return item.location\n",
  });
  const body = "```python\nimport os\n\ndef test_it():\n    os.chdir('sub')\n    report_path(item)\n```";
  const issue = parseIssue("Wrong report path after a directory change", body);
  assert.deepEqual([...(issue.imported.get("chdir") ?? [])], ["os"]);
  assert.ok(!issue.imported.has("report_path"));
  const res = await localize({ ...r, issue: { title: "Wrong report path after a directory change", body } });
  const reasons = res.files.find((f) => f.path === "shop/workdir.py")?.reasons ?? [];
  assert.ok(!reasons.some((x) => x.includes("defines chdir")), "os.chdir is the standard library's");
  assert.ok(res.files[0]?.path === "shop/paths.py");
});

test("a setting named in the issue finds the file declaring it as a string literal", async () => {
  const r = repo({
    ...APP,
    "shop/options.py": 'OPTIONS = [("price-mode", {"choices": ["exact", "rounded"]})]\n',
    "shop/notes.py": "# the price mode is exact unless rounded\n",
    "shop/cli.py": 'import click\n\n@click.command("refunds")\ndef refund_list():\n    pass\n',
    "shop/listing.py": "# refunds are listed by the refund list\nrefund = 1\n",
  });
  const res = await localize({ ...r, issue: { title: "price-mode=rounded is ignored", body: "price mode" } });
  const words = parseIssue("x", "a built-in check: set `price-mode` or run `shop --dry-run`").settings;
  assert.deepEqual(words.sort(), ["dry-run", "price-mode"], "dashed English words in prose are not settings");
  const rank = (p: string) => res.files.findIndex((f) => f.path === p);
  assert.ok(rank("shop/options.py") >= 0 && rank("shop/options.py") < rank("shop/notes.py"));
  assert.ok(res.files[rank("shop/options.py")]?.reasons.includes("contains text quoted in the issue"));
  const cmd = await localize({ ...r, issue: { title: "refunds list", body: "```\n$ shop refunds\n```" } });
  assert.equal(cmd.files[0]?.path, "shop/cli.py", "`shop refunds` runs the repository's own program");
});

test("the innermost repository frame of a traceback outranks the entry point; a stray file name is weak", async () => {
  const r = repo({
    ...APP,
    "shop/main.py":
      "from shop.payment import charge_card\n\ndef run_checkout():\n    # checkout crash report\n    charge_card(None, None)\n",
    "shop/pathlib.py": "def clean(p):\n    return p\n",
  });
  const body = [
    "Traceback (most recent call last):",
    '  File "/srv/app/shop/main.py", line 5, in run_checkout',
    '  File "/srv/app/shop/payment.py", line 5, in charge_card',
    '  File "C:\\\\Python38\\\\lib\\\\pathlib.py", line 1266, in mkdir',
    "ValueError: boom",
  ].join("\n");
  const res = await localize({ ...r, issue: { title: "checkout crash", body } });
  const rank = (p: string) => res.files.findIndex((f) => f.path === p);
  assert.equal(res.files[0]?.path, "shop/payment.py");
  assert.ok(rank("shop/main.py") < rank("shop/pathlib.py") || rank("shop/pathlib.py") < 0);
});

test("only a repository's top-level modules make an imported name its own", async () => {
  const r = repo({
    "src/shop/__init__.py": "",
    "src/shop/logging.py": "class Logger:\n    store = None\n",
    "src/shop/store.py": "class Store:\n    def message(self):\n        pass\n",
  });
  const body = "```python\nimport logging\nfrom shop.store import Store\nlogging.Logger.store\nStore().message()\n```";
  const res = await localize({ ...r, issue: { title: "message lost", body } });
  const logger = res.files.find((f) => f.path === "src/shop/logging.py");
  assert.ok(!logger?.reasons.some((x) => x.includes("defines Logger")), "logging is the standard library's here");
  assert.ok(res.files[0]?.path === "src/shop/store.py");
});

test("words in prose strings, prose comments and template comments of an issue's code are not names", () => {
  const body = [
    "<!-- Thanks for filing! Please describe the_template_field -->",
    "```python",
    "# import must come after the skip",
    "# monkeypatch.chdir(tmp_dir)",
    'skip(msg="Requires Python after_all 3.8", allow_level=True)',
    "print(str(value))",
    "self.config = load(path)",
    "```",
  ].join("\n");
  const issue = parseIssue("skip fails", body);
  assert.ok(!issue.identifiers.has("after_all") && !issue.identifiers.has("must"), "prose is not names");
  assert.ok(issue.identifiers.has("allow_level") && issue.identifiers.has("chdir"), "code and commented code are");
  assert.ok(!issue.identifiers.has("the_template_field"), "a template's comment is dropped");
  assert.deepEqual([...(issue.imported.get("str") ?? [])], ["builtins"], "a bare str() is the language's");
  assert.deepEqual([...(issue.imported.get("config") ?? [])], ["self"], "self.config is the enclosing class's");
});

test("a test file that reads like the issue lends weight to the module it tests", async () => {
  const files = {
    "pkg/__init__.py": "",
    "pkg/skipping.py": "def evaluate(item):\n    return item.flag\n",
    "pkg/nodes.py": "def add_marker(item, marker):\n    # the marker is added to the node\n    return item\n",
    "tests/test_skipping.py":
      "def test_dynamic_xfail_marker_ignored():\n    # dynamically added xfail marker is ignored on failure\n    pass\n",
  };
  const r = repo(files);
  const res = await localize({ ...r, issue: { title: "dynamically added xfail marker ignored on failure", body: "" } });
  assert.equal(res.files[0]?.path, "pkg/skipping.py", "the file the matching test tests, not the one with a word");
});

test("import statements of a candidate resolve to the repository files they name", async () => {
  const files: Record<string, string> = {
    "pkg/__init__.py": "",
    "pkg/config/__init__.py": "",
    "pkg/config/argument.py": "class _Argument:\n    pass\n",
    "pkg/config/manager.py": [
      "import os",
      "from pkg.config.argument import (",
      "    _Argument,",
      "    _StoreArgument,",
      ")",
      "from . import util",
      "from .. import helpers",
      "import pkg.config.argument",
    ].join("\n"),
    "pkg/config/util.py": "",
    "pkg/helpers.py": "",
    "web/app.ts": 'import { a } from "./lib/a";\nconst b = require("../web/lib/b");\nimport x from "lodash";\n',
    "web/lib/a.ts": "export const a = 1;\n",
    "web/lib/b/index.js": "module.exports = 2;\n",
  };
  const r = repo(files);
  const { index } = await Promise.resolve(buildIndex({ root: r.root, files: r.files }));
  const resolver = new PathResolver(index);
  const named = (path: string) =>
    Object.fromEntries(
      [...importEdges(path, files[path] ?? "", resolver)].map(([doc, n]) => [index.docs[doc]?.path, n]),
    );
  assert.deepEqual(named("pkg/config/manager.py"), {
    "pkg/config/argument.py": 3,
    "pkg/config/util.py": 1,
    "pkg/helpers.py": 1,
  });
  assert.deepEqual(named("web/app.ts"), { "web/lib/a.ts": 1, "web/lib/b/index.js": 1 });
});
