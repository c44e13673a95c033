import { defineAttemptRule } from "../rule.js";
import { codeIs, eventsOf, tlsCodes } from "../helpers.js";

/**
 * The server certificate was not accepted: verification failed (-0x2700, verify flags, "Failed to verify
 * peer certificate"), the certificate could not be parsed (X.509 codes), or the CA compiled into the
 * firmware is unreadable. A device clock that was never set (SNTP failed) is the usual reason for
 * "expired"/"not yet valid" — then the finer id cloud.tls-cert-invalid.clock-not-set is used.
 */
export const tlsCertInvalid = defineAttemptRule({
  id: "cloud.tls-cert-invalid",
  stage: "cloud",
  severity: "error",
  rank: 80,
  description: "the server certificate failed verification or could not be parsed",
  messages: ["verify", "parse", "ca", "clock"],
  match(a, flow) {
    const verify = eventsOf(a, "tls.verify-failed");
    const flags = eventsOf(a, "tls.verify-result").filter((e) => parseInt(e.fields.flags ?? "0", 16) !== 0);
    const ca = eventsOf(a, "tls.ca-parse-failed");
    const x509 = tlsCodes(a).filter(({ code }) => codeIs(code, /X509|PK_|PEM_/) && !codeIs(code, /ALLOC_FAILED/));
    if (verify.length === 0 && flags.length === 0 && ca.length === 0 && x509.length === 0) return undefined;
    const evidence = [...x509.map((h) => h.ev), ...verify, ...flags, ...ca];
    const clockNotSet = flow.facts.sntp === "failed";
    if (clockNotSet && (verify.length > 0 || flags.length > 0 || x509.some(({ code }) => code.value === -0x2700))) {
      const sntp = flow.scope.stats.get("sntp.fail")?.last;
      return { messageId: "clock", id: "cloud.tls-cert-invalid.clock-not-set", evidence: [...(sntp ? [sntp] : []), ...evidence] };
    }
    if (ca.length > 0) return { messageId: "ca", evidence };
    const verifyCode = x509.some(({ code }) => code.value === -0x2700);
    return {
      messageId: verify.length > 0 || flags.length > 0 || verifyCode ? "verify" : "parse",
      data: { code: x509[0]?.code.code ?? "", flags: flags[0]?.fields.flags ?? "" },
      evidence,
    };
  },
});
