import { defineAttemptRule } from "../rule.js";
import { eventsOf } from "../helpers.js";

/** The MQTT (or bootstrap) host name did not resolve: esp-tls "couldn't get hostname", getaddrinfo, -0x0052. */
export const dnsFailed = defineAttemptRule({
  id: "cloud.dns-failed",
  stage: "cloud",
  severity: "error",
  rank: 75,
  description: "the host name of the MQTT or bootstrap server did not resolve",
  messages: ["dns"],
  match(a) {
    const dns = eventsOf(a, "net.dns-failed");
    const net = eventsOf(a, "net.connect-result").filter((e) => /^-?0x0*52$/i.test(e.fields.code ?? ""));
    if (dns.length === 0 && net.length === 0) return undefined;
    const host = dns.find((e) => e.fields.host)?.fields.host ?? a.host ?? "";
    return { messageId: "dns", data: { host }, evidence: [...dns, ...net, ...eventsOf(a, "net.failed").slice(0, 1)] };
  },
});
