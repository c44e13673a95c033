/**
 * Stage statuses of the boot in scope (taxonomy: ok | fail | not_reached | unknown, with in-progress
 * kept as a flag). Later evidence proves earlier stages: any answer from the server proves Wi-Fi.
 */
import type { Stage } from "../knowledge/index.js";
import type { FlowEvent } from "../signatures/event.js";
import type { Attempt, BootFlow, Flow, StageInfo, StageState } from "./model.js";
import { NETWORK_PROOF, WIFI_ACTIVITY, WIFI_FAILURES, WIFI_REASON } from "./semantics.js";

/** Last event of any of the types, with its sequence number. */
export function lastOf(b: BootFlow, types: Iterable<string>): { ev: FlowEvent; seq: number } | undefined {
  let best: { ev: FlowEvent; seq: number } | undefined;
  for (const t of types) {
    const seq = b.lastSeq.get(t);
    const st = b.stats.get(t);
    if (seq !== undefined && st && (!best || seq > best.seq)) best = { ev: st.last, seq };
  }
  return best;
}

export function firstOf(b: BootFlow, types: Iterable<string>): { ev: FlowEvent; seq: number } | undefined {
  let best: { ev: FlowEvent; seq: number } | undefined;
  for (const t of types) {
    const seq = b.firstSeq.get(t);
    const st = b.stats.get(t);
    if (seq !== undefined && st && (!best || seq < best.seq)) best = { ev: st.first, seq };
  }
  return best;
}

export function count(b: BootFlow, type: string): number {
  return b.stats.get(type)?.count ?? 0;
}

/** Attempts that belong to the cloud stage (before any region migration). */
export function cloudAttempts(b: BootFlow): Attempt[] {
  return b.attempts.filter((a) => !a.afterMigration);
}

export function migrationAttempts(b: BootFlow): Attempt[] {
  return b.attempts.filter((a) => a.afterMigration);
}

function wifiState(b: BootFlow): StageState {
  const proof = lastOf(b, NETWORK_PROOF);
  const attemptsAnswered = b.attempts.some((a) => a.answered);
  const dropAnswered = b.drops.some((d) => d.details.some((e) => e.type === "tls.read-error" || e.type === "tls.write-error"));
  let fail = lastOf(b, WIFI_FAILURES);
  // ESP disconnect reasons that mean the join failed
  const disc = b.stats.get("wifi.disconnect");
  if (disc) {
    const r = Number(disc.last.fields.reason);
    if (WIFI_REASON.apNotFound.has(r) || WIFI_REASON.authFailed.has(r)) {
      const seq = b.lastSeq.get("wifi.disconnect")!;
      if (!fail || seq > fail.seq) fail = { ev: disc.last, seq };
    }
  }
  if (proof && (!fail || proof.seq > fail.seq)) return "ok";
  if ((attemptsAnswered || dropAnswered) && !fail) return "ok";
  if (fail) {
    // a new provisioning round or a successful decode after the failure clears it
    const again = lastOf(b, fail.ev.type === "awss.passwd-err" ? ["awss.got-ssid"] : ["awss.enable", "awss.start", "awss.got-ssid"]);
    if (again && again.seq > fail.seq) return "in_progress";
    return "fail";
  }
  if (lastOf(b, WIFI_ACTIVITY)) return "in_progress";
  return "unknown";
}

/** Whether the last cloud attempt (or the session) ended connected. */
function cloudState(b: BootFlow): StageState {
  const attempts = cloudAttempts(b);
  const last = attempts[attempts.length - 1];
  const migrationSeq = b.migration?.seq ?? Infinity;
  const dropsBefore = b.drops.filter((d) => d.seq < migrationSeq);
  const lastDrop = dropsBefore[dropsBefore.length - 1];
  const sessionProof = lastOf(b, ["mqtt.session", "token.reply", "token.sent", "token.sending", "token.timeout", "token.try-fail", "bind.notify", "bind.query", "bind.reply", "region.notify"]);
  if (b.migration) return "ok";
  if (last) {
    if (last.outcome === "ok") {
      if (lastDrop && lastDrop.seq > last.seqEnd) return "fail";
      return "ok";
    }
    if (last.outcome === "fail") return "fail";
    // open attempt
    if (sessionProof && sessionProof.seq > last.seqEnd) return "ok";
    if (lastDrop && lastDrop.seq > last.seqEnd) return "fail";
    return "in_progress";
  }
  if (lastDrop && (!sessionProof || lastDrop.seq > sessionProof.seq)) return "fail";
  if (sessionProof) return "ok";
  if (lastOf(b, ["cloud.start", "guider.no-dyna-url", "guider.dyna-url", "guider.bootstrap", "guider.no-region"])) return "in_progress";
  return "not_reached";
}

function tokenState(b: BootFlow): StageState {
  const ok = lastOf(b, ["token.reply", "token.already", "bind.notify", "bind.reply"]);
  const fail = lastOf(b, ["token.timeout", "token.try-fail", "token.send-failed"]);
  if (fail && (!ok || fail.seq > ok.seq)) {
    // a new report cycle after the failure
    const again = lastOf(b, ["token.sent", "token.sending"]);
    if (again && again.seq > fail.seq && b.stats.get("token.sent")?.last.line !== fail.ev.line) return "in_progress";
    return "fail";
  }
  if (ok) return "ok";
  if (lastOf(b, ["token.sent", "token.sending"])) return "in_progress";
  return "not_reached";
}

function bindState(b: BootFlow): StageState {
  if (b.migration) {
    const after = migrationAttempts(b);
    const last = after[after.length - 1];
    if (!last) return "in_progress";
    if (last.outcome === "ok") return "ok";
    if (last.outcome === "fail") return "fail";
    return "in_progress";
  }
  const notify = lastOf(b, ["bind.notify"]);
  const answered = lastOf(b, ["bind.reply"]);
  const errors = bindErrors(b);
  if (errors.length > 0 && !(answered && answered.seq > errors[errors.length - 1]!.seq)) return "fail";
  if (notify || answered) return "ok";
  return "not_reached";
}

/** Failures during the bind stage: phone query refused, notify not sent, RTOS errors after the bind notify. */
export function bindErrors(b: BootFlow): { ev: FlowEvent; seq: number }[] {
  const out: { ev: FlowEvent; seq: number }[] = [];
  const q = b.stats.get("bind.query-failed");
  if (q) out.push({ ev: q.last, seq: b.lastSeq.get("bind.query-failed")! });
  const firstNotify = b.firstSeq.get("bind.notify");
  const rtos = b.stats.get("sys.rtos-error");
  const rtosSeq = b.lastSeq.get("sys.rtos-error");
  if (rtos && rtosSeq !== undefined && firstNotify !== undefined && rtosSeq > firstNotify) out.push({ ev: rtos.last, seq: rtosSeq });
  const nr = b.stats.get("notify.result");
  if (nr && nr.recent.some((e) => e.fields.result === "fail" && e.fields.topic === "/sys/device/info/notify")) {
    out.push({ ev: nr.last, seq: b.lastSeq.get("notify.result")! });
  }
  return out.sort((x, y) => x.seq - y.seq);
}

const ORDER: Stage[] = ["wifi", "cloud", "token", "bind"];

export function computeStages(flow: Flow): void {
  const b = flow.scope;
  const states: Record<Stage, StageState> = {
    wifi: wifiState(b),
    cloud: cloudState(b),
    token: tokenState(b),
    bind: bindState(b),
  };
  // later success proves earlier stages
  const open = (x: StageState) => x === "unknown" || x === "in_progress" || x === "not_reached";
  if ((states.cloud === "ok" || states.token === "ok" || states.bind === "ok") && open(states.wifi)) states.wifi = "ok";
  if (states.token === "ok" && open(states.cloud)) states.cloud = "ok";
  // a failed or unfinished stage means later ones were not reached, unless they show something
  let blocked = false;
  for (const s of ORDER) {
    if (blocked && (states[s] === "in_progress" || states[s] === "unknown")) states[s] = "not_reached";
    if (states[s] === "fail" || states[s] === "in_progress") blocked = true;
  }
  for (const s of ORDER) {
    const info: StageInfo = { status: states[s] === "in_progress" ? "unknown" : states[s] };
    if (states[s] === "in_progress") {
      info.inProgress = true;
      flow.inProgressStage ??= s;
    }
    timing(flow, b, s, info);
    flow.stages[s] = info;
  }
}

const STAGE_START: Record<Stage, string[]> = {
  wifi: ["awss.enable", "awss.start", "awss.listen", "wifi.connecting", "wifi.associated"],
  cloud: ["cloud.start", "banner.host", "mqtt.init", "net.tcp-start", "tls.load-ca", "tls.setup", "tls.handshake-start", "guider.no-dyna-url", "guider.dyna-url", "mqtt.default-host"],
  token: ["token.sent", "token.sending"],
  bind: ["bind.notify", "bind.query", "region.notify"],
};
const STAGE_END: Record<Stage, string[]> = {
  wifi: ["wifi.got-ip"],
  cloud: ["mqtt.connected"],
  token: ["token.reply", "token.timeout", "token.try-fail", "token.send-failed"],
  bind: ["bind.reply"],
};

function timing(flow: Flow, b: BootFlow, s: Stage, info: StageInfo): void {
  let start = firstOf(b, STAGE_START[s]);
  if (s === "cloud") {
    const a = cloudAttempts(b)[0];
    const ev = a?.events[0];
    if (ev && a && (!start || a.seqStart < start.seq)) start = { ev, seq: a.seqStart };
  }
  if (!start) return;
  info.start = { line: start.ev.line, ...(start.ev.t !== undefined ? { t: start.ev.t } : {}) };
  let end: FlowEvent | undefined;
  if (info.status === "ok" || info.status === "fail") {
    end = firstOf(b, STAGE_END[s])?.ev;
    if (s === "cloud") {
      const atts = cloudAttempts(b);
      const last = atts[atts.length - 1];
      const ok = atts.find((a) => a.outcome === "ok");
      const e = (info.status === "ok" ? ok : last)?.events.at(-1);
      if (e) end = e;
    }
    if (info.status === "fail" && !end) end = lastOf(b, [...b.stats.keys()])?.ev;
  }
  if (end && end.line >= start.ev.line) {
    info.end = { line: end.line, ...(end.t !== undefined ? { t: end.t } : {}) };
    if (start.ev.t !== undefined && end.t !== undefined && end.t >= start.ev.t) info.durationMs = end.t - start.ev.t;
  } else if (info.inProgress && start.ev.t !== undefined && flow.lastT !== undefined && flow.lastT >= start.ev.t) {
    info.durationMs = flow.lastT - start.ev.t;
  }
}
