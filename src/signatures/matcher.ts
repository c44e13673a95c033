/**
 * Turns records into flow events using knowledge/signatures/*.yaml. A signature's regex is tried only
 * when one of its keywords occurs in the message. Diagnosis lines and app event names are mapped to
 * flow events by knowledge/signatures/mappings.yaml.
 */
import { knowledge, parseCodeNumber, type CompiledSignature, type Knowledge } from "../knowledge/index.js";
import type { LogRecord } from "../dialects/record.js";
import type { CodeRef, FlowEvent } from "./event.js";
import { keywordAutomaton, keywordsIn, type KeywordAutomaton } from "./keywords.js";

export class SignatureMatcher {
  private readonly k: Knowledge;
  /** one pass over the message finds every keyword (Aho-Corasick); each keyword knows its signatures */
  private readonly auto: KeywordAutomaton;
  private readonly order = new Map<CompiledSignature, number>();

  constructor() {
    this.k = knowledge();
    this.k.signatures.forEach((s, i) => this.order.set(s, i));
    this.auto = keywordAutomaton();
  }

  match(rec: LogRecord): FlowEvent[] {
    const msg = rec.msg;
    if (msg.length === 0) return [];
    const ids = keywordsIn(this.auto, msg);
    if (ids.length === 0) return [];
    // candidate signatures in knowledge order (one keyword's list already is). The automaton found each
    // keyword with its case rule, or case-folded when some signature takes it so: a signature is certainly
    // hit when it takes any case, or when one of its keywords was found exactly.
    const { sigs, folded } = this.auto;
    let ordered = sigs[ids[0]!]!;
    let sure: Set<CompiledSignature> | undefined;
    if (ids.length > 1) {
      const candidates = new Set<CompiledSignature>();
      for (const id of ids)
        for (const s of sigs[id]!) {
          candidates.add(s);
          if (!folded[id]) (sure ??= new Set()).add(s);
        }
      ordered = [...candidates].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    }
    const allSure = ids.length === 1 && !folded[ids[0]!];
    const out: FlowEvent[] = [];
    for (const s of ordered) {
      // exact keyword check (for a signature that respects case, when its keyword was found case-folded)
      if (s.flags !== "i" && !allSure && !sure?.has(s)) {
        let hit = false;
        for (const n of s.needles) if (msg.includes(n)) { hit = true; break; }
        if (!hit) continue;
      }
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
  /** a signature's group names and the field each fills ("host2" fills "host") */
  private readonly groupNames = new Map<CompiledSignature, [string, string][]>();

  private toEvent(s: CompiledSignature, m: RegExpExecArray, rec: LogRecord): FlowEvent {
    const fields: Record<string, string> = {};
    const groups = m.groups;
    if (groups) {
      let names = this.groupNames.get(s);
      if (!names) {
        names = Object.keys(groups).map((k) => [k, k.replace(/\d+$/, "")]);
        this.groupNames.set(s, names);
      }
      for (const [k, base] of names) {
        const v = groups[k];
        if (v !== undefined) fields[base] ??= v;
      }
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
