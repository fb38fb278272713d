/**
 * Server-sent event bodies for a streamed text answer, in each provider's wire format: the text split
 * into a few pieces, then the usage. The stubs send these when a client asks with `stream: true`.
 *
 * Exports: `anthropicEvents`, `responsesEvents`, `chatEvents`, `sse(events)`.
 */
type Usage = { input: number; output: number };

/** `data:` lines (with an `event:` name where the API has one), each followed by a blank line. */
export function sse(events: { event?: string; data: unknown }[]): string {
  return events
    .map(
      ({ event, data }) =>
        `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
    )
    .join("");
}

/** A few pieces, cut mid-line on purpose: the client must join them back byte for byte. */
function pieces(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 4));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function anthropicEvents(model: unknown, text: string, usage: Usage): string {
  const message = {
    id: "msg_stub",
    type: "message",
    role: "assistant",
    model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
  };
  return sse([
    {
      event: "message_start",
      data: { type: "message_start", message: { ...message, usage: { input_tokens: usage.input, output_tokens: 1 } } },
    },
    {
      event: "content_block_start",
      data: { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    },
    ...pieces(text).map((piece) => ({
      event: "content_block_delta",
      data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: piece } },
    })),
    { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { output_tokens: usage.output },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  ]);
}

export function responsesEvents(model: unknown, text: string, usage: Usage): string {
  const created = Math.floor(Date.now() / 1000);
  return sse([
    { data: { type: "response.created", response: { id: "resp_stub", created_at: created, model } } },
    { data: { type: "response.output_item.added", output_index: 0, item: { type: "message", id: "msg_stub" } } },
    ...pieces(text).map((delta) => ({
      data: { type: "response.output_text.delta", item_id: "msg_stub", output_index: 0, content_index: 0, delta },
    })),
    { data: { type: "response.output_item.done", output_index: 0, item: { type: "message", id: "msg_stub" } } },
    {
      data: {
        type: "response.completed",
        response: { incomplete_details: null, usage: { input_tokens: usage.input, output_tokens: usage.output } },
      },
    },
  ]);
}

export function chatEvents(model: unknown, text: string, usage: Usage): string {
  const base = { id: "chatcmpl-stub", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model };
  return sse([
    { data: { ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] } },
    ...pieces(text).map((content) => ({
      data: { ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] },
    })),
    { data: { ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] } },
    {
      data: {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: usage.input,
          completion_tokens: usage.output,
          total_tokens: usage.input + usage.output,
        },
      },
    },
    { data: "[DONE]" },
  ]);
}
