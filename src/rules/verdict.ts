/**
 * The verdict (taxonomy): the earliest stage that a finding claims as failed, explained by the
 * best-ranked claiming finding; a failed stage nobody explains is `unknown`; a log that stops inside a
 * stage is `incomplete` with `<stage>.in-progress`; otherwise `ok`.
 */
import { STAGES, type Stage } from "../knowledge/index.js";
import type { Flow } from "../flow/model.js";
import type { RawFinding } from "./engine.js";

export interface Verdict {
  status: "ok" | "fail" | "incomplete";
  failedStage: Stage | null;
  primaryCause: string;
  primary?: RawFinding;
}

export function decideVerdict(flow: Flow, findings: RawFinding[]): Verdict {
  const claiming = findings.filter((f) => f.claims && f.severity === "error");
  if (claiming.length > 0) {
    const order = (s: Stage) => STAGES.indexOf(s);
    claiming.sort((a, b) => order(a.claims!) - order(b.claims!) || b.rank - a.rank);
    const p = claiming[0]!;
    const stage = p.claims!;
    if (flow.stages[stage].status === "ok" || flow.stages[stage].status === "not_reached") flow.stages[stage].status = "fail";
    // stages after the failed one cannot have been reached unless the log shows them
    for (const s of STAGES.slice(STAGES.indexOf(stage) + 1)) {
      const st = flow.stages[s];
      if (st.status === "unknown") st.status = "not_reached";
    }
    return { status: "fail", failedStage: stage, primaryCause: p.id, primary: p };
  }
  const failed = STAGES.find((s) => flow.stages[s].status === "fail");
  if (failed) return { status: "fail", failedStage: failed, primaryCause: "unknown" };
  if (flow.inProgressStage) {
    const p = findings.find((f) => f.id === `${flow.inProgressStage}.in-progress`);
    return { status: "incomplete", failedStage: null, primaryCause: `${flow.inProgressStage}.in-progress`, ...(p ? { primary: p } : {}) };
  }
  return { status: "ok", failedStage: null, primaryCause: "ok" };
}
