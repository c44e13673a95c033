/** Schemas of the knowledge base (knowledge/**\/*.yaml). Everything the analyzer knows is data checked here. */
import { z } from "zod";
import { CODE_FAMILIES, LEVELS, STAGES, type CodeFamily } from "./names.js";

const sample = z.object({
  line: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const dialectSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  re: z.string(),
  clock: z.string().optional(),
  levels: z.record(z.string(), z.enum(LEVELS)),
  samples: z.array(sample).min(1),
});
export type DialectDef = z.infer<typeof dialectSchema>;

export const prefixSchema = z.object({
  id: z.string(),
  re: z.string(),
  samples: z.array(z.string()).min(1),
});
export type PrefixDef = z.infer<typeof prefixSchema>;


export const signatureSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/),
  event: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/),
  keywords: z.array(z.string().min(1)).min(1),
  re: z.string(),
  flags: z.enum(["i"]).optional(),
  /** regex the C function name (or ESP-IDF tag) must match; lines without one do not match */
  func: z.string().optional(),
  codes: z.record(z.string(), z.enum(CODE_FAMILIES)).optional(),
  benign: z.string().optional(),
  samples: z.array(sample).min(1),
  file: z.string(),
});
export type SignatureDef = z.infer<typeof signatureSchema>;

export const mappingsSchema = z.object({
  stateEvents: z.record(z.string().regex(/^-0x[0-9a-f]{4}$/), z.string()),
  appEventNumbers: z.record(z.string().regex(/^\d+$/), z.string()),
  appEvents: z.record(z.string(), z.string()),
});

const textBlock = z.object({
  meaning: z.string().min(1),
  causes: z.array(z.string().min(1)).min(1),
  actions: z.array(z.string().min(1)).min(1),
});

export const codeEntrySchema = z.object({
  code: z.string().regex(/^-?(0x[0-9a-fA-F]{1,4}|\d+)$/),
  dec: z.number().int(),
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  group: z.string(),
  stage: z.enum(["wifi", "cloud", "token", "bind", "general"]),
  severity: z.enum(["info", "warning", "error"]),
  level: z.enum(["high", "low"]).optional(),
  errCode: z.string().regex(/^0x[0-9A-Fa-f]{4}$/).optional(),
  errCodeCondition: z.string().optional(),
  mapsFrom: z.array(z.string()).optional(),
  emitted: z.boolean().optional(),
  /** state family: the texts SDK 1.6 prints with this code (str_msg), for searching by message */
  messages: z.array(z.string()).optional(),
  source: z.string().optional(),
  en: textBlock,
  zh: textBlock,
});
export type CodeEntry = z.infer<typeof codeEntrySchema> & { family: CodeFamily };

const ruleText = z.object({
  title: z.string().min(1),
  explanation: z.string().min(1),
  actions: z.array(z.string()).default([]),
});
export type RuleText = z.infer<typeof ruleText>;

export const textsSchema = z.object({
  ui: z.record(z.string(), z.string()),
  rules: z.record(z.string(), z.record(z.string(), ruleText)),
});
export type Texts = z.infer<typeof textsSchema>;

export const knowledgeSchema = z.object({
  dialects: z.array(dialectSchema).min(1),
  prefixes: z.array(prefixSchema),
  signatures: z.array(signatureSchema).min(1),
  mappings: mappingsSchema,
  codes: z.record(z.enum(CODE_FAMILIES), z.array(codeEntrySchema)),
  texts: z.object({ en: textsSchema, zh: textsSchema }),
});
export type KnowledgeData = z.infer<typeof knowledgeSchema>;
