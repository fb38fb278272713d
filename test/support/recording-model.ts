/** A model that keeps every prompt it was given, by step, so tests can assert on what the model saw. */
import type { Model } from "../../src/model/port.ts";

/** `prompts` holds each step's last prompt: the system prompt and the messages, joined. */
export function recording(model: Model): { model: Model; prompts: Map<string, string> } {
  const prompts = new Map<string, string>();
  const keep = (r: { step: string; system: string; messages: { content: string }[] }) =>
    prompts.set(r.step, [r.system, ...r.messages.map((m) => m.content)].join("\n\n"));
  return {
    prompts,
    model: {
      ...model,
      generate: (r) => {
        keep(r);
        return model.generate(r);
      },
      generateText: (r) => {
        keep(r);
        return model.generateText(r);
      },
    },
  };
}
