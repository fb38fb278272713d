import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

/**
 * Checks emulator responses against GitHub's own OpenAPI description (api.github.com, OpenAPI 3.0:
 * `nullable`, `$ref` into components, responses that are themselves `$ref`s).
 */
const SPEC_ID = "https://api.github.com/openapi.json";

type Json = Record<string, unknown>;

export interface SpecValidator {
  /** Validation errors (empty when the body conforms) of `body` as the response of one operation. */
  check(method: string, path: string, status: number, body: unknown): string[];
  /** Validation errors of `body` against a named schema, e.g. `webhook-pull-request-review-submitted`. */
  checkSchema(name: string, body: unknown): string[];
}

function pointerPart(part: string): string {
  return part.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function loadGitHubSpec(): Json {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@octokit/openapi/generated/api.github.com.json");
  return toJsonSchema(JSON.parse(readFileSync(file, "utf8"))) as Json;
}

/**
 * OpenAPI 3.0's `nullable: true` becomes JSON Schema: a `null` type (and enum member) next to the given
 * type, or `anyOf [schema, null]` when the schema has no type of its own (a $ref, allOf...).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

export function createSpecValidator(spec: Json = loadGitHubSpec()): SpecValidator {
  // OpenAPI 3.0 keywords (nullable, discriminator, example...) are not JSON Schema; strict mode would refuse them.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });
  const compiled = new Map<string, ValidateFunction>();
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const validateAt = (pointer: string, body: unknown): string[] => {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      compiled.set(pointer, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`.trim());
  };
  return {
    checkSchema(name, body) {
      if (!(spec.components as { schemas: Json }).schemas[name]) return [`the spec has no schema ${name}`];
      return validateAt(`/components/schemas/${pointerPart(name)}`, body);
    },
    check(method, path, status, body) {
      const operation = paths[path]?.[method.toLowerCase()];
      if (!operation) return [`the spec has no operation ${method} ${path}`];
      const responses = operation.responses as Record<string, Json>;
      let response = responses[String(status)];
      let pointer = `/paths/${pointerPart(path)}/${method.toLowerCase()}/responses/${status}`;
      if (!response) return [`the spec lists no ${status} response for ${method} ${path}`];
      const ref = response.$ref;
      if (typeof ref === "string") {
        pointer = ref.slice(1);
        const name = ref.split("/").pop() ?? "";
        response = ((spec.components as Json).responses as Record<string, Json>)[name] as Json;
      }
      if (!(response.content as Json | undefined)?.["application/json"]) {
        return body === undefined || body === "" ? [] : [`${method} ${path} ${status} has no JSON body in the spec`];
      }
      return validateAt(`${pointer}/content/application~1json/schema`, body);
    },
  };
}
