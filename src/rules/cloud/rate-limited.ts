import { defineAttemptRule } from "../rule.js";
import type { Attempt, Flow } from "../../flow/model.js";
import { fmtSeconds } from "../helpers.js";

const WINDOW_MS = 60_000;
const LIMIT = 5;

/** Attempts whose start lies in the 60 s before this attempt's start, on a comparable clock. */
export function attemptsInWindow(a: Attempt, flow: Flow): Attempt[] {
  if (a.t === undefined) return [];
  const sameClock = (b: Attempt) => flow.timeAxis === "wall" || b.boot === a.boot;
  return flow.attempts.filter(
    (b) => b.index <= a.index && b.t !== undefined && sameClock(b) && a.t! - b.t <= WINDOW_MS && a.t! >= b.t,
  );
}

/**
 * The cloud throttles a device that connects more than 5 times within one minute: the sixth and later
 * attempts get no CONNACK (or the connection is closed). Seed S8. Counts attempts in any sliding 60 s
 * window ending at a failed attempt; only failures without an answer qualify (a refusal is the cause itself).
 */
export const rateLimited = defineAttemptRule({
  id: "cloud.rate-limited",
  stage: "cloud",
  severity: "error",
  rank: 72,
  description: "more than 5 connects within 60 s, and the cloud stopped answering",
  messages: ["storm"],
  match(a, flow) {
    const noAnswer =
      a.root !== undefined &&
      ["mqtt.connack-timeout", "mqtt.read-error", "tls.read-error", "net.connect-result", "net.tcp-failed", "mqtt.connack-unknown"].includes(a.root.type);
    const unknownAck = a.events.some((e) => e.type === "mqtt.connack-unknown");
    if (!noAnswer && !unknownAck) return undefined;
    const win = attemptsInWindow(a, flow);
    if (win.length <= LIMIT) return undefined;
    const first = win[0]!;
    return {
      messageId: "storm",
      data: { count: win.length, span: fmtSeconds(a.t! - first.t!), times: win.map((w) => `+${fmtSeconds(w.t! - first.t!)} s`).join(", ") },
      // one line per attempt: its failure (with its time), else its first line
      evidence: win.map((w) => w.root ?? w.events[0]!).filter(Boolean),
    };
  },
});
