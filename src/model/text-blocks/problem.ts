/**
 * A malformed text answer, at a line (0-based here, 1-based in the message the model is shown). Caught
 * inside the parser and returned as a result; it never leaves this folder.
 *
 * Exports: `BlockProblem`.
 */
export class BlockProblem extends Error {
  readonly index: number;

  constructor(index: number, problem: string) {
    super(`line ${index + 1}: ${problem}`);
    this.index = index;
  }
}
