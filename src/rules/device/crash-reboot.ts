import { defineFlowRule } from "../rule.js";
import type { Stage } from "../../knowledge/index.js";
import type { BootFlow } from "../../flow/model.js";
import type { FlowEvent } from "../../signatures/event.js";

/** How far a boot got: the first stage it had not completed. */
export function furthestStage(b: BootFlow): { done: number; next: Stage } {
  const has = (t: string) => b.stats.has(t);
  const order: Stage[] = ["wifi", "cloud", "token", "bind"];
  let done = 0;
  if (has("wifi.got-ip") || has("wifi.suc-notify") || b.attempts.some((a) => a.answered)) done = 1;
  if (b.attempts.some((a) => a.outcome === "ok") || has("mqtt.session")) done = 2;
  if (has("token.reply")) done = 3;
  if (has("bind.notify") || has("bind.reply")) done = 4;
  return { done, next: order[Math.min(done, 3)]! };
}

/**
 * A panic, stack overflow, abort or watchdog reset during the flow. It explains the failure when the
 * boot in scope crashed, or no later boot got past the stage where the crash happened.
 */
export const crashReboot = defineFlowRule({
  id: "device.crash-reboot",
  stage: "device",
  severity: "error",
  rank: 100,
  description: "the device crashed, hit a watchdog or rebooted during the flow",
  messages: ["crash"],
  check(ctx) {
    const flow = ctx.flow;
    const crashed = flow.boots.filter((b) => b.crash && b.crash.length > 0);
    if (crashed.length === 0) return;
    const lastCrash = crashed[crashed.length - 1]!;
    const at = furthestStage(lastCrash);
    const scopeAt = furthestStage(flow.scope);
    const explains = flow.scope === lastCrash || flow.scope.index < lastCrash.index || scopeAt.done <= at.done;
    const crashLines = lastCrash.crash!;
    const kind = crashLines.map((e) => e.fields.reason ?? e.fields.kind ?? e.fields.task ?? "").filter(Boolean).join(", ");
    // the last flow line before the crash shows what the device was doing
    let before: FlowEvent | undefined;
    for (const st of lastCrash.stats.values()) {
      const e = st.last;
      if (e.type.startsWith("device.") || e.type.startsWith("boot.") || e.line > crashLines[0]!.line) continue;
      if (!before || e.line > before.line) before = e;
    }
    const evidence = [...(before ? [before] : []), ...crashLines.slice(0, 4)];
    const data = { stage: at.next, count: crashed.length, kind };
    ctx.report({ messageId: "crash", data, evidence, ...(explains ? { claims: at.next } : { severity: "warning" }) });
  },
});
