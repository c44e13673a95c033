import { defineFlowRule } from "../rule.js";
import type { FlowEvent } from "../../signatures/event.js";

const SOON_MS = 60_000;
const MIN_CYCLES = 3;

/**
 * Connected, kicked off soon after, reconnected, kicked again — at least three times. The cloud closes
 * the older session when another client logs in with the same ProductKey/DeviceName.
 */
export const duplicateClient = defineFlowRule({
  id: "cloud.duplicate-client",
  stage: "cloud",
  severity: "error",
  rank: 45,
  description: "repeatedly disconnected soon after each successful connect (same identity used twice)",
  messages: ["kicked"],
  check(ctx) {
    const b = ctx.flow.scope;
    const byIndex = new Map(b.attempts.map((a) => [a.index, a]));
    const quick: FlowEvent[] = [];
    for (const d of b.drops) {
      const a = d.after !== undefined ? byIndex.get(d.after) : undefined;
      if (!a || a.outcome !== "ok") continue;
      // a drop caused by the device's own TLS error is not a kick from the server
      if (d.cause !== undefined) continue;
      const t0 = a.tEnd ?? a.t;
      const t1 = d.event.t;
      if (t0 !== undefined && t1 !== undefined && t1 - t0 <= SOON_MS && t1 >= t0) quick.push(d.event);
    }
    const successes = b.attempts.filter((a) => a.outcome === "ok").length;
    if (quick.length < MIN_CYCLES || successes < MIN_CYCLES) return;
    ctx.report({ messageId: "kicked", data: { count: quick.length }, evidence: quick, claims: "cloud" });
  },
});
