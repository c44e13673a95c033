import { defineAttemptRule } from "../rule.js";
import { eventsOf, firstEventOf } from "../helpers.js";

/**
 * The cloud refused the device's login: a CONNACK with a refusal code (recvConnackProc -35/-34/-37,
 * state -0x0301..-0x0305, err_code 50438 with those), or the HTTPS bootstrap / pre-auth answered
 * with a rejection. Seed S7.
 */
export const authRejected = defineAttemptRule({
  id: "cloud.auth-rejected",
  stage: "cloud",
  severity: "error",
  rank: 90,
  description: "CONNACK (or the bootstrap/pre-auth) refused the device's credentials",
  messages: ["connack", "bootstrap"],
  match(a) {
    const refused = eventsOf(a, "mqtt.connack-refused");
    if (refused.length > 0) {
      const code = refused.find((e) => e.fields.code)?.fields.code ?? refused[0]!.fields.fromState ?? "";
      const details = eventsOf(a, "mqtt.connack-summary", "mqtt.attempt-failed");
      const ok = firstEventOf(a, "tls.verify-result", "tls.ok");
      return { messageId: "connack", data: { code }, evidence: [...(ok ? [ok] : []), ...refused, ...details] };
    }
    const rejected = eventsOf(a, "guider.rejected");
    const failed = eventsOf(a, "guider.failed");
    const http = firstEventOf(a, "http.response", "guider.bootstrap-reply");
    if (rejected.length > 0 || (failed.length > 0 && http && failed.some((e) => e.sig === "preauth.failed"))) {
      return { messageId: "bootstrap", evidence: [...(http ? [http] : []), ...rejected, ...failed] };
    }
    return undefined;
  },
});
