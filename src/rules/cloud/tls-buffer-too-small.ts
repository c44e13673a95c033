import { defineAttemptRule } from "../rule.js";
import { tlsCodes } from "../helpers.js";

/** -0x7200 (MBEDTLS_ERR_SSL_INVALID_RECORD, decimal -29184): the incoming TLS record did not fit. Seed S10. */
export const tlsBufferTooSmall = defineAttemptRule({
  id: "cloud.tls-buffer-too-small",
  stage: "cloud",
  severity: "error",
  rank: 85,
  description: "TLS record larger than the device's mbedTLS buffer (-0x7200)",
  messages: ["record"],
  drop(d) {
    return this.match({ events: d.details } as never, undefined as never);
  },
  match(a) {
    const hits = tlsCodes(a).filter(({ code }) => code.value === -0x7200 || (code.parts?.[0]?.dec === -0x7200));
    if (hits.length === 0) return undefined;
    return { messageId: "record", data: { code: hits[0]!.code.code }, evidence: hits.map((h) => h.ev) };
  },
});
