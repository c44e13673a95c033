/**
 * `explain`: what a code, a constant name, a message fragment or a pasted log line means in the
 * provisioning → cloud → token → bind flow. Every plausible interpretation, most likely first, with the
 * reason when a number is ambiguous. Pure: runs in the CLI and in the browser.
 */
import { knowledge, type CodeEntry, type CodeFamily } from "./index.js";
import { decodeInFamily, formatCode, parseLooseNumber, type DecodedCode } from "./codes.js";
import { DialectParser } from "../dialects/registry.js";
import { SignatureMatcher } from "../signatures/matcher.js";

export type Lang = "en" | "zh";

export interface CodeInterpretation {
  kind: "code";
  family: CodeFamily;
  code: string;
  name: string;
  stage: string;
  severity: string;
  meaning: string;
  causes: string[];
  actions: string[];
  /** mbedTLS composite: the parts */
  parts?: { code: string; name: string; meaning: string }[];
  related: string[];
  /** why this reading (and not only another) applies */
  note?: string;
  score: number;
}

export interface RuleInterpretation {
  kind: "rule";
  id: string;
  title: string;
  explanation: string;
  actions: string[];
  score: number;
}

export interface EventInterpretation {
  kind: "event";
  /** the flow event the line stands for */
  event: string;
  signature: string;
  stage: string;
  line: string;
  score: number;
}

export type Interpretation = CodeInterpretation | RuleInterpretation | EventInterpretation;

export interface Explanation {
  query: string;
  found: boolean;
  interpretations: Interpretation[];
  /** nearest matches when nothing was found */
  suggestions: string[];
}

const FAMILY_LABEL: Record<CodeFamily, Record<Lang, string>> = {
  state: { en: "SDK state code", zh: "SDK 状态码" },
  "device-err": { en: "device err_code", zh: "设备 err_code" },
  iotx: { en: "iotx_err_t return value", zh: "iotx_err_t 返回值" },
  mbedtls: { en: "mbedTLS error", zh: "mbedTLS 错误码" },
};

export function familyLabel(f: CodeFamily, lang: Lang): string {
  return FAMILY_LABEL[f][lang];
}

const NOTE: Record<string, Record<Lang, string>> = {
  iotxFamily: {
    en: "iotx_err_t as numbered in smartliving SDK 1.6 / linkkit 2.x (recvConnackProc result, rc values); iotkit-embedded 3.x numbers its errors differently.",
    zh: "这是 smartliving SDK 1.6 / linkkit 2.x 中 iotx_err_t 的编号（recvConnackProc result、rc 返回值）；iotkit-embedded 3.x 的错误码编号不同。",
  },
  stateFormat: { en: "The SDK prints state codes as state_code:-0x%04x (lower case).", zh: "SDK 以 state_code:-0x%04x（小写）打印状态码。" },
  mbedFormat: { en: "mbedTLS codes appear after net_connect / mbedtls_ssl_handshake returned, or in decimal in ssl recv errors.", zh: "mbedTLS 错误码出现在 net_connect / mbedtls_ssl_handshake returned 之后，或在 ssl recv error 中以十进制出现。" },
  deviceFormat: { en: "err_code is printed in decimal (err_code 50438) and stored as 0xC5xx.", zh: "err_code 以十进制打印（err_code 50438），在 KV 中保存为 0xC5xx。" },
  composite: { en: "A composite mbedTLS code: a high-level error plus the low-level error that caused it.", zh: "mbedTLS 组合错误码：高层错误加上导致它的底层错误。" },
};

function codeInterp(d: DecodedCode, lang: Lang, score: number, note?: string): CodeInterpretation {
  const k = knowledge();
  const e = d.entry;
  const related: string[] = [];
  if (e?.errCode) related.push(`err_code ${e.errCode} (${parseInt(e.errCode, 16)})${e.errCodeCondition ? ` — ${e.errCodeCondition}` : ""}`);
  if (e?.mapsFrom?.length) related.push(...e.mapsFrom.map((c) => `${lang === "zh" ? "来自状态码" : "from state"} ${c} ${k.codes.get("state")?.get(parseLooseNumber(c) ?? 0)?.[0]?.name ?? ""}`.trim()));
  if (e?.messages?.length) related.push(...e.messages.map((m) => `str_msg "${m}"`));
  const base: CodeInterpretation = {
    kind: "code",
    family: d.family,
    code: d.code,
    name: e ? e.name : (d.parts ?? []).map((p) => p.name).join(" + "),
    stage: e?.stage ?? d.parts?.[0]?.stage ?? "cloud",
    severity: e?.severity ?? "error",
    meaning: e ? e[lang].meaning : NOTE.composite![lang],
    causes: e ? e[lang].causes : (d.parts ?? []).flatMap((p) => p[lang].causes).slice(0, 4),
    actions: e ? e[lang].actions : (d.parts ?? []).flatMap((p) => p[lang].actions).slice(0, 4),
    related,
    score,
  };
  if (d.parts) base.parts = d.parts.map((p) => ({ code: p.code, name: p.name, meaning: p[lang].meaning }));
  if (note) base.note = note;
  return base;
}

/** Interpretations of a bare number in every family that defines it, most likely first. */
export function explainNumber(raw: string, lang: Lang): CodeInterpretation[] {
  const v = parseLooseNumber(raw);
  if (v === undefined) return [];
  const s = raw.trim();
  const isHex = /0x/i.test(s);
  const negative = s.startsWith("-");
  const out: CodeInterpretation[] = [];
  const add = (fam: CodeFamily, value: number, score: number, note?: string) => {
    const d = decodeInFamily(fam, value);
    if (!d || out.some((o) => o.family === fam && o.code === d.code)) return;
    out.push(codeInterp(d, lang, score + (d.entry ? 0 : -5), note));
    // a value defined twice in one family (iotx -6321): show both
    for (const other of (knowledge().codes.get(fam)?.get(d.value) ?? []).slice(1)) out.push(codeInterp({ ...d, entry: other }, lang, score - 1, note));
  };
  const mag = Math.abs(v);
  if (v === 0) {
    for (const fam of ["state", "device-err", "iotx"] as CodeFamily[]) add(fam, 0, 50);
  } else if (isHex) {
    if (!negative && mag >= 0xc000 && mag <= 0xcfff) add("device-err", mag, 100, NOTE.deviceFormat![lang]);
    // state codes live in -0x01xx..-0x09xx; mbedTLS high-level codes above -0x1000, low-level below -0x0080
    add("state", -mag, mag >= 0x100 && mag < 0x1000 ? 90 : 40, NOTE.stateFormat![lang]);
    add("mbedtls", -mag, mag >= 0x1000 || mag < 0x80 ? 90 : 50, NOTE.mbedFormat![lang]);
    if (negative) add("iotx", -mag, 10);
  } else if (v > 0) {
    if (v >= 0xc000 && v <= 0xcfff) add("device-err", v, 100, NOTE.deviceFormat![lang]);
    else add("mbedtls", -v, 15);
  } else {
    add("iotx", v, mag < 1000 ? 90 : 70, NOTE.iotxFamily![lang]);
    add("state", v, mag >= 0x100 && mag < 0x1000 ? 75 : 30, NOTE.stateFormat![lang]);
    add("mbedtls", v, mag >= 0x1000 ? 85 : 20, NOTE.mbedFormat![lang]);
  }
  return out.sort((a, b) => b.score - a.score);
}

function byName(q: string, lang: Lang): CodeInterpretation[] {
  const upper = q.trim().toUpperCase();
  return knowledge()
    .allCodes.filter((e) => e.name.toUpperCase() === upper)
    .map((e) => codeInterp({ family: e.family, code: formatCode(e.family, e.dec), value: e.dec, entry: e }, lang, 100));
}

function ruleInterp(id: string, lang: Lang): RuleInterpretation | undefined {
  const rules = knowledge().texts[lang].rules;
  // own keys only: "valueOf" or "__proto__" typed by a user is not a diagnosis id
  if (!Object.hasOwn(rules, id)) return undefined;
  const msgs = rules[id];
  if (!msgs) return undefined;
  const first = Object.values(msgs)[0]!;
  const strip = (s: string) => s.replace(/\[\[\w+: ([^\]]*)\]\]/g, "").replace(/\{(\w+)(\|t)?\}/g, "…");
  return { kind: "rule", id, title: strip(first.title), explanation: strip(first.explanation), actions: first.actions.map(strip), score: 100 };
}

/** Codes whose SDK message (str_msg) or name contains the text. */
function byMessage(q: string, lang: Lang): CodeInterpretation[] {
  const t = q.trim().toLowerCase();
  if (t.length < 4) return [];
  const out: CodeInterpretation[] = [];
  for (const e of knowledge().allCodes) {
    const msgHit = e.messages?.some((m) => m.toLowerCase().includes(t) || (t.length >= 12 && t.includes(m.toLowerCase()) && m.length >= 8));
    if (msgHit) out.push(codeInterp({ family: e.family, code: formatCode(e.family, e.dec), value: e.dec, entry: e }, lang, 80));
  }
  return out;
}

let parser: DialectParser | undefined;
let matcher: SignatureMatcher | undefined;

/** A pasted log line: the flow event it stands for, and every code in it decoded with its family. */
function byLogLine(line: string, lang: Lang): Interpretation[] {
  parser ??= new DialectParser();
  matcher ??= new SignatureMatcher();
  const out: Interpretation[] = [];
  for (const rec of parser.parse(1, line)) {
    for (const ev of matcher.match(rec)) {
      const sig = knowledge().signatures.find((s) => s.id === ev.sig)!;
      out.push({ kind: "event", event: ev.type, signature: ev.sig, stage: sig.file.replace(/^signatures\/|\.yaml$/g, ""), line: rec.text, score: 95 });
      for (const c of ev.codes) {
        const d = decodeInFamily(c.family, parseLooseNumber(c.raw) ?? NaN);
        if (d && !out.some((o) => o.kind === "code" && o.family === d.family && o.code === d.code)) out.push(codeInterp(d, lang, 98));
      }
    }
  }
  return out;
}

export function explain(query: string, lang: Lang = "en"): Explanation {
  const q = query.trim();
  let interps: Interpretation[] = [];
  const rule = ruleInterp(q, lang);
  if (rule) interps.push(rule);
  if (/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(q) || /^[0-9a-f]{8}$/i.test(q)) interps.push(...explainNumber(q, lang));
  if (/^[A-Z][A-Z0-9_]+$/i.test(q)) interps.push(...byName(q, lang));
  if (interps.length === 0) {
    interps.push(...byLogLine(q, lang));
    for (const m of byMessage(q, lang)) if (!interps.some((o) => o.kind === "code" && o.family === m.family && o.code === m.code)) interps.push(m);
  }
  interps = interps.sort((a, b) => b.score - a.score);
  return { query: q, found: interps.length > 0, interpretations: interps, suggestions: interps.length ? [] : nearest(q, lang) };
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Nearest known codes for something unknown: numerically close codes, similar names, keyword hits. */
function nearest(q: string, lang: Lang): string[] {
  const label = (e: CodeEntry) => `${formatCode(e.family, e.dec)} ${e.name}`;
  const v = parseLooseNumber(q);
  const all = knowledge().allCodes;
  if (v !== undefined) {
    const target = /0x/i.test(q) && !q.startsWith("-") && Math.abs(v) >= 0xc000 ? Math.abs(v) : -Math.abs(v);
    return [...all]
      .filter((e) => Math.sign(e.dec) === Math.sign(target) || e.dec === 0)
      .sort((a, b) => Math.abs(a.dec - target) - Math.abs(b.dec - target))
      .slice(0, 5)
      .map(label);
  }
  if (/^[A-Z][A-Z0-9_]{3,}$/i.test(q)) {
    // names are short: compare at most 64 characters (the distance is quadratic in the length)
    const u = q.toUpperCase().slice(0, 64);
    return [...all]
      .map((e) => ({ e, d: editDistance(u, e.name) - (e.name.includes(u) ? 10 : 0) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 5)
      .map((x) => label(x.e));
  }
  return search(q, lang, 5).map(label);
}

/** Keyword search over names, SDK messages and meanings (both languages); best matches first. */
export function search(text: string, _lang: Lang = "en", limit = 30): CodeEntry[] {
  const words = text
    .toLowerCase()
    .split(/[\s_,.:;()]+/)
    .filter((w) => w.length >= 2);
  if (words.length === 0) return [];
  const scored: { e: CodeEntry; s: number }[] = [];
  for (const e of knowledge().allCodes) {
    const name = e.name.toLowerCase();
    const hay = [name, ...(e.messages ?? []), e.en.meaning, e.zh.meaning].join(" ").toLowerCase();
    let s = 0;
    for (const w of words) {
      if (name.includes(w)) s += 3;
      else if (hay.includes(w)) s += 1;
      else s -= 2;
    }
    // codes the SDK really prints rank above codes it only defines
    if (s > 0) scored.push({ e, s: s + (e.emitted === false ? -0.5 : 0) });
  }
  return scored.sort((a, b) => b.s - a.s || a.e.name.localeCompare(b.e.name)).slice(0, limit).map((x) => x.e);
}

export function listCodes(family?: CodeFamily): CodeEntry[] {
  return knowledge().allCodes.filter((e) => !family || e.family === family);
}
