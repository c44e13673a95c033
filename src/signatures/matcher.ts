/**
 * Turns records into flow events using knowledge/signatures/*.yaml. A signature's regex is tried only
 * when one of its keywords occurs in the message. Diagnosis lines and app event names are mapped to
 * flow events by knowledge/signatures/mappings.yaml.
 */
import { knowledge, parseCodeNumber, type CompiledSignature, type Knowledge } from "../knowledge/index.js";
import type { LogRecord } from "../dialects/record.js";
import type { CodeRef, FlowEvent } from "./event.js";

export class SignatureMatcher {
  private readonly k: Knowledge;
  /** one scan over the message finds every keyword; each keyword knows the signatures it triggers */
  private readonly keywordScan: RegExp;
  /** lower-cased keyword → signatures whose keywords occur in it (so overlapping keywords are not lost) */
  private readonly byKeyword = new Map<string, CompiledSignature[]>();
  private readonly order = new Map<CompiledSignature, number>();

  constructor() {
    this.k = knowledge();
    const sigs = this.k.signatures;
    sigs.forEach((s, i) => this.order.set(s, i));
    const kws = new Set<string>();
    for (const s of sigs) for (const n of s.keywords) kws.add(n.toLowerCase());
    for (const kw of kws) {
      const list = sigs.filter((s) => s.keywords.some((n) => kw.includes(n.toLowerCase())));
      this.byKeyword.set(kw, list);
    }
    const esc = [...kws].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    this.keywordScan = new RegExp(esc.join("|"), "gi");
  }

  match(rec: LogRecord): FlowEvent[] {
    const msg = rec.msg;
    if (msg.length === 0) return [];
    this.keywordScan.lastIndex = 0;
    let m = this.keywordScan.exec(msg);
    if (!m) return [];
    const candidates = new Set<CompiledSignature>();
    while (m) {
      for (const s of this.byKeyword.get(m[0].toLowerCase()) ?? []) candidates.add(s);
      // step one character so that a keyword starting inside this match is found too
      this.keywordScan.lastIndex = m.index + 1;
      m = this.keywordScan.exec(msg);
    }
    const ordered = [...candidates].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    let lower: string | undefined;
    const out: FlowEvent[] = [];
    for (const s of ordered) {
      // exact keyword check (the scan is case-insensitive; most signatures are not)
      let hit = false;
      if (s.flags === "i") {
        lower ??= msg.toLowerCase();
        for (const n of s.needles) if (lower.includes(n)) { hit = true; break; }
      } else {
        for (const n of s.needles) if (msg.includes(n)) { hit = true; break; }
      }
      if (!hit) continue;
      // a `func` constraint needs the C function (or ESP tag) the dialect printed
      if (s.funcRegex) {
        const where = rec.func ?? rec.module;
        if (where === undefined || !s.funcRegex.test(where)) continue;
      }
      const r = s.regex.exec(msg);
      if (!r) continue;
      out.push(this.toEvent(s, r, rec));
    }
    if (out.length === 0) return out;
    return out.flatMap((e) => this.mapEvent(e));
  }
  private toEvent(s: CompiledSignature, m: RegExpExecArray, rec: LogRecord): FlowEvent {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) {
      if (v !== undefined) fields[k.replace(/\d+$/, "")] ??= v;
    }
    const codes: CodeRef[] = [];
    if (s.codes) {
      for (const [group, family] of Object.entries(s.codes)) {
        const raw = m.groups?.[group];
        if (raw !== undefined) codes.push({ raw, family });
      }
    }
    const ev: FlowEvent = { type: s.event, sig: s.id, line: rec.line, text: rec.text, fields, codes };
    if (rec.level) ev.level = rec.level;
    if (rec.func) ev.func = rec.func;
    if (rec.uptimeMs !== undefined) ev.uptimeMs = rec.uptimeMs;
    if (rec.clock) ev.clock = rec.clock;
    if (rec.wallMs !== undefined) ev.wallMs = rec.wallMs;
    if (s.benign) ev.benign = s.benign;
    return ev;
  }

  /** Diagnosis lines and app events stand for other events; the original event is kept for its codes. */
  private mapEvent(e: FlowEvent): FlowEvent[] {
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
