/**
 * The metering decorator over the Model port: every call to the provider (schema retries included) is
 * admitted by the job's ledger before it is made, with its prompt counted and the largest answer the
 * model may give, and recorded after with what it used and how long it took. Call sites stay unaware.
 *
 * Exports: `withMeter(model, ledger, options)`, `CallLedger`.
 */
import type { CallMeter, Model, ModelStep, Usage } from "./port.ts";

export interface CallLedger {
  /** Whether any cap applies; without one, prompts are not counted (a count can be a request too). */
  capped(): boolean;
  /** Throws when a call of `estimate`'s size could pass the job's cap. */
  admit(step: ModelStep, estimate: Usage, model: Model): void;
  record(step: ModelStep, usage: Usage, ms: number, model: Model): void;
}

export function withMeter(
  model: Model,
  ledger: CallLedger,
  options: { maxOutputTokens: number; now: () => number },
): Model {
  const meterFor = (step: ModelStep): CallMeter => {
    let started = options.now();
    return {
      async before(prompt) {
        if (ledger.capped()) {
          const text = [prompt.system, ...prompt.messages.map((m) => m.content)].join("\n\n");
          const inputTokens = await model.countTokens(text);
          ledger.admit(step, { inputTokens, outputTokens: options.maxOutputTokens }, model);
        }
        started = options.now();
      },
      after(usage) {
        ledger.record(step, usage, Math.round(options.now() - started), model);
      },
    };
  };
  return {
    id: model.id,
    scripted: model.scripted,
    generate(request) {
      return model.generate({ ...request, meter: meterFor(request.step) });
    },
    generateText(request) {
      return model.generateText({ ...request, meter: meterFor(request.step) });
    },
    countTokens: (text) => model.countTokens(text),
    costUsd: (usage) => model.costUsd(usage),
  };
}
