/**
 * Token stage: the device reports its bind token (thing.awss.enrollee.match) after the first cloud
 * connect and waits for match_reply. Three sends 3 s apart are normal; after the fourth timer tick it
 * prints "try 4 times fail" / state "report token timeout" (-0x0812, err_code 0xC508). Seed S2, S4.
 */
import { defineFlowRule } from "../rule.js";
import { lastOf } from "../../flow/stages.js";
import { fmtSeconds } from "../helpers.js";
import type { BootFlow } from "../../flow/model.js";

/** The report cycle's sends failed on the device (negative publish result) and none went out after. */
function sendsFailedLocally(b: BootFlow): boolean {
  const failed = lastOf(b, ["token.send-failed"]);
  if (!failed) return false;
  const sent = b.stats.get("token.sent");
  const okAfter = sent?.recent.some((e) => Number(e.fields.res) >= 0 && e.line > failed.ev.line);
  return !okAfter;
}

export const reportTimeout = defineFlowRule({
  id: "token.report-timeout",
  stage: "token",
  severity: "error",
  rank: 70,
  description: "the cloud never answered the bind-token report",
  messages: ["default"],
  check(ctx) {
    const b = ctx.flow.scope;
    if (ctx.flow.stages.token.status !== "fail") return;
    const fail = lastOf(b, ["token.timeout", "token.try-fail", "token.send-failed"]);
    if (!fail || sendsFailedLocally(b)) return;
    const sends = b.stats.get("token.sent")?.recent ?? b.stats.get("token.sending")?.recent ?? [];
    const first = sends[0];
    const data: Record<string, string | number> = { sends: b.stats.get("token.sent")?.count ?? b.stats.get("token.sending")?.count ?? 0 };
    if (first?.t !== undefined && fail.ev.t !== undefined && fail.ev.t >= first.t) data.span = fmtSeconds(fail.ev.t - first.t);
    const tail = [b.stats.get("token.try-fail")?.last, b.stats.get("token.timeout")?.last].filter((e) => e !== undefined);
    ctx.report({ messageId: "default", data, evidence: [...sends.slice(-3), ...tail], claims: "token" });
  },
});

export const reportFailed = defineFlowRule({
  id: "token.report-failed",
  stage: "token",
  severity: "error",
  rank: 70,
  description: "the bind-token report could not be sent or was refused",
  messages: ["default"],
  check(ctx) {
    const b = ctx.flow.scope;
    if (ctx.flow.stages.token.status !== "fail") return;
    const fail = lastOf(b, ["token.timeout", "token.try-fail", "token.send-failed"]);
    if (!fail || !sendsFailedLocally(b)) return;
    const st = b.stats.get("token.send-failed")!;
    const reason = st.last.fields.reason ?? st.last.fields.type ?? "";
    ctx.report({ messageId: "default", data: { reason, count: st.count }, evidence: [...st.recent.slice(-3), fail.ev], claims: "token" });
  },
});
