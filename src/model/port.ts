import type { z } from "zod";

/** The pipeline steps that ask the model something; the script model keys its answers by these. */
export type ModelStep = "analyze" | "reproduce" | "review" | "generate" | "refine";

export interface ModelMessage {
  role: "user" | "assistant";
  content: string;
}

export interface Usage {
  /** Every input token, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** The part of `inputTokens` read from the provider's prompt cache, when it says. */
  cacheReadTokens?: number;
  /** The part of `inputTokens` written to the provider's prompt cache, when it says. */
  cacheWriteTokens?: number;
}

/**
 * Watches each call to the provider one `generate` makes (a schema retry is another call): `before` may
 * refuse the call by throwing, `after` hears what it used.
 */
export interface CallMeter {
  before(prompt: { system: string; messages: ModelMessage[] }): Promise<void>;
  after(usage: Usage): void;
}

export interface StructuredRequest<T> {
  step: ModelStep;
  system: string;
  messages: ModelMessage[];
  schema: z.ZodType<T>;
  /** A short name for the schema, sent to providers that accept one. */
  schemaName: string;
  /** Cancels the request (a shutdown); the call then rejects. */
  signal?: AbortSignal | undefined;
  /** Set by `withMeter` (metered.ts); call sites never set it. */
  meter?: CallMeter | undefined;
}

/**
 * A plain-text answer (no JSON mode, no tool call) read by `parse`. A malformed answer goes back to the
 * model once with the problem; the script model may instead answer with an object checked by `schema`.
 */
export interface TextRequest<T> {
  step: ModelStep;
  system: string;
  messages: ModelMessage[];
  /** The value the text stands for, or what is wrong with it and where, to show the model. */
  parse(text: string): { ok: true; value: T } | { ok: false; error: string };
  /** The shape of the script model's YAML answers for the step (and of any JSON a model answers with). */
  schema: z.ZodType<T>;
  signal?: AbortSignal | undefined;
  /** Set by `withMeter` (metered.ts); call sites never set it. */
  meter?: CallMeter | undefined;
}

export interface StructuredResult<T> {
  value: T;
  usage: Usage;
  /** How many answers it took (1 = first answer was valid). */
  attempts: number;
}

/**
 * The model port. `generate` returns a schema-valid value or throws ModelOutputError after the model
 * failed the schema three times (each time shown the validation error); provider outages throw
 * ModelUnavailableError. Adapters never read the environment: settings are passed in.
 */
export interface Model {
  /** `provider:model`, for logs and the report. */
  readonly id: string;
  /** True for the script model, so that reports can say the run was scripted. */
  readonly scripted: boolean;
  generate<T>(request: StructuredRequest<T>): Promise<StructuredResult<T>>;
  /** Asks for plain text and reads it with the request's parser; ModelOutputError when it stays malformed. */
  generateText<T>(request: TextRequest<T>): Promise<StructuredResult<T>>;
  /** Input tokens the request text would cost, by the provider's count endpoint or a local tokenizer. */
  countTokens(text: string): Promise<number>;
  /** US dollars for the given usage, or null when the price of this model is unknown. */
  costUsd(usage: Usage): number | null;
}

/** `model` with every request bound to `signal`: a job's model calls end when the job is stopped. */
export function withSignal(model: Model, signal: AbortSignal | undefined): Model {
  if (!signal) return model;
  return {
    id: model.id,
    scripted: model.scripted,
    generate: (request) => model.generate({ ...request, signal }),
    generateText: (request) => model.generateText({ ...request, signal }),
    countTokens: (text) => model.countTokens(text),
    costUsd: (usage) => model.costUsd(usage),
  };
}
