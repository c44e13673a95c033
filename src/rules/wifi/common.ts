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
      // associated with the AP after the last disconnect, yet no IP: DHCP
      const disc2 = lastOf(b, ["wifi.disconnect"]);
      if (assoc && assoc.seq < last.seq && (!disc2 || disc2.seq < assoc.seq)) return { kind: "dhcp", ev, associated: assoc.ev };
      return { kind: "auth", ev };
    }
  }
  return undefined;
}
