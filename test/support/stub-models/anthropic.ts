/**
 * A stub of the Anthropic Messages API: POST /v1/messages (text, or the `json` tool call when the client
 * asks for structured output through a tool) and POST /v1/messages/count_tokens.
 *
 * Exports: `startAnthropicStub(options?)`, `AnthropicStub`.
 */
import { DEFAULT_USAGE, type Route, replyText, retryHeaders, type StubServer, startStub } from "./server.ts";
import { anthropicEvents } from "./sse.ts";

export interface AnthropicStub extends StubServer {
  /** What count_tokens answers: a number of tokens, or an HTTP error status. */
  countTokens: { tokens: number } | { status: number };
}

export async function startAnthropicStub(): Promise<AnthropicStub> {
  // The route reads the setting from the returned object, so tests can change it between calls.
  const state: { countTokens: AnthropicStub["countTokens"] } = { countTokens: { tokens: 321 } };
  let self: AnthropicStub | undefined;
  const messages: Route = (request, next) => {
    const reply = next();
    if (reply === undefined) return error(400, "invalid_request_error", "stub has no reply queued");
    if ("status" in reply) {
      const type = reply.status === 529 ? "overloaded_error" : reply.status === 429 ? "rate_limit_error" : "api_error";
      return { ...error(reply.status, type, reply.message ?? type), headers: retryHeaders(reply) };
    }
    const usage = reply.usage ?? DEFAULT_USAGE;
    if (request.body.stream === true) {
      return { status: 200, body: anthropicEvents(request.body.model, replyText(reply), usage), stream: true };
    }
    const tools = (request.body.tools as { name?: string }[] | undefined) ?? [];
    const viaTool = tools.some((tool) => tool.name === "json") && "answer" in reply;
    const content = viaTool
      ? [{ type: "tool_use", id: "toolu_stub", name: "json", input: (reply as { answer: unknown }).answer }]
      : [{ type: "text", text: replyText(reply) }];
    return {
      status: 200,
      body: {
        id: `msg_stub_${Date.now()}`,
        type: "message",
        role: "assistant",
        model: request.body.model,
        content,
        stop_reason: viaTool ? "tool_use" : "end_turn",
        stop_sequence: null,
        // Anthropic counts cached tokens apart from input_tokens.
        usage: {
          input_tokens: usage.input - (usage.cacheRead ?? 0) - (usage.cacheWrite ?? 0),
          output_tokens: usage.output,
          cache_read_input_tokens: usage.cacheRead ?? 0,
          cache_creation_input_tokens: usage.cacheWrite ?? 0,
        },
      },
    };
  };
  const countTokens: Route = () => {
    const setting = self?.countTokens ?? state.countTokens;
    return "tokens" in setting
      ? { status: 200, body: { input_tokens: setting.tokens } }
      : error(setting.status, "api_error", "count failed");
  };
  const server = await startStub({ "POST /v1/messages": messages, "POST /v1/messages/count_tokens": countTokens });
  self = Object.assign(server, state);
  return self;
}

function error(status: number, type: string, message: string) {
  return { status, body: { type: "error", error: { type, message } } };
}
