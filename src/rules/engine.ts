/**
 * Runs the rules over a flow. Attempt rules decide each failed attempt's cause (best rank wins);
 * one finding per cause is reported, and it claims the cloud stage when it is the cause of the last
 * cloud attempt of the boot in scope. Flow rules report on their own.
 */
import type { Stage } from "../knowledge/index.js";
import type { FindingStage, Severity } from "../diagnostics/finding.js";
import type { Attempt, Flow } from "../flow/model.js";
import { cloudAttempts } from "../flow/stages.js";
import type { FlowEvent } from "../signatures/event.js";
import { RULES } from "./index.js";
import type { AttemptMatch, AttemptRule, Rule, RuleReport } from "./rule.js";

export interface RawFinding {
  ruleId: string;
  id: string;
  severity: Severity;
  stage: FindingStage;
  rank: number;
  messageId: string;
  data: Record<string, string | number>;
  evidence: FlowEvent[];
  claims?: Stage;
}

export function runRules(flow: Flow, rules: readonly Rule[] = RULES): RawFinding[] {
  const out: RawFinding[] = [];
  const attemptRules = rules.filter((r): r is AttemptRule => r.kind === "attempt");
  const causes = new Map<string, { rule: AttemptRule; match: AttemptMatch; attempts: Attempt[] }>();
  for (const a of flow.attempts) {
    if (a.outcome === "ok") continue;
    if (a.outcome === "open" && !a.root) continue;
    let best: { rule: AttemptRule; match: AttemptMatch } | undefined;
    for (const r of attemptRules) {
      const m = r.match(a, flow);
      if (!m) continue;
      const rank = m.rank ?? r.rank;
      if (!best || rank > (best.match.rank ?? best.rule.rank)) best = { rule: r, match: m };
    }
    a.cause = best ? (best.match.id ?? best.rule.id) : "unknown";
    if (!best) continue;
    const key = best.match.id ?? best.rule.id;
    const entry = causes.get(key);
    if (entry) {
      entry.match = best.match;
      entry.attempts.push(a);
    } else causes.set(key, { rule: best.rule, match: best.match, attempts: [a] });
  }
  // the same causes in the lines around dropped connections of the boot in scope
  const dropCauses = new Map<string, { rule: AttemptRule; match: AttemptMatch; count: number; lastSeq: number }>();
  for (const d of flow.scope.drops) {
    let best: { rule: AttemptRule; match: AttemptMatch } | undefined;
    for (const r of attemptRules) {
      const m = r.drop?.(d, flow);
      if (m && (!best || (m.rank ?? r.rank) > (best.match.rank ?? best.rule.rank))) best = { rule: r, match: m };
    }
    if (!best) continue;
    d.cause = best.match.id ?? best.rule.id;
    const e = dropCauses.get(d.cause);
    if (e) {
      e.count++;
      e.match = best.match;
      e.lastSeq = d.seq;
    } else dropCauses.set(d.cause, { ...best, count: 1, lastSeq: d.seq });
  }
  const lastCloud = cloudAttempts(flow.scope).at(-1);
  const cloudFailed = flow.stages.cloud.status === "fail" && lastCloud !== undefined && lastCloud.outcome !== "ok";
  for (const [id, { rule, match, attempts }] of causes) {
    const explainsLast = cloudFailed && lastCloud !== undefined && attempts.includes(lastCloud);
    out.push(causeFinding(id, rule, match, explainsLast, { attempts: attempts.length, lastAttemptLine: attempts.at(-1)!.startLine }));
  }
  const lastDrop = flow.scope.drops.at(-1);
  for (const [id, { rule, match, count, lastSeq }] of dropCauses) {
    if (causes.has(id)) continue;
    // it explains the cloud stage when the connection is still down after it, or when it keeps recurring
    const stillDown = flow.stages.cloud.status === "fail" && lastDrop?.seq === lastSeq && (!lastCloud || lastCloud.outcome === "ok");
    out.push(causeFinding(id, rule, match, stillDown || count >= 3, { drops: count }));
  }
  if (cloudFailed && lastCloud && lastCloud.cause === "unknown") {
    out.push({
      ruleId: "unknown",
      id: "unknown",
      severity: "error",
      stage: "cloud",
      rank: 1,
      messageId: "default",
      data: {},
      evidence: dedupe(lastCloud.events.slice(0, 8)),
      claims: "cloud",
    });
  }
  for (const r of rules) {
    if (r.kind !== "flow") continue;
    r.check({
      flow,
      report(rep: RuleReport) {
        const f: RawFinding = {
          ruleId: r.id,
          id: rep.id ?? r.id,
          severity: rep.severity ?? r.severity,
          stage: r.stage,
          rank: rep.rank ?? r.rank,
          messageId: rep.messageId ?? r.messages[0] ?? "default",
          data: rep.data ?? {},
          evidence: dedupe(rep.evidence),
        };
        if (rep.claims) f.claims = rep.claims;
        out.push(f);
      },
    });
  }
  // codes printed in the log that no finding cites are still decoded, in one informational finding
  const cited = new Set(out.flatMap((f) => f.evidence.map((e) => e.line)));
  const uncited = flow.codeEvents.filter((e) => !cited.has(e.line));
  if (uncited.length > 0) {
    out.push({ ruleId: "general.codes", id: "general.codes", severity: "info", stage: "general", rank: 0, messageId: "default", data: { count: uncited.length }, evidence: dedupe(uncited) });
  }
  return out;
}

/** The finding of an attempt rule's cause; it claims the cloud stage when it explains the final failure. */
function causeFinding(id: string, rule: AttemptRule, match: AttemptMatch, explains: boolean, extra: Record<string, number>): RawFinding {
  const f: RawFinding = {
    ruleId: rule.id,
    id,
    severity: explains ? rule.severity : "warning",
    stage: rule.stage,
    rank: match.rank ?? rule.rank,
    messageId: match.messageId ?? rule.messages[0] ?? "default",
    data: { ...match.data, ...extra },
    evidence: dedupe(match.evidence),
  };
  if (explains) f.claims = "cloud";
  return f;
}

function dedupe(evs: FlowEvent[]): FlowEvent[] {
  const seen = new Set<number>();
  const out: FlowEvent[] = [];
  for (const e of [...evs].sort((a, b) => a.line - b.line)) {
    if (seen.has(e.line)) continue;
    seen.add(e.line);
    out.push(e);
  }
  return out;
}
