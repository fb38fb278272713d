/**
 * Stub model servers for tests: real HTTP on 127.0.0.1, scripted replies, recorded requests.
 *
 * Exports: `startAnthropicStub`, `startOpenAIStub`, and the types `StubServer`, `StubReply`,
 * `RecordedRequest`, `AnthropicStub`.
 */
export { type AnthropicStub, startAnthropicStub } from "./anthropic.ts";
export { startOpenAIStub } from "./openai.ts";
export type { RecordedRequest, StubReply, StubServer } from "./server.ts";
