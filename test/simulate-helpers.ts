/** Shared by the simulator's closed-loop tests: time scale, dialect rotation, a run with its progress. */
import { simulate, type Actor } from "../src/simulate/run.js";
import { expect } from "vitest";
import { FAULTS, FAULT_INFO, causeMatches, type Fault } from "../src/simulate/faults.js";
import { DIALECTS, type Dialect } from "../src/simulate/logwriter.js";

export const SCALE = Number(process.env.SIM_TIME_SCALE ?? 0.05);

/** two dialects per fault (rotating over the four); SIM_ALL_DIALECTS=1 runs every dialect */
export function dialectsFor(fault: Fault): Dialect[] {
  if (process.env.SIM_ALL_DIALECTS) return [...DIALECTS];
  const i = FAULTS.indexOf(fault);
  return [DIALECTS[i % 4]!, DIALECTS[(i + 1) % 4]!];
}

/** One simulated run; `why` (progress and the log's tail) explains a failed expectation. */
export async function runScenario(fault: Fault, dialect: Dialect, seed: number) {
  const progress: string[] = [];
  const r = await simulate({ fault, dialect, timeScale: SCALE, seed, onProgress: (a: Actor, _t, m) => progress.push(`${a}: ${m}`) });
  const why = `\n--- progress\n${progress.join("\n")}\n--- log (tail)\n${r.log.split("\n").slice(-60).join("\n")}`;
  return { r, progress: progress.join("\n"), why };
}

/** The closed-loop checks every scenario shares: the analyzer names the fault, stage statuses, what happened on the wire. */
export function expectDiagnosed(fault: Fault, run: Awaited<ReturnType<typeof runScenario>>, wire: RegExp[] = []): void {
  const { r, progress, why } = run;
  expect(r.report.verdict.primaryCause, why).toSatisfy((c: string) => causeMatches(c, FAULT_INFO[fault].expected));
  expect(r.match).toBe(true);
  const stages = Object.fromEntries(Object.entries(r.report.stages).map(([k, v]) => [k, v.status]));
  expect(stages, why).toEqual(FAULT_INFO[fault].stages);
  for (const re of wire) expect(progress, why).toMatch(re);
}
