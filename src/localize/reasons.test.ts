import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { classifyPath } from "./index/classify.ts";
import { localize } from "./index.ts";

function repo(t: { after(fn: () => void): void }, files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "booty-reasons-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { root, files: Object.keys(files) };
}

// A catalog holds every message the program prints: it matches an issue's words better than the code does.
const messages = ["the cart total is wrong", "cannot add item to the cart", "payment declined for the cart total"];
const catalog = messages
  .flatMap((m, i) => Array.from({ length: 40 }, (_, j) => `msgid "${m} ${i}.${j}"\nmsgstr "${m} ${i}.${j}"\n`))
  .join("\n");

const SHOP = {
  "shop/cart.py":
    "from shop.money import rounded\n\nclass Cart:\n    def add_item(self, item):\n        self.items.append(item)\n\n    def total(self):\n        # the cart total\n        return rounded(sum(i.price for i in self.items))\n",
  "shop/money.py": "def rounded(value):\n    return round(value, 2)\n",
  "shop/payment.py": "def charge(cart):\n    return cart.total()\n",
  "shop/locale/de/LC_MESSAGES/shop.po": catalog,
  "shop/locale/shop.pot": catalog,
  "tests/test_cart.py": "from shop.cart import Cart\n\ndef test_total():\n    assert Cart().total() == 0\n",
};

test("translation catalogs are data: ranked by path only, below the code, and said to be data", async (t) => {
  assert.equal(classifyPath("sphinx/locale/de/LC_MESSAGES/sphinx.po"), "data");
  assert.equal(classifyPath("sphinx/locale/sphinx.pot"), "data");
  assert.equal(classifyPath("sphinx/locale/de/LC_MESSAGES/sphinx.mo"), "binary");
  const r = repo(t, SHOP);
  const res = await localize({ ...r, issue: { title: "The cart total is wrong", body: "The cart total is wrong." } });
  const paths = res.files.map((f) => f.path);
  assert.equal(paths[0], "shop/cart.py");
  for (const po of ["shop/locale/de/LC_MESSAGES/shop.po", "shop/locale/shop.pot"]) {
    const at = paths.indexOf(po);
    assert.ok(at === -1 || at > paths.indexOf("shop/payment.py"), `${po} ranks below the code: ${paths.join(", ")}`);
    const row = res.files.find((f) => f.path === po);
    if (row) assert.ok(row.reasons.includes("data file"), row.reasons.join("; "));
    assert.ok(!res.packed.some((p) => p.path === po), `${po} is not packed ahead of code`);
  }
});

test("every row has a reason, and none claims a file the issue points to when it names none", async (t) => {
  const r = repo(t, SHOP);
  const res = await localize({ ...r, issue: { title: "The cart total is wrong", body: "It is off by a cent." } });
  assert.ok(res.files.length >= 3, res.files.map((f) => `${f.path}: ${f.reasons.join("; ")}`).join("\n"));
  for (const file of res.files) {
    assert.ok(file.reasons.length > 0, `${file.path} has a reason`);
    assert.ok(!file.reasons.some((reason) => /points to/.test(reason)), `${file.path}: ${file.reasons.join("; ")}`);
  }
});

test("a file the named file uses is said to be used by the files the issue points to", async (t) => {
  const r = repo(t, SHOP);
  const res = await localize({ ...r, issue: { title: "shop/cart.py: total() is wrong", body: "" } });
  const money = res.files.find((f) => f.path === "shop/money.py");
  assert.ok(money, res.files.map((f) => f.path).join(", "));
  assert.ok(money.reasons.length > 0);
  for (const file of res.files) assert.ok(file.reasons.length > 0, `${file.path} has a reason`);
});
