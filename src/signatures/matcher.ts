/**
 * Turns records into flow events using knowledge/signatures/*.yaml. A signature's regex is tried only
 * when one of its keywords occurs in the message. Diagnosis lines and app event names are mapped to
 * flow events by knowledge/signatures/mappings.yaml.
 */
import { knowledge, parseCodeNumber, type CodeFamily, type CompiledSignature, type Knowledge } from "../knowledge/index.js";
import { numberGroups } from "../dialects/registry.js";
import { settleNumberShapes, type LogRecord } from "../dialects/record.js";
import type { CodeRef, FlowEvent } from "./event.js";
import { keywordAutomaton, keywordsIn, type KeywordAutomaton } from "./keywords.js";

/** the memo's function for a record without one: no line holds a line end, so no function or module is this */
const NO_WHERE = "\n";

export class SignatureMatcher {
  private readonly k: Knowledge;
  /** one pass over the message finds every keyword (Aho-Corasick); each keyword knows its signatures */
  private readonly auto: KeywordAutomaton;
  private readonly order = new Map<CompiledSignature, number>();

  constructor() {
    this.k = knowledge();
    this.k.signatures.forEach((s, i) => this.order.set(s, i));
    // (once per signature for the whole process: every analysis has a matcher)
    for (const s of this.k.signatures) if (!PREPARED.has(s)) PREPARED.set(s, SignatureMatcher.prepare(s));
    this.auto = keywordAutomaton();
  }

  /**
   * The events of a record. `keywords`: gives the keyword ids in its message when the caller knows them
   * (the filter saw them in the line: see Analyzer.msgKeywords), exactly as keywordsIn() would find them,
   * or undefined; asked only when the memo does not know the message. `key`: the message's memo key, when
   * the caller worked it out (see messageKey).
   */
  match(rec: LogRecord, keywords?: () => number[] | undefined, key?: number): FlowEvent[] {
    const msg = rec.msg;
    if (msg.length === 0) return [];
    const where = rec.func ?? rec.module;
    // steady-state lines repeat their message (ping responses, publish acknowledgements): what a message
    // gives depends on it and its function only, so it is worked out once
    // (messages with numbers, ids or payloads rarely repeat: not kept, they would only age in the memo).
    // The memo is a table with one entry per slot, the slot chosen by a hash of the message (its key, see
    // messageKey; a caller with the message's bytes gives it) and function: a Map would hash both strings
    // again (they are new strings on every line; that cost more than the rest of a memo hit)
    let h = key ?? stringKey(msg);
    if (h === NO_MEMO) return this.events(this.find(msg, where, keywords), rec);
    if (where !== undefined && where.length > 0) h = (Math.imul(h, 31) + where.length * 7 + where.charCodeAt(0) + where.charCodeAt(where.length - 1) * 131) | 0;
    const slot = (h ^ (h >>> 13)) & (MEMO_SLOTS - 1);
    let found: Found[];
    // (a record without function or module is kept as NO_WHERE, so the comparison only meets strings)
    const whereKey = where ?? NO_WHERE;
    if (this.memoMsg[slot] === msg && this.memoWhere[slot] === whereKey) found = this.memoFound[slot]!;
    else {
      found = this.find(msg, where, keywords);
      this.memoMsg[slot] = msg;
      this.memoWhere[slot] = whereKey;
      this.memoFound[slot] = found;
    }
    return this.events(found, rec);
  }

  private events(found: Found[], rec: LogRecord): FlowEvent[] {
    const n = found.length;
    if (n === 0) return [];
    if (n === 1) return [this.toEvent(found[0]!, rec)];
    const out: FlowEvent[] = [];
    for (let i = 0; i < n; i++) out.push(this.toEvent(found[i]!, rec));
    return out;
  }

  /** message and function -> what its signatures make of it, before the record's own facts are added */
  // (an empty slot holds "", which no message equals (match() leaves empty messages out): the
  // comparison then only ever meets strings, and its optimised code is not thrown away the first time a
  // message lands in a slot that held none)
  private readonly memoMsg: string[] = new Array<string>(MEMO_SLOTS).fill("");
  private readonly memoWhere: string[] = new Array<string>(MEMO_SLOTS).fill(NO_WHERE);
  private readonly memoFound: (Found[] | undefined)[] = new Array<Found[] | undefined>(MEMO_SLOTS).fill(undefined);
  /** keyword-id sets -> candidate signatures in knowledge order */
  private readonly plans = new Map<string, Plan>();

  private plan(ids: number[]): Plan {
    const key = ids.length === 1 ? String(ids[0]) : ids.join(",");
    let p = this.plans.get(key);
    if (p) return p;
    // candidate signatures in knowledge order. The automaton found each keyword with its case rule, or
    // case-folded when some signature takes it so: a signature is certainly hit when it takes any case,
    // or when one of its keywords was found exactly; otherwise its needles are checked.
    const { sigs, folded } = this.auto;
    const candidates = new Set<CompiledSignature>();
    const sure = new Set<CompiledSignature>();
    for (const id of ids)
      for (const sig of sigs[id]!) {
        candidates.add(sig);
        if (!folded[id]) sure.add(sig);
      }
    const ordered = [...candidates].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    p = { sigs: ordered, check: Uint8Array.from(ordered, (sig) => (sig.flags !== "i" && !sure.has(sig) ? 1 : 0)) };
    this.plans.set(key, p);
    return p;
  }

  private find(msg: string, where: string | undefined, keywords: (() => number[] | undefined) | undefined): Found[] {
    const ids = keywords?.() ?? keywordsIn(this.auto, msg);
    if (ids.length === 0) return [];
    const plan = this.plan(ids);
    const out: Found[] = [];
    for (let i = 0; i < plan.sigs.length; i++) {
      const s = plan.sigs[i]!;
      // exact keyword check (for a signature that respects case, when its keyword was found case-folded)
      if (plan.check[i]) {
        let hit = false;
        for (const n of s.needles) if (msg.includes(n)) { hit = true; break; }
        if (!hit) continue;
      }
      // a `func` constraint needs the C function (or ESP tag) the dialect printed
      if (s.funcRegex && (where === undefined || !s.funcRegex.test(where))) continue;
      const p = PREPARED.get(s)!;
      const r = p.regex.exec(msg);
      if (!r) continue;
      for (const f of this.mapFound(this.found(s, p, r))) out.push(f);
    }
    return out;
  }

  /**
   * Each signature's regex with its named groups numbered (V8 builds a `groups` object on every match of a
   * regex with named groups), where each group's value goes (the field it fills, "host2" filling "host",
   * first match wins, in the order of the groups) and which groups are codes of which family.
   * (numberGroups refuses a named backreference: the knowledge tests see every signature through it)
   */
  private static prepare(s: CompiledSignature): Prepared {
    const n = numberGroups(s.re, s.flags ?? "");
    return {
      regex: n.regex,
      fields: Object.entries(n.group).map(([name, i]) => [i, name.replace(/\d+$/, "")] as [number, string]),
      codes: Object.entries(s.codes ?? {}).flatMap(([name, family]) => (n.group[name] === undefined ? [] : [[n.group[name]!, family] as [number, CodeFamily]])),
    };
  }

  private found(s: CompiledSignature, p: Prepared, m: RegExpExecArray): Found {
    const fields: Record<string, string> = {};
    for (const [i, base] of p.fields) {
      const v = m[i];
      if (v !== undefined) fields[base] ??= v;
    }
    const codes: CodeRef[] = [];
    for (const [i, family] of p.codes) {
      const raw = m[i];
      if (raw !== undefined) codes.push({ raw, family });
    }
    return { type: s.event, s, fields, codes };
  }

  /** an event of the record from what its message gave (codes are copied; fields are shared, read-only) */
  private toEvent(f: Found, rec: LogRecord): FlowEvent {
    return newEvent(f.type, f.s.id, rec.line, rec.text, f.fields, f.codes.length === 0 ? [] : f.codes.map((c) => ({ ...c })), rec.level || undefined, rec.func || undefined, rec.uptimeMs, rec.clock || undefined, rec.wallMs, f.s.benign || undefined);
  }

  /** Diagnosis lines and app events stand for other events; the original event is kept for its codes. */
  private mapFound(e: Found): Found[] {
    if (e.type === "diag.state" && e.fields.state) {
      const mapped = this.k.stateEvents.get(-Math.abs(parseCodeNumber(e.fields.state)));
      if (mapped) return [{ ...e, type: mapped, fields: { ...e.fields, fromState: e.fields.state } }];
      return [e];
    }
    if (e.type === "app.event") {
      const name = e.fields.name ?? (e.fields.num ? this.k.appEventNumbers.get(Number(e.fields.num)) : undefined);
      const mapped = name ? this.k.appEvents.get(name) : undefined;
      if (mapped) return [{ ...e, type: mapped, fields: { ...e.fields, name: name ?? "" } }];
      return [];
    }
    return [e];
  }
}

/** what a signature made of a message: the event's type, fields and codes */
interface Found {
  type: FlowEvent["type"];
  s: CompiledSignature;
  /** the events' fields object itself (read-only from here on) */
  fields: Readonly<Record<string, string>>;
  codes: CodeRef[];
}

interface Prepared {
  regex: RegExp;
  /** group number -> the field it fills */
  fields: [number, string][];
  /** group number -> the code family of its value */
  codes: [number, CodeFamily][];
}

interface Plan {
  sigs: CompiledSignature[];
  /** whether the signature's needles must be checked (found case-folded, but it respects case) */
  check: Uint8Array;
}

/** each signature's regex with numbered groups (see SignatureMatcher.prepare), shared by every matcher */
const PREPARED = new WeakMap<CompiledSignature, Prepared>();
const MEMO_SLOTS = 4096;
const MEMO_MSG = 64;

/** a message the matcher's memo does not keep (see messageKey) */
export const NO_MEMO = -1;

/**
 * The memo key of a message (SignatureMatcher.match): a hash of its characters (31 bits), or NO_MEMO when
 * it is longer than MEMO_MSG characters or holds a digit. messageKey() works out the same from the bytes
 * of a printable ASCII message, where the analyzer has them (a loop over bytes is cheaper than one over a
 * string sliced from the line).
 */
export function stringKey(msg: string): number {
  const n = msg.length;
  if (n > MEMO_MSG) return NO_MEMO;
  let h = n;
  for (let i = 0; i < n; i++) {
    const c = msg.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return NO_MEMO;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h & 0x7fffffff;
}

/** stringKey() of the printable ASCII message b[s, e) */
export function messageKey(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n > MEMO_MSG) return NO_MEMO;
  let h = n;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c >= 0x30 && c <= 0x39) return NO_MEMO;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h & 0x7fffffff;
}

/**
 * A flow event, every property present in one order (one hidden class for all events: the flow's code
 * stays fast). (the fields are shared with the memo and every event of the message: FlowEvent.fields is
 * read-only)
 */
function newEvent(
  type: FlowEvent["type"],
  sig: string,
  line: number,
  text: string,
  fields: FlowEvent["fields"],
  codes: CodeRef[],
  level: FlowEvent["level"],
  func: string | undefined,
  uptimeMs: number | undefined,
  clock: string | undefined,
  wallMs: number | undefined,
  benign: string | undefined,
): FlowEvent {
  return { type, sig, line, text, fields, codes, level, func, t: undefined, tApprox: undefined, uptimeMs, clock, wallMs, benign };
}
// (the first date after small integers changed the events' hidden class a few MB into a log, and the
// flow's optimised code with it: see settleNumberShapes)
settleNumberShapes((v, i) => newEvent("", "", i, "", {}, [], undefined, undefined, v, undefined, v, undefined));
