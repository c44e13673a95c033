import { defineAttemptRule } from "../rule.js";
import { eventsOf, tlsCodes } from "../helpers.js";

/** The TLS handshake failed for another reason (server alert -0x7780, reset, timeout, wolfSSL errors). */
export const tlsHandshakeFailed = defineAttemptRule({
  id: "cloud.tls-handshake-failed",
  stage: "cloud",
  severity: "error",
  rank: 60,
  description: "the TLS handshake failed (other than certificate, buffer or memory)",
  messages: ["handshake"],
  match(a) {
    const hs = eventsOf(a, "tls.handshake-failed");
    if (hs.length === 0) return undefined;
    const codes = tlsCodes({ events: hs });
    return { messageId: "handshake", data: { code: codes[0]?.code.code ?? hs[0]!.fields.code ?? "" }, evidence: hs };
  },
});
