import { defineFlowRule, type FlowRule } from "../rule.js";
import type { Stage } from "../../knowledge/index.js";
import { fmtSeconds } from "../helpers.js";
import { lastOf } from "../../flow/stages.js";

const STAGE_EVENTS: Record<Stage, string[]> = {
  wifi: ["awss.enable", "awss.start", "awss.listen", "awss.ap", "awss.lock", "awss.got-ssid", "awss.devap", "wifi.connecting", "wifi.associated"],
  cloud: ["cloud.start", "banner.host", "mqtt.init", "net.tcp-start", "tls.setup", "tls.handshake-start", "mqtt.connect-params", "guider.no-dyna-url", "guider.dyna-url", "mqtt.default-host", "mqtt.clientid"],
  token: ["token.sent", "token.sending"],
  bind: ["region.notify", "region.redirect", "banner.host", "mqtt.init", "net.tcp-start"],
};

function inProgress(stage: Stage): FlowRule {
  return defineFlowRule({
    id: `${stage}.in-progress`,
    stage,
    severity: "warning",
    rank: 0,
    description: `the log ends inside the ${stage} stage without a failure`,
    messages: ["default"],
    check(ctx) {
      const flow = ctx.flow;
      if (flow.inProgressStage !== stage) return;
      const info = flow.stages[stage];
      const last = lastOf(flow.scope, STAGE_EVENTS[stage]);
      const first = info.start ? undefined : undefined;
      void first;
      const data: Record<string, string | number> = { duration: info.durationMs !== undefined ? fmtSeconds(info.durationMs) : "" };
      const evidence = [];
      const startEv = [...flow.scope.stats.values()].map((s) => s.first).find((e) => e.line === info.start?.line);
      if (startEv) evidence.push(startEv);
      if (last && last.ev !== startEv) evidence.push(last.ev);
      ctx.report({ messageId: "default", data, evidence });
    },
  });
}

export const wifiInProgress = inProgress("wifi");
export const cloudInProgress = inProgress("cloud");
export const tokenInProgress = inProgress("token");
export const bindInProgress = inProgress("bind");
