/** One file to check. `before` is the file's content before the change (null or absent for a new file). */
export interface SourceFile {
  path: string;
  content: string;
  before?: string | null;
}

/** Where a parser complained, 1-based line and column (columns count UTF-16 code units, like editors). */
export interface Position {
  line: number;
  column: number;
}

export interface FileProblem extends Position {
  message: string;
}

export interface SyntaxProblem extends FileProblem {
  path: string;
  /** A few numbered lines around the problem with a caret under the column, for the model to read. */
  context: string;
}

export interface SyntaxReport {
  problems: SyntaxProblem[];
  /** Files no checker could judge (unknown language, no grammar, too big, templated, parse timed out). */
  unchecked: string[];
  /**
   * Files that still have syntax problems, but no more than before the change: not booty's doing (or a
   * grammar that misreads valid code), so they are not held against the change.
   */
  preexisting: string[];
}

/** A checker's verdict on one text: its problems, or null when it cannot judge this text. */
export type CheckResult = FileProblem[] | null;
