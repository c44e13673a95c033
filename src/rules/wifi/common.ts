/** The Wi-Fi failure that ended the wifi stage of the boot in scope, if it failed. */
import type { Flow } from "../../flow/model.js";
import type { FlowEvent } from "../../signatures/event.js";
import { lastOf } from "../../flow/stages.js";
import { WIFI_FAILURES, WIFI_REASON } from "../../flow/semantics.js";

export type WifiFailureKind = "timeout" | "passwd" | "ap-not-found" | "weak-signal" | "auth" | "dhcp";

export function wifiFailure(flow: Flow): { kind: WifiFailureKind; ev: FlowEvent; associated?: FlowEvent } | undefined {
  if (flow.stages.wifi.status !== "fail") return undefined;
  const b = flow.scope;
  let last = lastOf(b, WIFI_FAILURES);
  const disc = b.stats.get("wifi.disconnect");
  let reason: number | undefined;
  if (disc) {
    const r = Number(disc.last.fields.reason);
    const seq = b.lastSeq.get("wifi.disconnect")!;
    if ((WIFI_REASON.apNotFound.has(r) || WIFI_REASON.authFailed.has(r)) && (!last || seq > last.seq)) {
      last = { ev: disc.last, seq };
      reason = r;
    }
  }
  if (!last) return undefined;
  const assoc = lastOf(b, ["wifi.associated"]);
  const ev = last.ev;
  switch (ev.type) {
    case "awss.timeout":
      return { kind: "timeout", ev };
    case "awss.passwd-err":
      return { kind: "passwd", ev };
    case "wifi.ap-not-found":
      return { kind: "ap-not-found", ev };
    case "wifi.weak-signal":
      return { kind: "weak-signal", ev };
    case "wifi.disconnect":
      return { kind: reason !== undefined && WIFI_REASON.apNotFound.has(reason) ? "ap-not-found" : "auth", ev };
    case "wifi.join-failed": {
      // the generic "join failed" line: the more specific lines before it say why
      const specific = lastOf(b, ["wifi.ap-not-found", "wifi.weak-signal"]);
      if (specific) return { kind: specific.ev.type === "wifi.ap-not-found" ? "ap-not-found" : "weak-signal", ev: specific.ev };
      const d = lastOf(b, ["wifi.disconnect"]);
      const r = d ? Number(d.ev.fields.reason) : NaN;
      if (assoc && assoc.seq < last.seq && (!d || d.seq < assoc.seq)) return { kind: "dhcp", ev, associated: assoc.ev };
      if (d && WIFI_REASON.apNotFound.has(r)) return { kind: "ap-not-found", ev: d.ev };
      if (d && WIFI_REASON.authFailed.has(r)) return { kind: "auth", ev: d.ev };
      return { kind: "auth", ev };
    }
  }
  return undefined;
}
