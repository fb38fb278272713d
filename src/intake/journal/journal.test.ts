import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { silentLogger } from "../../log/logger.ts";
import type { DeliveryRecord } from "../../queue/index.ts";
import { decodeFrame, decodeRecords, encodeRecord } from "./frame.ts";
import { openIntake } from "./intake.ts";
import { type JournalEntry, openJournal } from "./journal.ts";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "booty-journal-"));
  dirs.push(d);
  return d;
};
const record = (id: string, payload = ""): DeliveryRecord => ({
  id,
  event: "issues",
  action: "labeled",
  repo: "octo/calc",
  outcome: payload ? "queued" : "ignored: not a trigger",
  payload,
  job: null,
});
const segmentsIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith(".journal"));
const deadPid = (): number => spawnSync("true").pid ?? 0;

describe("journal records", () => {
  test("round-trip with any payload; a torn or corrupted tail ends the valid part", () => {
    const a = record("a", '{"title":"ünïcødé \\n \\"quoted\\" 🎉"}\nsecond line');
    const b = record("b");
    const bytes = Buffer.concat([encodeRecord(a), encodeRecord(b)]);
    assert.deepEqual(decodeRecords(bytes), { records: [a, b], validBytes: bytes.length });
    const torn = decodeRecords(bytes.subarray(0, bytes.length - 3));
    assert.deepEqual(torn.records, [a]);
    const flipped = Buffer.from(bytes);
    flipped.writeUInt8((flipped.at(-2) ?? 0) ^ 0xff, flipped.length - 2);
    assert.deepEqual(decodeRecords(flipped).records, [a], "a CRC mismatch is not trusted");
  });
});

describe("journal", () => {
  for (const fsync of ["always", "interval"] as const) {
    test(`concurrent appends share writes, are in the file when they resolve, and reach onDurable once each (fsync ${fsync})`, async () => {
      const dir = tempDir();
      const batches: JournalEntry[][] = [];
      const journal = openJournal({ dir, onDurable: (e) => batches.push(e), fsync, syncEveryMs: 5 });
      const records = Array.from({ length: 100 }, (_, i) => record(`d-${i}`, i % 10 === 0 ? `{"n":${i}}` : ""));
      await Promise.all(records.map((r) => journal.append(encodeRecord(r))));
      assert.ok(batches.length < 100, `${batches.length} writes for 100 appends`);
      assert.deepEqual(
        batches.flat().map((e) => decodeFrame(e.frame).id),
        records.map((r) => r.id),
      );
      const [file] = segmentsIn(dir);
      assert.deepEqual(decodeRecords(readFileSync(join(dir, file ?? ""))).records, records);
      await journal.close();
      assert.equal(segmentsIn(dir).length, 1, "unstored deliveries stay on disk after close");
    });
  }

  test("a flush to disk that fails is reported, with the segment it was for", async () => {
    const dir = tempDir();
    const failures: [string, string][] = [];
    const journal = openJournal({
      dir,
      onDurable: () => {},
      fsync: "interval",
      syncEveryMs: 20,
      onSyncError: (error, path) => failures.push([(error as NodeJS.ErrnoException).code ?? "", path]),
    });
    await journal.append(encodeRecord(record("d-1")));
    // The flush is pending: take its file descriptor away, as a failing disk would make it fail.
    const [segment] = segmentsIn(dir);
    const path = join(dir, segment ?? "");
    const fd = readdirSync("/proc/self/fd").find((n) => {
      try {
        return readlinkSync(`/proc/self/fd/${n}`) === path;
      } catch {
        return false;
      }
    });
    closeSync(Number(fd));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(failures, [["EBADF", path]]);
  });

  test("a write cut short by a full disk refuses its deliveries and keeps the acknowledged ones whole", () => {
    const dir = tempDir();
    // A file size limit makes the kernel cut a write short, as a full disk does (Node ignores SIGXFSZ).
    const script = join(dir, "fill.mjs");
    writeFileSync(
      script,
      `const { openJournal } = await import(${JSON.stringify(join(import.meta.dirname, "journal.ts"))});
const { encodeRecord } = await import(${JSON.stringify(join(import.meta.dirname, "frame.ts"))});
const out = {};
for (const fsync of ["always", "interval"]) {
  const journal = openJournal({ dir: process.argv[2] + "/" + fsync, onDurable: () => {}, fsync });
  const result = { acknowledged: 0, refused: "" };
  for (let i = 0; i < 5 && !result.refused; i++) {
    const frame = encodeRecord({ id: "d-" + i, event: "issues", action: "labeled", repo: "octo/calc",
      outcome: "queued", payload: "x".repeat(1500), job: null });
    await journal.append(frame).then(() => result.acknowledged++, (e) => (result.refused = e.message));
  }
  out[fsync] = result;
}
console.log(JSON.stringify(out));`,
    );
    const run = spawnSync("bash", ["-c", `ulimit -f 4; exec "${process.execPath}" "${script}" "${dir}"`], {
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as Record<string, { acknowledged: number; refused: string }>;
    for (const fsync of ["always", "interval"]) {
      assert.equal(out[fsync]?.acknowledged, 2, `${fsync}: two records fit in 4 KiB`);
      assert.match(out[fsync]?.refused ?? "", /took \d+ of \d+ bytes/, fsync);
      const [first] = segmentsIn(join(dir, fsync));
      const { records } = decodeRecords(readFileSync(join(dir, fsync, first ?? "")));
      assert.deepEqual(
        records.map((r) => r.id),
        ["d-0", "d-1"],
        `${fsync}: what was acknowledged is intact before the torn tail`,
      );
    }
  });

  test("a segment goes once everything in it is stored; a full one is replaced by a fresh one", async () => {
    const dir = tempDir();
    const durable: JournalEntry[] = [];
    const journal = openJournal({ dir, onDurable: (e) => durable.push(...e), rotateBytes: 1 });
    await journal.append(encodeRecord(record("one", "{}")));
    assert.equal(segmentsIn(dir).length, 1);
    journal.settle(durable.splice(0));
    assert.equal(segmentsIn(dir).length, 0, "stored and full: rotated away");
    await journal.append(encodeRecord(record("two")));
    assert.equal(segmentsIn(dir).length, 1);
    await journal.close();
    assert.equal(segmentsIn(dir).length, 1, "not stored yet: kept");
    await assert.rejects(journal.append(encodeRecord(record("late"))), /closed/);
  });
});

describe("intake", () => {
  const open = (dir: string, stored: DeliveryRecord[][], fail = { now: false }) =>
    openIntake({
      dir,
      logger: silentLogger(),
      idleMs: 5,
      maxDelayMs: 50,
      store: async (records) => {
        if (fail.now) throw new Error("database down");
        stored.push(records);
      },
    });

  test("acknowledged deliveries reach the store after a pause, in order, and their segment is deleted", async () => {
    const dir = tempDir();
    const stored: DeliveryRecord[][] = [];
    const intake = await open(dir, stored);
    await Promise.all(["x", "y", "z"].map((id) => intake.append(encodeRecord(record(id)))));
    await until(() => intake.backlog() === 0 && stored.flat().length === 3);
    assert.deepEqual(
      stored.flat().map((r) => r.id),
      ["x", "y", "z"],
    );
    await intake.close();
    assert.deepEqual(segmentsIn(dir), []);
  });

  test("a failing database loses nothing: the batch is retried, and what is left at close waits for the next start", async () => {
    const dir = tempDir();
    const stored: DeliveryRecord[][] = [];
    const fail = { now: true };
    const first = await open(dir, stored, fail);
    await first.append(encodeRecord(record("retried")));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(first.backlog(), 1);
    fail.now = false;
    await until(() => first.backlog() === 0);
    assert.deepEqual(
      stored.flat().map((r) => r.id),
      ["retried"],
    );
    fail.now = true;
    await first.append(encodeRecord(record("kept", '{"a":1}')));
    await first.close();
    assert.equal(segmentsIn(dir).length, 1);
    stored.length = 0;

    // A later process of the same pid (a restarted container) replays it before it accepts anything.
    fail.now = false;
    const second = await open(dir, stored, fail);
    // The whole segment is replayed; storing is idempotent by delivery id, so "retried" costs nothing.
    assert.deepEqual(
      stored.flat().map((r) => [r.id, r.payload]),
      [
        ["retried", ""],
        ["kept", '{"a":1}'],
      ],
    );
    assert.deepEqual(segmentsIn(dir), []);
    await second.close();
  });

  test("replays segments of dead processes, drops a torn tail, and leaves a live process's segments alone", async () => {
    const dir = tempDir();
    const whole = encodeRecord(record("from-dead", "{}"));
    const dead = join(dir, `${deadPid()}-0badc0de-000000.journal`);
    writeFileSync(dead, Buffer.concat([whole, encodeRecord(record("torn"))]));
    truncateSync(dead, whole.length + 5);
    const live = join(dir, `${process.ppid}-0badc0de-000000.journal`);
    writeFileSync(live, encodeRecord(record("sibling")));
    const stored: DeliveryRecord[][] = [];
    const intake = await open(dir, stored);
    assert.deepEqual(
      stored.flat().map((r) => r.id),
      ["from-dead"],
    );
    assert.deepEqual(segmentsIn(dir), [live.split("/").pop()]);
    await intake.close();
  });
});

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}
