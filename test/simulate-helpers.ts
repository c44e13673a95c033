/** Shared by the simulator's closed-loop tests: time scale, dialect rotation, a run with its progress. */
import { simulate, type Actor } from "../src/simulate/run.js";
import { FAULTS, type Fault } from "../src/simulate/faults.js";
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
