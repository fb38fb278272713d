/**
 * One test per ranking signal, each on a small repository where the issue's wording alone would put another
 * file first: the signal is why the right file leads, and its reason says so. The folder prior and the
 * tests-of-a-candidate signal have theirs in localize.test.ts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { localize } from "../index.ts";
import type { RankedFile } from "../port.ts";
import { tempRepo } from "../test-repo.ts";

/** A billing app where `billing/refund.py` and a report about refunds hold most of the issue's words. */
const BILLING = {
  "billing/invoice.py":
    "from billing.money import round_cents\n\ndef invoice_total(lines):\n    return round_cents(sum(l.amount for l in lines))\n",
  "billing/money.py": "def round_cents(value):\n    return int(value * 100) / 100\n",
  "billing/refund.py": "def refund(invoice):\n    return invoice.total\n",
  "billing/legacy.py": "def old_total(x):\n    return x\n",
  "reports/summary.py":
    "# The refund report: refund totals are rounded, refund lines are listed, the refund total is wrong\ndef refund_summary(refunds):\n    return 'refund total rounded ' + str(len(refunds))\n",
  "web/views.py":
    "from billing.invoice import invoice_total\n\ndef show(request):\n    return invoice_total(request.lines)\n",
  "util/text.py": "def slug(s):\n    return s.lower()\n",
  "vendor/lib/rounding.py":
    "# refund total rounded wrong refund total rounding\ndef refund_total_rounded(x):\n    return x\n",
};
const TITLE = "The refund total is rounded wrong";

async function rank(t: Parameters<typeof tempRepo>[0], body: string, extra: Record<string, string> = {}) {
  const r = tempRepo(t, { ...BILLING, ...extra });
  return (await localize({ ...r, issue: { title: TITLE, body } })).files;
}

const find = (files: RankedFile[], path: string) =>
  files.find((f) => f.path === path) ?? assert.fail(`${path} not listed`);
const position = (files: RankedFile[], path: string) => files.findIndex((f) => f.path === path);
/** The wording alone favours `path`: it is the lexical signal's first file. */
const wordingFavours = (files: RankedFile[], path: string) =>
  assert.ok(find(files, path).reasons.includes("lexical rank 1"), `${path} is not the best word match`);

test("lexical: with no pointer in the issue, the file holding its rarer words leads", async (t) => {
  const files = await rank(t, "The refund summary shows a wrong total.");
  assert.deepEqual(
    files.slice(0, 2).map((f) => f.path),
    ["billing/refund.py", "reports/summary.py"],
  );
  wordingFavours(files, "billing/refund.py");
});

test("path mentioned: a file the reporter names outranks the best word match", async (t) => {
  const files = await rank(t, "It happens in billing/legacy.py, I think.");
  assert.equal(files[0]?.path, "billing/legacy.py");
  assert.ok(files[0]?.reasons.includes("path mentioned: billing/legacy.py"));
  wordingFavours(files, "billing/refund.py");
});

test("module mentioned: a dotted module name points at its file", async (t) => {
  const files = await rank(t, "The code in billing.legacy is to blame.");
  assert.equal(files[0]?.path, "billing/legacy.py");
  assert.ok(files[0]?.reasons.includes("module mentioned: billing.legacy"));
  wordingFavours(files, "billing/refund.py");
});

test("stack frame: a traceback from another machine's checkout still lands on the repository's file", async (t) => {
  // At module level: no function name that the definition signal could find instead.
  const trace =
    'Traceback (most recent call last):\n  File "/srv/app/billing/legacy.py", line 1, in <module>\nTypeError: bad';
  const files = await rank(t, trace);
  assert.equal(files[0]?.path, "billing/legacy.py");
  assert.ok(files[0]?.reasons.includes("stack frame: line 1 in <module>"));
  assert.ok(!files[0]?.reasons.some((r) => r.startsWith("defines ") || r.startsWith("path mentioned")));
  wordingFavours(files, "billing/refund.py");
});

test("definition: a name written as code finds the one file defining it", async (t) => {
  const files = await rank(t, "`old_total` returns the refund total unrounded.");
  assert.equal(files[0]?.path, "billing/legacy.py");
  assert.ok(files[0]?.reasons.includes("defines old_total"));
  wordingFavours(files, "billing/refund.py");
});

test("graph: what the file the issue points to imports is lifted above better-worded strangers", async (t) => {
  const files = await rank(t, "See billing/invoice.py: the cents come out wrong.");
  assert.equal(files[0]?.path, "billing/invoice.py");
  const money = find(files, "billing/money.py");
  assert.ok(money.reasons.includes("graph: used by the files the issue points to"));
  // money.py shares fewer of the issue's words than the refund report, and ranks above it all the same.
  assert.ok(position(files, "billing/money.py") < position(files, "reports/summary.py"));
  assert.ok(!money.reasons.includes("lexical rank 1") && !money.reasons.includes("lexical rank 2"));
});

test("literal: the file holding an error message quoted in the issue outranks better-worded files", async (t) => {
  const messages = { "billing/messages.py": "MESSAGES = {\n  'declined': 'card declined for amount',\n}\n" };
  const files = await rank(t, "Paying fails:\nValueError: card declined for amount 42.10", messages);
  const file = find(files, "billing/messages.py");
  assert.ok(file.reasons.includes("contains text quoted in the issue"));
  assert.ok(position(files, "billing/messages.py") < position(files, "reports/summary.py"));
  assert.ok(find(files, "reports/summary.py").reasons.includes("lexical rank 2"), "the report is worded better");
});

test("kind prior: vendored code matching the issue's words ranks below the repository's own files", async (t) => {
  const files = await rank(t, "rounding");
  const vendored = find(files, "vendor/lib/rounding.py");
  assert.ok(vendored.reasons.includes("vendored file"));
  const own = files.filter((f) => f.path.startsWith("billing/") || f.path.startsWith("reports/"));
  assert.ok(own.every((f) => position(files, f.path) < position(files, vendored.path)));
  const lexical = (f: RankedFile) => Number(f.reasons.find((r) => r.startsWith("lexical rank "))?.slice(13) ?? 99);
  assert.ok(lexical(vendored) < lexical(find(files, "billing/legacy.py")), "its words match better than legacy's");
});
