/**
 * Live diagnosis: feeds one Analyzer as bytes arrive and decides, from throttled snapshots, what the
 * monitor should say — stage changes, findings that became certain, reboots, and when `--until` is met.
 * No I/O and no timers: the caller passes the host time (ms) to feed() and tick(), so it is unit-testable.
 */
import { Analyzer, type AnalyzeOptions, type Finding, type Report } from "../index.js";

export const STAGES = ["wifi", "cloud", "token", "bind"] as const;
export type StageName = (typeof STAGES)[number];
export type StageStatus = Report["stages"][StageName]["status"];

/** ok: the flow succeeded; fail: a failure was diagnosed; any: whichever comes first. */
export type Until = "ok" | "fail" | "any";
/** why the monitor stops: --until conditions (fail, ok, settled) */
export type DoneReason = "fail" | "ok" | "settled";

export type LiveEvent =
  | { type: "stage"; stage: StageName; status: StageStatus; inProgress: boolean; line?: number; durationMs?: number }
  | { type: "finding"; finding: Finding }
  | { type: "reboot"; boot: number; crash: boolean }
  | { type: "done"; reason: DoneReason };

export interface LiveOptions extends Omit<AnalyzeOptions, "onEvent"> {
  until?: Until;
  /** --until ok: stop when the verdict is ok and no flow event arrived for this long (default 10 s) */
  settleMs?: number;
  /** at most one snapshot per this interval (default 100 ms); tick() takes the one left pending */
  minIntervalMs?: number;
}

/** how many finding keys are remembered (a day of reboot loops stays bounded) */
const MAX_KEYS = 5000;

export class LiveMonitor {
  readonly analyzer: Analyzer;
  private readonly until?: Until;
  private readonly settleMs: number;
  private readonly minIntervalMs: number;
  private last: Report;
  private dirty = false;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  private lastEventAt?: number;
  private flowEvents = 0;
  private crashesAtReboot = 0;
  /** a flow event arrived during the current feed() (its host time is set there) */
  private pendingEventAt = false;
  /** id@first-evidence-line of every finding already printed */
  private readonly printed = new Set<string>();
  /** ids printed since the last reboot: a finding that repeats with every retry is printed once per boot */
  private printedThisBoot = new Set<string>();
  private doneReason?: DoneReason;

  constructor(opts: LiveOptions = {}) {
    const { until, settleMs, minIntervalMs, ...analyzeOpts } = opts;
    if (until) this.until = until;
    this.settleMs = settleMs ?? 10_000;
    this.minIntervalMs = minIntervalMs ?? 100;
    this.analyzer = new Analyzer({
      ...analyzeOpts,
      onEvent: () => {
        this.dirty = true;
        this.flowEvents++;
        this.pendingEventAt = true;
      },
    });
    this.last = this.analyzer.snapshot();
  }

  /** the last snapshot (what the status line shows) */
  get report(): Report {
    return this.last;
  }

  /** number of flow events recognised so far */
  get events(): number {
    return this.flowEvents;
  }

  /** set once an --until condition is met */
  get done(): DoneReason | undefined {
    return this.doneReason;
  }

  /** Feeds bytes (or text); returns what became known, if a snapshot was due. */
  feed(chunk: Uint8Array | string, now: number): LiveEvent[] {
    if (typeof chunk === "string") this.analyzer.writeText(chunk);
    else this.analyzer.write(chunk);
    if (this.pendingEventAt) {
      this.pendingEventAt = false;
      this.lastEventAt = now;
    }
    if (this.dirty && now - this.lastSnapshotAt >= this.minIntervalMs) return this.evaluate(now);
    return [];
  }

  /** Called periodically: takes a pending snapshot and checks the settle time of --until ok. */
  tick(now: number): LiveEvent[] {
    if (this.doneReason) return [];
    if (this.dirty && now - this.lastSnapshotAt >= this.minIntervalMs) return this.evaluate(now);
    return this.checkUntil(now);
  }

  /** Takes the snapshot still pending (throttled), if any: before the end, so no event is left unsaid. */
  drain(now: number): LiveEvent[] {
    if (this.doneReason || !this.dirty) return [];
    return this.evaluate(now);
  }

  /** Ends the input (a line without its end is read too) and returns the final report. */
  end(): Report {
    return this.analyzer.end();
  }

  private evaluate(now: number): LiveEvent[] {
    const prev = this.last;
    const r = this.analyzer.snapshot();
    this.last = r;
    this.dirty = false;
    this.lastSnapshotAt = now;
    const out: LiveEvent[] = [];
    if (r.boots.count > prev.boots.count) {
      // the crash is seen (Guru Meditation…) before the boot banner that follows it
      out.push({ type: "reboot", boot: r.boots.count, crash: r.boots.crashes > this.crashesAtReboot });
      this.crashesAtReboot = r.boots.crashes;
      this.printedThisBoot = new Set();
    }
    for (const s of STAGES) {
      const a = prev.stages[s];
      const b = r.stages[s];
      if (a.status === b.status && Boolean(a.inProgress) === Boolean(b.inProgress)) continue;
      const line = b.status === "ok" || b.status === "fail" ? (b.end?.line ?? b.start?.line) : b.start?.line;
      out.push({ type: "stage", stage: s, status: b.status, inProgress: Boolean(b.inProgress), ...(line !== undefined ? { line } : {}), ...(b.durationMs !== undefined ? { durationMs: b.durationMs } : {}) });
    }
    for (const f of r.findings) {
      const certain = (r.verdict.status === "fail" && f.id === r.verdict.primaryCause) || (f.severity === "error" && f.claims !== undefined);
      if (!certain) continue;
      const key = `${f.id}@${f.evidence[0]?.line ?? 0}`;
      if (this.printed.has(key) || this.printedThisBoot.has(f.id)) continue;
      this.printed.add(key);
      if (this.printed.size > MAX_KEYS) this.printed.delete(this.printed.values().next().value as string);
      this.printedThisBoot.add(f.id);
      out.push({ type: "finding", finding: f });
    }
    out.push(...this.checkUntil(now));
    return out;
  }

  private checkUntil(now: number): LiveEvent[] {
    if (!this.until || this.doneReason) return [];
    const r = this.last;
    const wantFail = this.until === "fail" || this.until === "any";
    const wantOk = this.until === "ok" || this.until === "any";
    let reason: DoneReason | undefined;
    if (wantFail && r.verdict.status === "fail") reason = "fail";
    else if (wantOk && r.verdict.status === "ok" && this.flowEvents > 0) {
      if (r.stages.bind.status === "ok") reason = "ok";
      // devices without binding never reach bind: a connected device that stays quiet is done
      else if (r.stages.cloud.status === "ok" && this.lastEventAt !== undefined && now - this.lastEventAt >= this.settleMs) reason = "settled";
    }
    if (!reason) return [];
    this.doneReason = reason;
    return [{ type: "done", reason }];
  }
}
