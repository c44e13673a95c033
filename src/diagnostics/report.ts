/** The Report: one model that every renderer (terminal, JSON, Markdown, HTML) views. */
import { knowledge, type Stage } from "../knowledge/index.js";
import { codeMeaning, codeName, decodeCode } from "../knowledge/codes.js";
import type { Flow, StageInfo } from "../flow/model.js";
import type { RawFinding } from "../rules/engine.js";
import type { Verdict } from "../rules/verdict.js";
import type { Finding, FindingCode, Lang } from "./finding.js";
import { redactText, type RedactOptions } from "./redact.js";

export const REPORT_SCHEMA_VERSION = "1.0";

export interface InputInfo {
  name: string;
  bytes: number;
  lines: number;
  encoding: string;
  gbkLines: number;
  nulBytes: boolean;
  truncatedLines: number[];
  truncatedCount: number;
  /** lines that look like binary noise (wrong baud rate) */
  noiseLines: number;
  dialects: Record<string, number>;
  /** lines that matched a known SDK message */
  recognizedLines: number;
  /**
   * the line filter that picks the lines to parse (the others are only counted): the WebAssembly one, its
   * JavaScript twin where WebAssembly cannot run, or none (every line parsed: the reference path). The
   * first chunk of an input is always parsed whole.
   */
  filter?: "wasm" | "js" | "none";
}

/** A stage in the report: the flow's own stage info. */
export type StageReport = StageInfo;

export interface AttemptReport {
  index: number;
  boot: number;
  line: number;
  endLine: number;
  t?: number;
  tEnd?: number;
  host?: string;
  port?: string;
  outcome: "ok" | "fail" | "open";
  cause?: string;
}

export interface Report {
  schemaVersion: string;
  tool: { name: "linkkit-doctor"; version: string };
  lang: Lang;
  input: InputInfo;
  verdict: {
    status: Verdict["status"];
    failedStage: Stage | null;
    primaryCause: string;
    title: string;
  };
  stages: Record<Stage, StageReport>;
  facts: {
    productKey?: string;
    deviceName?: string;
    host?: string;
    port?: string;
    hostSource?: string;
    environment?: string;
    sdkVersion?: string;
    linkkitVersion?: string;
    secureMode?: string;
    clientId?: string;
    region?: string;
    mac?: string;
    minFreeHeap?: number;
    sntp?: string;
  };
  boots: { count: number; scope: number; crashes: number };
  timeAxis: Flow["timeAxis"];
  attempts: { total: number; list: AttemptReport[] };
  findings: Finding[];
  notes: string[];
}

export const TOOL_VERSION = "0.1.0";

/** Fills {key} from data; {key|t} shows the value through the ui texts (ui key "value.<value>"). */
function fill(template: string, data: Record<string, string | number>, lang: Lang = "en"): string {
  return template.replace(/\{(\w+)(\|t)?\}/g, (_m, k: string, t?: string) => {
    const v = data[k];
    if (v === undefined || v === "") return "?";
    if (t) return knowledge().texts[lang].ui[`value.${v}`] ?? String(v);
    return String(v);
  });
}

/** Conditional parts: "[[key: text]]" appears only when data.key is set. */
function conditional(template: string, data: Record<string, string | number>): string {
  return template.replace(/\[\[(\w+): ([^\]]*)\]\]/g, (_m, k: string, body: string) => (data[k] !== undefined && data[k] !== "" ? body : ""));
}

export function ruleText(id: string, messageId: string, lang: Lang) {
  const texts = knowledge().texts[lang].rules;
  let key = id;
  // a finer id falls back to its prefix's texts
  while (!texts[key] && key.includes(".")) key = key.slice(0, key.lastIndexOf("."));
  const msgs = texts[key] ?? texts[id];
  return msgs?.[messageId] ?? msgs?.default ?? Object.values(msgs ?? {})[0];
}

export function ui(key: string, lang: Lang, data: Record<string, string | number> = {}): string {
  const t = knowledge().texts[lang].ui[key] ?? knowledge().texts.en.ui[key] ?? key;
  return fill(conditional(t, data), data, lang);
}

/** Title, explanation and actions of a finding in one language, from its id, message id and data. */
export function findingTexts(id: string, messageId: string, data: Record<string, string | number>, lang: Lang): { title: string; explanation: string; actions: string[] } {
  const t = ruleText(id, messageId, lang);
  if (!t) return { title: id, explanation: "", actions: [] };
  return {
    title: fill(conditional(t.title, data), data, lang),
    explanation: fill(conditional(t.explanation, data), data, lang).trim(),
    actions: t.actions.map((a) => fill(conditional(a, data), data, lang)).filter((a) => a.trim().length > 0),
  };
}

export function renderFinding(raw: RawFinding, lang: Lang, redact: RedactOptions): Finding {
  const t = ruleText(raw.id, raw.messageId, lang);
  const data = raw.data;
  const safeData: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) safeData[k] = typeof v === "string" ? redactText(v, redact) : v;
  const codes: FindingCode[] = [];
  const seen = new Set<string>();
  for (const ev of raw.evidence) {
    for (const c of ev.codes) {
      const d = decodeCode(c.raw, c.family);
      if (!d) continue;
      const key = `${d.family}:${d.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      codes.push({ raw: c.raw, family: d.family, code: d.code, name: codeName(d), meaning: codeMeaning(d, lang) });
    }
  }
  const f: Finding = {
    id: raw.id,
    messageId: raw.messageId,
    severity: raw.severity,
    stage: raw.stage,
    title: t ? fill(conditional(t.title, safeData), safeData, lang) : raw.id,
    explanation: t ? fill(conditional(t.explanation, safeData), safeData, lang).trim() : "",
    actions: t ? t.actions.map((a) => fill(conditional(a, safeData), safeData, lang)).filter((a) => a.trim().length > 0) : [],
    evidence: raw.evidence.slice(0, 12).map((e) => ({ line: e.line, text: redactText(e.text, redact) })),
    codes,
    rank: raw.rank,
  };
  if (raw.claims) f.claims = raw.claims;
  if (Object.keys(safeData).length > 0) f.data = safeData;
  return f;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function sortFindings(findings: Finding[], primaryId: string): Finding[] {
  return [...findings].sort((a, b) => {
    if (a.id === primaryId && b.id !== primaryId) return -1;
    if (b.id === primaryId && a.id !== primaryId) return 1;
    return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.rank - a.rank || a.id.localeCompare(b.id);
  });
}
