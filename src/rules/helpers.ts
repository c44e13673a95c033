/** Small helpers shared by rules: codes of events, attempt lookups. */
import { decodeCode, type DecodedCode } from "../knowledge/codes.js";
import type { Attempt, BootFlow, Flow } from "../flow/model.js";
import type { FlowEvent } from "../signatures/event.js";
import { cloudAttempts } from "../flow/stages.js";

export function eventsOf(a: Attempt, ...types: string[]): FlowEvent[] {
  return a.events.filter((e) => types.includes(e.type));
}

export function firstEventOf(a: Attempt, ...types: string[]): FlowEvent | undefined {
  return a.events.find((e) => types.includes(e.type));
}

/** mbedTLS codes printed in an attempt, decoded (hex or decimal, composite split). */
export function tlsCodes(a: Attempt | { events: FlowEvent[] }): { ev: FlowEvent; code: DecodedCode }[] {
  const out: { ev: FlowEvent; code: DecodedCode }[] = [];
  for (const ev of a.events) {
    for (const c of ev.codes) {
      if (c.family !== "mbedtls") continue;
      const d = decodeCode(c.raw, "mbedtls");
      if (d) out.push({ ev, code: d });
    }
  }
  return out;
}

/** True when a decoded mbedTLS code is (or contains) a code of that name pattern. */
export function codeIs(d: DecodedCode, re: RegExp): boolean {
  if (d.entry) return re.test(d.entry.name);
  return (d.parts ?? []).some((p) => re.test(p.name));
}

export function stateCodeOf(ev: FlowEvent): number | undefined {
  const s = ev.fields.fromState ?? ev.fields.state;
  if (!s) return undefined;
  const v = parseInt(s.replace(/^-?0x/i, ""), 16);
  return Number.isFinite(v) ? -v : undefined;
}

/** The last attempt of the cloud stage in the boot the verdict is about. */
export function lastCloudAttempt(flow: Flow): Attempt | undefined {
  const list = cloudAttempts(flow.scope);
  return list[list.length - 1];
}

export function scopeAttempts(flow: Flow): Attempt[] {
  return flow.scope.attempts;
}

export function stat(b: BootFlow, type: string) {
  return b.stats.get(type);
}

/** Which SDK generation the log shows, for the CONNACK wait: 6 s from smartliving 1.6, 2 s before. */
export function connackTimeoutFor(flow: Flow): { seconds?: number; version?: string } {
  const v = flow.facts.sdkVersion;
  if (v) {
    const [maj, min] = v.split(".").map(Number);
    const ge16 = (maj ?? 0) > 1 || ((maj ?? 0) === 1 && (min ?? 0) >= 6);
    return { seconds: ge16 ? 6 : 2, version: v };
  }
  const lk = flow.facts.linkkitVersion;
  if (lk && /_FY_/i.test(lk)) {
    const fy = /_FY_([\d.]+)/i.exec(lk)?.[1];
    if (fy) return connackTimeoutFor({ ...flow, facts: { ...flow.facts, sdkVersion: fy } });
  }
  return {};
}

export function fmtSeconds(ms: number): string {
  return (Math.round(ms / 100) / 10).toFixed(1);
}
