import { type ModelSettings, modelProblems } from "../config/index.ts";
import { type Check, fail, pass } from "./check.ts";

/**
 * The model's settings: the key its provider needs; for an `openai-compatible` server, that its base URL
 * answers `GET /models` (nothing is generated, nothing is spent). Hosted providers are not called.
 */
export async function modelCheck(model: ModelSettings, timeoutMs = 5000): Promise<Check> {
  const problems = modelProblems(model);
  if (problems.length > 0) return fail("model", `${problems.join("; ")}: set it in the environment`);
  if (model.provider !== "openai-compatible" || model.baseUrl === undefined) {
    return pass("model", `${model.spec} (key present)`);
  }
  const url = `${model.baseUrl.replace(/\/+$/, "")}/models`;
  const key = model.apiKeys.openaiCompatible;
  try {
    const response = await fetch(url, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      return fail("model", `${url} refused the key (HTTP ${response.status}): check OPENAI_COMPATIBLE_API_KEY`);
    }
    if (!response.ok) return fail("model", `${url} answered HTTP ${response.status}: check BOOTY_MODEL_BASE_URL`);
    return pass("model", `${model.spec}: ${url} answers`);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    const why = timedOut ? `no answer in ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return fail("model", `${url} does not answer (${why}): start the server or fix BOOTY_MODEL_BASE_URL`);
  }
}
