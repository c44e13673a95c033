/** The knowledge from raw data (YAML as parsed), validated against the schemas: for tests and tools. */
import { compileParsed, type Knowledge } from "./index.js";
import { knowledgeSchema } from "./schema.js";

export function compileKnowledge(raw: unknown): Knowledge {
  return compileParsed(knowledgeSchema.parse(raw));
}
