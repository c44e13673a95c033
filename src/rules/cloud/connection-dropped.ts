import { defineFlowRule } from "../rule.js";
import { cloudAttempts } from "../../flow/stages.js";
import type { FlowEvent } from "../../signatures/event.js";

/**
 * The device was connected, then lost the MQTT connection (peer close notify -0x7880 / -30848, read or
 * write errors, "network is disconnected!") and did not get back. When reconnects were tried and failed,
 * their own cause explains the failure and this finding is a warning.
 */
export const connectionDropped = defineFlowRule({
  id: "cloud.connection-dropped",
  stage: "cloud",
  severity: "error",
  rank: 40,
  description: "the MQTT connection dropped after being up, and did not come back",
  messages: ["dropped", "reconnected"],
  check(ctx) {
    const b = ctx.flow.scope;
    const drops = b.drops.filter((d) => !b.migration || d.seq < b.migration.seq);
    if (drops.length === 0) return;
    const last = drops[drops.length - 1]!;
    const attempts = cloudAttempts(b);
    const lastAttempt = attempts[attempts.length - 1];
    const evidence: FlowEvent[] = [...last.details.filter((e) => e !== last.event), last.event].sort((x, y) => x.line - y.line);
    const data = { count: drops.length };
    const stillDown = ctx.flow.stages.cloud.status === "fail" && (!lastAttempt || lastAttempt.seqEnd < last.seq || lastAttempt.outcome === "ok");
    if (stillDown) {
      ctx.report({ messageId: "dropped", data, evidence, claims: "cloud" });
    } else {
      ctx.report({ messageId: "reconnected", data, evidence, severity: "warning" });
    }
  },
});
