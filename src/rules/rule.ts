/**
 * A rule: id (a taxonomy id, or a finer one), stage, severity, rank and message ids; its texts live in
 * knowledge/texts/{en,zh}.yaml under rules.<id>.<messageId>. Attempt rules judge one failed connect
 * attempt (the best-ranked match becomes that attempt's cause); flow rules look at the whole flow.
 */
import type { Stage } from "../knowledge/index.js";
import type { FindingStage, Severity } from "../diagnostics/finding.js";
import type { Attempt, Drop, Flow } from "../flow/model.js";
import type { FlowEvent } from "../signatures/event.js";

export interface RuleReport {
  messageId?: string;
  data?: Record<string, string | number>;
  evidence: FlowEvent[];
  /** the stage whose failure this explains (see verdict.ts) */
  claims?: Stage;
  severity?: Severity;
  /** overrides the rule's rank (e.g. a finer variant) */
  rank?: number;
  /** a finer id than the rule's own, e.g. cloud.tls-cert-invalid.clock-not-set */
  id?: string;
}

export interface RuleContext {
  flow: Flow;
  report(r: RuleReport): void;
}

interface RuleMeta {
  id: string;
  stage: FindingStage;
  severity: Severity;
  rank: number;
  /** one line: what it detects (docs, `explain --list`) */
  description: string;
  messages: string[];
}

export interface AttemptMatch {
  messageId?: string;
  data?: Record<string, string | number>;
  evidence: FlowEvent[];
  id?: string;
  rank?: number;
}

export interface AttemptRule extends RuleMeta {
  kind: "attempt";
  match(a: Attempt, flow: Flow): AttemptMatch | undefined;
  /** optional: the same cause found in the lines around a dropped connection */
  drop?(d: Drop, flow: Flow): AttemptMatch | undefined;
}

export interface FlowRule extends RuleMeta {
  kind: "flow";
  check(ctx: RuleContext): void;
}

export type Rule = AttemptRule | FlowRule;

export function defineAttemptRule(r: Omit<AttemptRule, "kind">): AttemptRule {
  return { ...r, kind: "attempt" };
}
export function defineFlowRule(r: Omit<FlowRule, "kind">): FlowRule {
  return { ...r, kind: "flow" };
}
