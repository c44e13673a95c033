/**
 * Wi-Fi stage rules. Each id is one way the wifi stage fails (taxonomy): provisioning timed out, the
 * provisioning data could not be decrypted, the router was not found, the join was refused, no IP.
 */
import { defineFlowRule } from "../rule.js";
import { wifiFailure, type WifiFailureKind } from "./common.js";
import { fmtSeconds } from "../helpers.js";
import type { FlowEvent } from "../../signatures/event.js";

function simple(id: string, kinds: WifiFailureKind[], rank: number, description: string, extra?: (ev: FlowEvent[]) => void) {
  return defineFlowRule({
    id,
    stage: "wifi",
    severity: "error",
    rank,
    description,
    messages: ["default"],
    check(ctx) {
      const f = wifiFailure(ctx.flow);
      if (!f || !kinds.includes(f.kind)) return;
      const b = ctx.flow.scope;
      const evidence: FlowEvent[] = [];
      const data: Record<string, string | number> = {};
      if (f.kind === "timeout") {
        const start = b.stats.get("awss.enable")?.last ?? b.stats.get("awss.start")?.last;
        if (start) {
          evidence.push(start);
          if (start.t !== undefined && f.ev.t !== undefined && f.ev.t >= start.t) data.window = fmtSeconds(f.ev.t - start.t);
        }
        const lock = b.stats.get("awss.lock");
        data.locked = lock ? "yes" : "no";
      }
      if (f.kind === "passwd") {
        const missing = b.stats.get("device.four-tuple-missing")?.early ?? [];
        evidence.push(...missing.slice(0, 2));
        data.count = b.stats.get("awss.passwd-err")?.count ?? 1;
      }
      if (f.associated) evidence.push(f.associated);
      const connecting = b.stats.get("wifi.connecting");
      if ((f.kind === "auth" || f.kind === "dhcp" || f.kind === "ap-not-found") && connecting) evidence.unshift(connecting.first);
      data.reason = f.ev.fields.reason ?? "";
      data.ssid = f.ev.fields.ssid ?? "";
      data.rssi = f.ev.fields.rssi ?? "";
      extra?.(evidence);
      evidence.push(f.ev);
      ctx.report({ messageId: "default", data, evidence, claims: "wifi", ...(f.kind === "weak-signal" ? { id: `${id}.weak-signal` } : {}) });
    },
  });
}

export const provisionTimeout = simple("wifi.provision-timeout", ["timeout"], 70, "provisioning ended without SSID/password (AWSS timeout)");
export const credentialDecryptFailed = simple(
  "wifi.credential-decrypt-failed",
  ["passwd"],
  80,
  "the provisioning password could not be decrypted: product credentials do not match the app's product",
);
export const apNotFound = simple("wifi.ap-not-found", ["ap-not-found", "weak-signal"], 70, "the router's SSID was not found (or too weak)");
export const authFailed = simple("wifi.auth-failed", ["auth"], 70, "the router refused the join (wrong Wi-Fi password)");
export const dhcpFailed = simple("wifi.dhcp-failed", ["dhcp"], 70, "joined the router but got no IP address");
