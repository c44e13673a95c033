/**
 * Builds the flow incrementally from events: boots, connect attempts, drops and per-boot event
 * statistics. Memory is bounded: per boot only counts plus the first/last few events of each type
 * are kept, and only the most recent attempts and boots.
 */
import type { FlowEvent } from "../signatures/event.js";
import type { Attempt, BootFlow, EventStat, Facts, Flow } from "./model.js";
import { ATTEMPT_EVENTS, PHASE, WDT_RESET } from "./semantics.js";
import { computeStages } from "./stages.js";
import { hostSource } from "./host.js";

const KEEP_EARLY = 5;
const KEEP_RECENT = 12;
const KEEP_ATTEMPT_EVENTS = 40;
const KEEP_ATTEMPTS_PER_BOOT = 200;
const KEEP_ATTEMPTS = 400;
const KEEP_BOOTS = 20;
const KEEP_BENIGN = 20;

export class FlowBuilder {
  private boots: BootFlow[] = [];
  private bootsDropped = 0;
  private boot: BootFlow;
  private seq = 0;
  private attemptCount = 0;
  private allAttempts: Attempt[] = [];
  private current?: Attempt;
  private connected = false;
  private lastConnectedAttempt?: number;
  private readonly facts: Facts = {};
  private readonly benign: FlowEvent[] = [];
  private readonly codeKeys = new Set<string>();
  private readonly codeEvents: FlowEvent[] = [];
  private timeAxis: Flow["timeAxis"] = "none";
  private lastT?: number;
  private lastLine = 0;
  private lastUptime = new Map<string, number>();
  private lastTopic?: string;

  constructor() {
    this.boot = this.newBoot(1);
  }

  private newBoot(startLine: number, ev?: FlowEvent): BootFlow {
    const b: BootFlow = {
      index: this.boots.length + this.bootsDropped + 1,
      startLine,
      endLine: startLine,
      stats: new Map(),
      lastSeq: new Map(),
      firstSeq: new Map(),
      attempts: [],
      attemptsDropped: 0,
      drops: [],
      flowEvents: 0,
      lastLine: startLine,
      // (every property present from the start: boots share one hidden class, so the code that reads
      // this.boot on every event is not thrown away when a boot gains a crash or a time)
      startEvent: ev,
      crash: undefined,
      firstT: undefined,
      lastT: undefined,
      migration: undefined,
    };
    this.boots.push(b);
    if (this.boots.length > KEEP_BOOTS) {
      this.boots.shift();
      this.bootsDropped++;
    }
    this.current = undefined;
    this.connected = false;
    return b;
  }

  /** Notes the time of a record that produced no event, so that durations reach the end of the log. */
  tick(line: number, wallMs?: number, uptimeMs?: number, clock?: string): void {
    this.lastLine = line;
    this.boot.lastLine = line;
    this.boot.endLine = line;
    const t = this.timeOf(wallMs, uptimeMs, clock, line);
    if (t !== undefined) {
      this.lastT = t;
      this.boot.lastT = t;
      this.boot.firstT ??= t;
    }
  }

  /** True once a line with a time set the log's time axis. */
  hasTimeAxis(): boolean {
    return this.timeAxis !== "none";
  }

  /** True when this uptime is smaller than the last one seen on that clock (a reboot may be between). */
  uptimeWentBack(clock: string, uptimeMs: number): boolean {
    const prev = this.lastUptime.get(clock);
    return prev !== undefined && uptimeMs < prev;
  }

  private timeOf(wallMs: number | undefined, uptimeMs: number | undefined, clock: string | undefined, line: number): number | undefined {
    if (wallMs !== undefined) {
      this.timeAxis = "wall";
      return wallMs;
    }
    if (uptimeMs !== undefined && clock) {
      const prev = this.lastUptime.get(clock);
      this.lastUptime.set(clock, uptimeMs);
      // the uptime restarting (and small) means the device rebooted
      if (prev !== undefined && uptimeMs + 1000 < prev && uptimeMs < 5000 && this.boot.flowEvents > 0) {
        this.startBoot(line);
      }
      if (this.timeAxis === "none") this.timeAxis = "uptime";
      if (this.timeAxis === "uptime") return uptimeMs;
    }
    return undefined;
  }

  private startBoot(line: number, ev?: FlowEvent): void {
    this.closeAttempt();
    this.boot = this.newBoot(line, ev);
  }

  push(ev: FlowEvent): void {
    this.seq++;
    this.lastLine = ev.line;
    const t = this.timeOf(ev.wallMs, ev.uptimeMs, ev.clock, ev.line);
    if (t !== undefined) {
      ev.t = t;
      this.lastT = t;
    } else if (this.lastT !== undefined) {
      ev.t = this.lastT;
      ev.tApprox = true;
    }
    // boots
    if (ev.type === "boot.banner" || ev.type === "boot.reset") {
      const reason = ev.fields.reason ?? ev.fields.code;
      if (ev.type === "boot.reset" && reason !== undefined && WDT_RESET.test(reason)) {
        (this.boot.crash ??= []).push(ev);
      }
      if (this.boot.flowEvents > 0 || this.boot.crash) this.startBoot(ev.line, ev);
      else this.boot.startEvent ??= ev;
      this.record(ev);
      return;
    }
    if (ev.type === "device.crash") {
      const list = (this.boot.crash ??= []);
      if (list.length < 10) list.push(ev);
      this.record(ev);
      return;
    }
    if (ev.benign && this.benign.length < KEEP_BENIGN) this.benign.push(ev);
    for (const c of ev.codes) {
      const key = `${c.family}:${c.raw.toLowerCase()}`;
      if (!this.codeKeys.has(key) && this.codeKeys.size < 50) {
        this.codeKeys.add(key);
        this.codeEvents.push(ev);
      }
    }
    // CoAP notifies: the topic line says which notify the following result line is about
    if (ev.type === "notify.topic") {
      this.lastTopic = ev.fields.topic;
      if (ev.fields.topic === "/sys/device/info/notify") ev.type = "bind.notify";
      else if (ev.fields.topic === "/sys/awss/event/connectap/notify") ev.type = "wifi.suc-notify";
    } else if (ev.type === "notify.result" && this.lastTopic) {
      ev.fields = { ...ev.fields, topic: this.lastTopic };
    }
    if (ev.type === "context.benign") {
      this.record(ev);
      return;
    }
    this.boot.flowEvents++;
    if (ev.t !== undefined && !ev.tApprox) {
      this.boot.firstT ??= ev.t;
      this.boot.lastT = ev.t;
    }
    this.noteFacts(ev);
    this.attemptLogic(ev);
    this.record(ev);
  }

  private record(ev: FlowEvent): void {
    const b = this.boot;
    b.endLine = ev.line;
    b.lastLine = ev.line;
    let st = b.stats.get(ev.type);
    if (!st) {
      st = { count: 0, first: ev, last: ev, early: [], recent: [] } satisfies EventStat;
      b.stats.set(ev.type, st);
      b.firstSeq.set(ev.type, this.seq);
    }
    st.count++;
    st.last = ev;
    if (st.early.length < KEEP_EARLY) st.early.push(ev);
    st.recent.push(ev);
    if (st.recent.length > KEEP_RECENT) st.recent.shift();
    b.lastSeq.set(ev.type, this.seq);
  }

  // ---- connect attempts
  private attemptLogic(ev: FlowEvent): void {
    let type = ev.type;
    // read errors mean different things before and after the CONNACK
    if (type === "mqtt.read-error" || type === "tls.read-error" || type === "tls.write-error" || type === "mqtt.client-error") {
      const cur = this.current;
      const waitingConnack =
        cur !== undefined && cur.outcome === "open" && !cur.root && (ev.func === "iotx_mc_wait_CONNACK" || (ev.func === undefined && cur.maxPhase >= PHASE.tls));
      if (waitingConnack && type !== "mqtt.client-error") {
        type = "mqtt.connack-read-error";
        this.addToAttempt(this.current!, ev, { role: "root", phase: PHASE.connack, answered: true });
        return;
      }
      // after a failed attempt, errors of the dead client are not a new drop
      if (this.connected || this.boot.attempts.length === 0) this.noteDrop(ev, false);
      return;
    }
    if (type === "mqtt.disconnected") {
      this.noteDrop(ev, true);
      return;
    }
    if (type === "region.notify" && !this.boot.migration) {
      this.boot.migration = { event: ev, seq: this.seq };
      return;
    }
    let sem = ATTEMPT_EVENTS[type];
    // a diagnosis line restates what the line before it said: it never starts an attempt
    if (sem && ev.fields.fromState !== undefined && this.current) sem = { ...sem, role: "detail" };
    // a summary restates the failure of the attempt that just failed
    if (sem?.summary && this.current && (this.current.root || this.current.closed)) sem = { ...sem, role: "detail" };
    if (!sem) {
      if (type === "mqtt.session" || type === "mqtt.dm-event") this.noteSession(ev);
      return;
    }
    const cur = this.current;
    let open = false;
    switch (sem.role) {
      case "marker":
        open = !cur || cur.closed || cur.maxPhase > sem.phase || cur.kinds.has(type) || (type === "mqtt.reconnect-start" && cur.events.length > 0);
        break;
      case "root":
        open = !cur || cur.closed || cur.root !== undefined;
        break;
      case "detail":
        // host selection (guider/bootstrap) lines come before an attempt; alone they are not one
        open = !cur && !type.startsWith("guider.") && type !== "http.response";
        break;
      case "ok":
        open = !cur || (cur.closed && cur.outcome !== "ok");
        break;
      case "fail":
        open = !cur || (cur.closed && cur.outcome === "ok");
        break;
    }
    if (open) this.openAttempt(ev);
    if (this.current) this.addToAttempt(this.current, ev, sem);
  }

  private openAttempt(ev: FlowEvent): Attempt {
    this.closeAttempt();
    this.attemptCount++;
    const a: Attempt = {
      index: this.attemptCount,
      boot: this.boot.index,
      startLine: ev.line,
      endLine: ev.line,
      events: [],
      kinds: new Set(),
      maxPhase: -1,
      outcome: "open",
      closed: false,
      reconnect: ev.type === "mqtt.reconnect-start" || this.boot.drops.length > 0,
      afterMigration: this.boot.migration !== undefined,
      answered: false,
      seqStart: this.seq,
      seqEnd: this.seq,
    };
    if (ev.t !== undefined) a.t = ev.t;
    if (this.facts.host && !a.host) a.host = this.facts.host;
    if (this.facts.port && !a.port) a.port = this.facts.port;
    this.current = a;
    this.boot.attempts.push(a);
    if (this.boot.attempts.length > KEEP_ATTEMPTS_PER_BOOT) {
      this.boot.attempts.shift();
      this.boot.attemptsDropped++;
    }
    this.allAttempts.push(a);
    if (this.allAttempts.length > KEEP_ATTEMPTS) this.allAttempts.shift();
    return a;
  }

  private addToAttempt(a: Attempt, ev: FlowEvent, sem: { role: string; phase: number; answered?: boolean; summary?: boolean }): void {
    if (a.events.length < KEEP_ATTEMPT_EVENTS) a.events.push(ev);
    else a.events[KEEP_ATTEMPT_EVENTS - 1] = ev;
    a.kinds.add(ev.type);
    // only the steps themselves move the attempt forward; details may be printed out of order
    if (sem.role !== "detail" && !sem.summary) a.maxPhase = Math.max(a.maxPhase, sem.phase);
    a.endLine = ev.line;
    a.seqEnd = this.seq;
    if (ev.t !== undefined) a.tEnd = ev.t;
    if (sem.answered) a.answered = true;
    // a TLS handshake failure (other than a TCP-level NET_* error) means TCP connected: the server answered
    if (ev.type === "tls.handshake-failed" && !ev.codes.some((c) => /^-?0x00[4-5][0-9a-f]$/i.test(c.raw))) a.answered = true;
    if (sem.role === "root" && !a.root) {
      a.root = ev;
      if (a.outcome === "open") a.outcome = "fail";
    }
    if (ev.type === "banner.port" && ev.fields.port) a.port = ev.fields.port;
    if (ev.type === "banner.host" || ev.type === "mqtt.default-host" || ev.type === "net.tcp-start" || ev.type === "net.dns-failed") {
      const h = ev.fields.host;
      if (h) a.host = h;
      if (ev.fields.port) a.port = ev.fields.port;
    }
    if (sem.role === "ok") {
      a.outcome = "ok";
      a.closed = true;
      this.connected = true;
      this.lastConnectedAttempt = a.index;
    } else if (sem.role === "fail") {
      if (a.outcome !== "ok") a.outcome = "fail";
      a.closed = true;
    }
  }

  private closeAttempt(): void {
    this.current = undefined;
  }

  /** A line that shows the session is up: the last attempt succeeded even if its success line was not seen. */
  private noteSession(ev: FlowEvent): void {
    if (ev.type === "mqtt.dm-event" && ev.fields.type !== "0") return;
    const cur = this.current;
    if (cur && cur.outcome !== "ok" && !cur.root) {
      cur.outcome = "ok";
      cur.closed = true;
      cur.answered = true;
      cur.seqEnd = this.seq;
    }
    this.connected = true;
  }

  private noteDrop(ev: FlowEvent, isDisconnect: boolean): void {
    const drops = this.boot.drops;
    const last = drops[drops.length - 1];
    // read/write errors and the disconnect line of one drop belong together
    // lines printed while the connection is already down belong to the same drop
    if (last && !this.connected && this.seq - last.seq <= 8) {
      if (last.details.length < 10) last.details.push(ev);
      if (isDisconnect && last.event.type !== "mqtt.disconnected") last.event = ev;
      last.seq = this.seq;
      this.connected = false;
      return;
    }
    const d = { boot: this.boot.index, event: ev, seq: this.seq, details: [ev] } as BootFlow["drops"][number];
    if (this.lastConnectedAttempt !== undefined) d.after = this.lastConnectedAttempt;
    drops.push(d);
    if (drops.length > 200) drops.shift();
    this.connected = false;
    this.current = undefined;
  }

  // ---- facts
  private noteFacts(ev: FlowEvent): void {
    const f = ev.fields;
    const facts = this.facts;
    switch (ev.type) {
      case "banner.pk":
        if (f.pk) facts.productKey = f.pk;
        break;
      case "banner.dn":
        if (f.dn) facts.deviceName = f.dn;
        break;
      case "banner.host":
      case "mqtt.default-host":
        if (f.host) facts.host = f.host;
        break;
      case "net.tcp-start":
        if (f.host) facts.host = f.host;
        if (f.port) facts.port = f.port;
        break;
      case "net.dns-failed":
        if (f.host && !facts.host) facts.host = f.host;
        break;
      case "banner.port":
        if (f.port) facts.port = f.port;
        break;
      case "banner.secure-mode":
        if (f.mode) facts.secureMode = f.mode.trim();
        break;
      case "mqtt.clientid":
      case "mqtt.connect-params": {
        const cid = f.clientid ?? /clientID=([^\s|]+\|[^|]*\|?)/.exec(ev.text)?.[1];
        if (cid) this.noteClientId(cid);
        break;
      }
      case "guider.region":
        if (f.region) facts.region = f.region;
        break;
      case "guider.env":
        facts.environment = f.env === "1" ? "daily" : f.env === "2" ? "prerelease" : "online";
        break;
      case "device.mac":
        if (f.mac) facts.mac = f.mac;
        break;
      case "device.heap": {
        const v = Number(f.free);
        if (Number.isFinite(v)) facts.minFreeHeap = Math.min(facts.minFreeHeap ?? v, v);
        break;
      }
      case "sntp.ok":
        facts.sntp = "ok";
        break;
      case "sntp.fail":
        if (facts.sntp !== "ok") facts.sntp = "failed";
        break;
      case "device.loglevel":
        if (f.level) facts.logLevel = f.level;
        break;
    }
  }

  private noteClientId(cid: string): void {
    const facts = this.facts;
    facts.clientId = cid;
    const m = /^([A-Za-z0-9]{6,32})\.([^|]+)\|/.exec(cid);
    if (m) {
      facts.productKey ??= m[1];
      facts.deviceName ??= m[2];
    }
    const fy = /_fy=([\d.]+\d)/.exec(cid);
    if (fy) facts.sdkVersion = fy[1];
    const v = /_v=sdk-c-([\w.]+)/.exec(cid);
    if (v) facts.linkkitVersion = v[1];
    const sm = /securemode=(-?\d+)/.exec(cid);
    if (sm && !facts.secureMode) facts.secureMode = `securemode=${sm[1]}`;
  }

  /** The flow so far. Does not end anything: it can be called again as more events arrive (live monitor). */
  finish(): Flow {
    const scope = pickScope(this.boots);
    const flow: Flow = {
      boots: this.boots,
      bootsDropped: this.bootsDropped,
      scope,
      facts: this.facts,
      attempts: this.allAttempts,
      attemptCount: this.attemptCount,
      benign: this.benign,
      codeEvents: this.codeEvents,
      timeAxis: this.timeAxis,
      lastLine: this.lastLine,
      stages: { wifi: { status: "unknown" }, cloud: { status: "unknown" }, token: { status: "unknown" }, bind: { status: "unknown" } },
    };
    if (this.lastT !== undefined) flow.lastT = this.lastT;
    const hs = hostSource(flow);
    if (this.facts.host) {
      this.facts.hostSource = hs.source;
      if (hs.evidence) this.facts.hostSourceEvidence = hs.evidence;
    }
    computeStages(flow);
    return flow;
  }
}

/** The boot the verdict is about: the last one that shows any of the flow (or a crash). */
function pickScope(boots: BootFlow[]): BootFlow {
  for (let i = boots.length - 1; i >= 0; i--) {
    const b = boots[i]!;
    if (b.flowEvents > 0 || b.crash) return b;
  }
  return boots[boots.length - 1]!;
}
