import { defineAttemptRule } from "../rule.js";
import { codeIs, tlsCodes } from "../helpers.js";

/** -0x7F00 (SSL_ALLOC_FAILED) or any *_ALLOC_FAILED while connecting: the heap ran out. Seed S10. */
export const outOfMemory = defineAttemptRule({
  id: "cloud.out-of-memory",
  stage: "cloud",
  severity: "error",
  rank: 85,
  description: "memory allocation failed during the TLS connect (-0x7F00 and other ALLOC_FAILED codes)",
  messages: ["alloc"],
  drop(d, flow) {
    return this.match({ events: d.details } as never, flow);
  },
  match(a, flow) {
    const hits = tlsCodes(a).filter(({ code }) => codeIs(code, /ALLOC_FAILED/));
    if (hits.length === 0) return undefined;
    const heap = flow.facts.minFreeHeap;
    return {
      messageId: "alloc",
      data: { code: hits[0]!.code.code, heap: heap !== undefined ? String(heap) : "" },
      evidence: hits.map((h) => h.ev),
    };
  },
});
