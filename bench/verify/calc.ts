/** The bench's calculator module as the model sees it: functions, and the edits that change them. */
import type { Lang } from "./langs/lang.ts";

export interface Change {
  path: string;
  operation: "modify";
  explanation: string;
  edits: { search: string; replace: string }[];
}

/** The functions of one module by name and expression; `edit` returns a plan and moves the state on. */
export class Module {
  private readonly exprs: Map<string, string>;
  private readonly lang: Lang;
  readonly name: string;

  constructor(lang: Lang, name: string, exprs: Record<string, string>) {
    this.lang = lang;
    this.name = name;
    this.exprs = new Map(Object.entries(exprs));
  }

  get path(): string {
    return this.lang.modulePath(this.name);
  }

  text(): string {
    return this.lang.moduleText(
      this.name,
      [...this.exprs].map(([fn, expr]) => this.lang.fn(fn, expr)),
    );
  }

  /** A generate/refine answer that rewrites these functions (search/replace on each whole function). */
  edit(
    updates: Record<string, string>,
    approach: string,
  ): { approach: string; testingNotes: string; changes: Change[] } {
    const edits = Object.entries(updates).map(([fn, expr]) => {
      const before = this.exprs.get(fn);
      if (before === undefined) throw new Error(`bench: ${this.name} has no function ${fn}`);
      this.exprs.set(fn, expr);
      return { search: this.lang.fn(fn, before), replace: this.lang.fn(fn, expr) };
    });
    return {
      approach,
      testingNotes: "the existing tests",
      changes: [{ path: this.path, operation: "modify", explanation: approach, edits }],
    };
  }
}
