/**
 * Bind stage (seed S2, S3): after the token is acknowledged the device broadcasts the bind notify
 * (IOTX_AWSS_BIND_NOTIFY, optional) and answers the phone's device-info query; the phone then binds
 * through the cloud. A region mismatch makes the cloud migrate the device, which then reconnects.
 */
import { defineFlowRule } from "../rule.js";
import { bindErrors, migrationAttempts } from "../../flow/stages.js";

export const bindFailed = defineFlowRule({
  id: "bind.failed",
  stage: "bind",
  severity: "error",
  rank: 60,
  description: "the token was reported but the bind with the phone did not complete",
  messages: ["default"],
  check(ctx) {
    const b = ctx.flow.scope;
    if (ctx.flow.stages.bind.status !== "fail" || b.migration) return;
    const errors = bindErrors(b);
    const notify = b.stats.get("bind.notify");
    const err = errors[errors.length - 1]?.ev;
    const errStat = err ? b.stats.get(err.type) : undefined;
    const evidence = [...(notify ? [notify.first] : []), ...(errStat ? errStat.early.slice(0, 3) : [])];
    ctx.report({ messageId: "default", data: { notifies: notify?.count ?? 0, errors: errStat?.count ?? 0 }, evidence, claims: "bind" });
  },
});

export const regionMigration = defineFlowRule({
  id: "bind.region-migration",
  stage: "bind",
  severity: "error",
  rank: 90,
  description: "the cloud migrated the device to another region; whether it came back online there",
  messages: ["failed", "ok"],
  check(ctx) {
    const b = ctx.flow.scope;
    if (!b.migration) return;
    const after = migrationAttempts(b);
    const last = after[after.length - 1];
    const redirect = b.stats.get("region.redirect")?.first;
    const evidence = [b.migration.event, ...(redirect ? [redirect] : [])];
    if (last?.outcome === "ok") {
      const ok = last.events.find((e) => e.type === "mqtt.connected") ?? last.events[last.events.length - 1]!;
      ctx.report({ messageId: "ok", data: { host: last.host ?? "" }, evidence: [...evidence, ok], severity: "info" });
      return;
    }
    if (ctx.flow.stages.bind.status !== "fail" || !last) return;
    const root = last.root ?? last.events[last.events.length - 1]!;
    ctx.report({ messageId: "failed", data: { host: last.host ?? "", attempts: after.length }, evidence: [...evidence, root], claims: "bind" });
  },
});

export const notifyAbsent = defineFlowRule({
  id: "bind.notify-absent",
  stage: "bind",
  severity: "info",
  rank: 0,
  description: "the token was acknowledged but no bind notify was seen (not required to bind)",
  messages: ["default"],
  check(ctx) {
    const b = ctx.flow.scope;
    if (ctx.flow.stages.token.status !== "ok" || b.stats.has("bind.notify") || b.migration) return;
    const reply = b.stats.get("token.reply")?.last;
    ctx.report({ messageId: "default", evidence: reply ? [reply] : [] });
  },
});
