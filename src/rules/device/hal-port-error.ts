import { defineFlowRule } from "../rule.js";
import type { FlowEvent } from "../../signatures/event.js";

/**
 * Values a working Wi-Fi HAL cannot return: every scanned AP at the same RSSI -1/0 (or outside
 * -1..-127), a device MAC of 00:00:00:00:00:00 or ff:ff:..; provisioning cannot work on such a port.
 */
export const halPortError = defineFlowRule({
  id: "device.hal-port-error",
  stage: "wifi",
  severity: "error",
  rank: 85,
  description: "the Wi-Fi HAL port returns impossible values (RSSI, MAC)",
  messages: ["rssi", "mac"],
  check(ctx) {
    const b = ctx.flow.scope;
    const claims = ctx.flow.stages.wifi.status === "ok" ? undefined : "wifi";
    const mac = b.stats.get("device.mac");
    if (mac) {
      const bad = [...mac.early, ...mac.recent].find((e) => /^(?:00[:-]?){5}00$|^(?:ff[:-]?){5}ff$/i.test(e.fields.mac ?? ""));
      if (bad) {
        ctx.report({ messageId: "mac", data: { mac: bad.fields.mac ?? "" }, evidence: [bad], ...(claims ? { claims } : {}) });
        return;
      }
    }
    const ap = b.stats.get("awss.ap");
    if (!ap || ap.count < 3) return;
    const seen = new Map<number, FlowEvent>();
    for (const e of [...ap.early, ...ap.recent]) {
      if (e.fields.rssi === undefined) continue;
      seen.set(e.line, e);
    }
    const samples = [...seen.values()];
    if (samples.length < 3) return;
    const values = new Set(samples.map((e) => Number(e.fields.rssi)));
    const impossible = samples.filter((e) => {
      const r = Number(e.fields.rssi);
      return r >= 0 || r < -127;
    });
    const constant = values.size === 1 && [...values].every((v) => v === -1 || v === 0);
    if (!constant && impossible.length < samples.length / 2) return;
    ctx.report({
      messageId: "rssi",
      data: { count: ap.count, rssi: [...values].slice(0, 3).join(", ") },
      evidence: samples.slice(0, 3),
      ...(claims ? { claims } : {}),
    });
  },
});
