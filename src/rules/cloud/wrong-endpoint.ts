import { defineAttemptRule, defineFlowRule } from "../rule.js";
import type { Flow } from "../../flow/model.js";
import type { AttemptMatch } from "../rule.js";

/** Prerelease/daily hosts and addresses (guider.c): fixed IPs, -pre and daily domains. */
export function environmentOf(flow: Flow, host?: string): "prerelease" | "daily" | undefined {
  const h = host ?? flow.facts.host ?? "";
  if (/^(?:47\.111\.216\.79|100\.67\.)|iot-auth-pre|\.pre\.|-pre\./.test(h) || flow.facts.environment === "prerelease") return "prerelease";
  if (/iot-test-daily|alibaba\.net|daily/.test(h) || flow.facts.environment === "daily") return "daily";
  return undefined;
}

/**
 * The device fails against a host that someone set by hand (`kv set mqtt_url`) or against a
 * prerelease/daily environment: the address itself is the likely problem (seed S5, S6).
 */
export const wrongEndpoint = defineAttemptRule({
  id: "cloud.wrong-endpoint",
  stage: "cloud",
  severity: "error",
  rank: 95,
  description: "the device connects to a hand-set or non-production host and fails there",
  messages: ["kv", "environment"],
  match(a, flow): AttemptMatch | undefined {
    if (!a.root && a.outcome !== "fail") return undefined;
    const kv = flow.scope.stats.get("kv.set-mqtt-url")?.last;
    if (kv && flow.facts.hostSource === "kv") {
      return { messageId: "kv", data: { url: kv.fields.url ?? "", host: a.host ?? "" }, evidence: [kv, ...(a.root ? [a.root] : [])] };
    }
    const env = environmentOf(flow, a.host);
    if (env && a.root) {
      return { messageId: "environment", data: { env, host: a.host ?? "" }, evidence: [a.events[0]!, a.root] };
    }
    return undefined;
  },
});

/** Warns when the device talks to a prerelease/daily environment even though it works there. */
export const nonProductionEndpoint = defineFlowRule({
  id: "cloud.wrong-endpoint.non-production",
  stage: "cloud",
  severity: "warning",
  rank: 10,
  description: "the device uses a prerelease or daily (test) environment",
  messages: ["warn"],
  check(ctx) {
    const env = environmentOf(ctx.flow);
    if (!env) return;
    const hostEv = ctx.flow.scope.stats.get("banner.host")?.last ?? ctx.flow.scope.stats.get("net.tcp-start")?.last;
    ctx.report({ messageId: "warn", data: { env, host: ctx.flow.facts.host ?? "" }, evidence: hostEv ? [hostEv] : [] });
  },
});
