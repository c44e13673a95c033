/**
 * The knowledge base, loaded once from the generated blob. scripts/build-knowledge.mjs validated the blob
 * against the schemas (src/knowledge/schema.ts) and wrote it as the schemas parse it, so it is used as is:
 * the schema library is not loaded at run time (validate.ts does it for the tests and tools).
 * Regexes are compiled here, at start-up, never on the hot path.
 */
import { KNOWLEDGE } from "./generated/data.js";
import type { CodeEntry, DialectDef, KnowledgeData, PrefixDef, SignatureDef, Texts } from "./schema.js";
import type { CodeFamily, Level } from "./names.js";

export * from "./names.js";
export type * from "./schema.js";

export interface CompiledDialect extends DialectDef {
  regex: RegExp;
}
export interface CompiledPrefix extends PrefixDef {
  regex: RegExp;
}
export interface CompiledSignature extends SignatureDef {
  regex: RegExp;
  funcRegex?: RegExp;
  /** keywords, lower-cased when the signature is case-insensitive */
  needles: string[];
}

export interface Knowledge {
  data: KnowledgeData;
  dialects: CompiledDialect[];
  prefixes: CompiledPrefix[];
  signatures: CompiledSignature[];
  stateEvents: Map<number, string>;
  appEventNumbers: Map<number, string>;
  appEvents: Map<string, string>;
  /** code entries by family and numeric value (several entries may share a value) */
  codes: Map<CodeFamily, Map<number, CodeEntry[]>>;
  allCodes: CodeEntry[];
  texts: { en: Texts; zh: Texts };
}

let cached: Knowledge | undefined;

export function parseCodeNumber(raw: string): number {
  const s = raw.trim();
  const neg = s.startsWith("-");
  const body = neg ? s.slice(1) : s;
  const v = /^0x/i.test(body) ? parseInt(body.slice(2), 16) : parseInt(body, 10);
  return neg ? -v : v;
}

/** The knowledge from data that the schemas already parsed. */
export function compileParsed(data: KnowledgeData): Knowledge {
  const dialects = data.dialects.map((d) => ({ ...d, regex: new RegExp(d.re) }));
  const prefixes = data.prefixes.map((p) => ({ ...p, regex: new RegExp(p.re) }));
  const signatures = data.signatures.map((s) => {
    const sig: CompiledSignature = {
      ...s,
      regex: new RegExp(s.re, s.flags ?? ""),
      needles: s.flags === "i" ? s.keywords.map((k) => k.toLowerCase()) : s.keywords,
    };
    if (s.func) sig.funcRegex = new RegExp(s.func);
    return sig;
  });
  const codes = new Map<CodeFamily, Map<number, CodeEntry[]>>();
  const allCodes: CodeEntry[] = [];
  for (const [family, entries] of Object.entries(data.codes) as [CodeFamily, KnowledgeData["codes"]["state"]][]) {
    const byValue = new Map<number, CodeEntry[]>();
    for (const e of entries ?? []) {
      const entry: CodeEntry = { ...e, family };
      const list = byValue.get(e.dec) ?? [];
      list.push(entry);
      byValue.set(e.dec, list);
      allCodes.push(entry);
    }
    codes.set(family, byValue);
  }
  const stateEvents = new Map<number, string>();
  for (const [k, v] of Object.entries(data.mappings.stateEvents)) stateEvents.set(parseCodeNumber(k), v);
  const appEventNumbers = new Map<number, string>();
  for (const [k, v] of Object.entries(data.mappings.appEventNumbers)) appEventNumbers.set(Number(k), v);
  const appEvents = new Map(Object.entries(data.mappings.appEvents));
  return { data, dialects, prefixes, signatures, stateEvents, appEventNumbers, appEvents, codes, allCodes, texts: data.texts };
}

export function knowledge(): Knowledge {
  cached ??= compileParsed(KNOWLEDGE as KnowledgeData);
  return cached;
}

export type { Level };
