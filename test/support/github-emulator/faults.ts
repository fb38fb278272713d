/** A planned failure: the next `times` requests that match answer `status` instead of being served. */
export interface Fault {
  method?: string;
  /** Exact pathname (no query) or a pattern tested against it. */
  path: string | RegExp;
  status?: number;
  times?: number;
  body?: unknown;
}

interface PendingFault {
  fault: Fault;
  left: number;
}

export class FaultPlan {
  private readonly pending: PendingFault[] = [];

  add(fault: Fault): void {
    this.pending.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Consumes and returns the first fault that matches, if any. */
  take(method: string, pathname: string): Fault | undefined {
    const entry = this.pending.find(({ fault, left }) => {
      if (left <= 0) return false;
      if (fault.method && fault.method.toUpperCase() !== method) return false;
      return typeof fault.path === "string" ? fault.path === pathname : fault.path.test(pathname);
    });
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.fault;
  }
}
