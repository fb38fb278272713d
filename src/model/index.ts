/**
 * The model capability: the port, the factory, prompt builders and the local tokenizer.
 */
export { createModel, MODEL_PROVIDERS, type ModelDeps } from "./factory.ts";
export type { Model, ModelMessage, ModelStep, StructuredRequest, StructuredResult, Usage } from "./port.ts";
export * from "./prompts/index.ts";
export { countTokensLocal, encodingFor, estimateTokens, type TokenEncoding } from "./tokens.ts";
