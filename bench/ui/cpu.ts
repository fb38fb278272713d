import { readdirSync, readFileSync } from "node:fs";

/** Linux's clock ticks a second (getconf CLK_TCK), which /proc counts CPU time in. */
const TICKS_PER_SECOND = 100;

/** CPU time (ms) a process has used, all its threads, user and system; 0 once it is gone. */
function processMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields 14 and 15 (utime, stime), counted after the command's closing parenthesis (field 2).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving databases whose names contain `tag` (their command line names it). */
function backends(tag: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes(tag)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export interface Cpu {
  /** booty serve's process: the intake's threads and the dashboard's. */
  service: number;
  /** The PostgreSQL backends of this bench's databases (none on PGlite: it is inside the service). */
  database: number;
  /** This process: the dashboard's readers (and the load itself with BENCH_LOADGEN=node). */
  readers: number;
}

/**
 * Starts counting the CPU time the burst costs, in ms, whatever else the machine runs meanwhile: unlike a
 * latency, it hardly moves with the machine's other load, so the dashboard's own cost is seen in it.
 */
export function cpuMeter(servicePid: number, databaseTag: string | null): () => Cpu {
  const database = () => new Map((databaseTag ? backends(databaseTag) : []).map((pid) => [pid, processMs(pid)]));
  const start = { service: processMs(servicePid), database: database(), readers: process.cpuUsage() };
  return () => {
    const used = process.cpuUsage(start.readers);
    // A backend started during the burst counts from 0; one that ended during it is lost (the pool keeps them).
    const db = [...database()].reduce((sum, [pid, ms]) => sum + ms - (start.database.get(pid) ?? 0), 0);
    return {
      service: processMs(servicePid) - start.service,
      database: db,
      readers: (used.user + used.system) / 1000,
    };
  };
}
