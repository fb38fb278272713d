/**
 * A stub of the OpenAI API as @ai-sdk/openai and @ai-sdk/openai-compatible call it: POST /v1/responses
 * (the default for `openai(model)`) and POST /v1/chat/completions (openai-compatible servers such as
 * Ollama, llama.cpp and vLLM).
 *
 * Exports: `startOpenAIStub()`.
 */
import {
  DEFAULT_USAGE,
  type RecordedRequest,
  type Route,
  replyText,
  retryHeaders,
  type StubServer,
  startStub,
} from "./server.ts";
import { chatEvents, responsesEvents } from "./sse.ts";

type Usage = typeof DEFAULT_USAGE;
// OpenAI's input counts include cached tokens; the cached part is a detail (it bills no cache writes).

export async function startOpenAIStub(): Promise<StubServer> {
  const responses = answering(
    (request, text, usage) => ({
      id: `resp_stub_${Date.now()}`,
      object: "response",
      created_at: Math.floor(Date.now() / 1000),
      status: "completed",
      model: request.body.model,
      output: [
        {
          type: "message",
          id: "msg_stub",
          status: "completed",
          role: "assistant",
          content: [{ type: "output_text", text, annotations: [] }],
        },
      ],
      incomplete_details: null,
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
        output_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    }),
    responsesEvents,
  );
  const chat = answering(
    (request, text, usage) => ({
      id: `chatcmpl-stub-${Date.now()}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      usage: {
        prompt_tokens: usage.input,
        prompt_tokens_details: { cached_tokens: usage.cacheRead ?? 0 },
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    }),
    chatEvents,
  );
  return startStub({ "POST /v1/responses": responses, "POST /v1/chat/completions": chat });
}

/** Both endpoints fail the same way (empty queue, scripted error status); only the success body differs. */
type Events = (model: unknown, text: string, usage: Usage) => string;

function answering(success: (request: RecordedRequest, text: string, usage: Usage) => unknown, events: Events): Route {
  return (request, next) => {
    const reply = next();
    if (reply === undefined) return error(400, "stub has no reply queued");
    if ("status" in reply)
      return { ...error(reply.status, reply.message ?? "server error"), headers: retryHeaders(reply) };
    const usage = reply.usage ?? DEFAULT_USAGE;
    if (request.body.stream === true)
      return { status: 200, body: events(request.body.model, replyText(reply), usage), stream: true };
    return { status: 200, body: success(request, replyText(reply), usage) };
  };
}

function error(status: number, message: string) {
  return {
    status,
    body: { error: { message, type: status >= 500 ? "server_error" : "invalid_request_error", code: null } },
  };
}
