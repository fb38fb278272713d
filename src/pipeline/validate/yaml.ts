import { parseAllDocuments } from "yaml";
import type { CheckResult } from "./types.ts";

/**
 * YAML through the `yaml` package, all documents of a multi-document stream. Files with template markers
 * (Helm charts, Jinja, Ansible) are not YAML until rendered, so they are left unchecked rather than failed.
 * Warnings (unknown tags such as CloudFormation's !Ref) are not problems.
 */
export function checkYaml(text: string): CheckResult {
  if (/\{\{|\{%/.test(text)) return null;
  const parsed = parseAllDocuments(text);
  const documents = Array.isArray(parsed) ? parsed : [parsed];
  return documents.flatMap((document) =>
    document.errors.map((error) => ({
      line: error.linePos?.[0].line ?? 1,
      column: error.linePos?.[0].col ?? 1,
      message: `YAML: ${firstSentence(error.message)}`,
    })),
  );
}

/** The yaml package appends " at line N, column M:" and an excerpt; we show our own excerpt. */
function firstSentence(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}
