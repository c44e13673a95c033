import { defineFlowRule } from "../rule.js";

/**
 * Lines that look alarming but are normal (seed S11): `env prerelease or daily not set ssl hostname`,
 * `kv get failed len=384,ret = -2`, NVS keys not found on first boot. Listed so nobody chases them.
 */
export const benignContext = defineFlowRule({
  id: "general.benign-lines",
  stage: "general",
  severity: "info",
  rank: 0,
  description: "error-looking lines that are normal context, not the cause",
  messages: ["default"],
  check(ctx) {
    const seen = new Map<string, (typeof ctx.flow.benign)[number]>();
    for (const e of ctx.flow.benign) if (!seen.has(e.sig)) seen.set(e.sig, e);
    if (seen.size === 0) return;
    ctx.report({ messageId: "default", data: { count: ctx.flow.benign.length }, evidence: [...seen.values()].slice(0, 5) });
  },
});
