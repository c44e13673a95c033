import type { Stage } from "../knowledge/index.js";
import type { FlowEvent } from "../signatures/event.js";

export type StageStatus = "ok" | "fail" | "not_reached" | "unknown";
/** A stage's status while the flow is computed: in-progress becomes `unknown` in the report. */
export type StageState = StageStatus | "in_progress";

/** Counts and a bounded sample of one event type within a boot. */
export interface EventStat {
  count: number;
  first: FlowEvent;
  last: FlowEvent;
  /** first few occurrences */
  early: FlowEvent[];
  /** most recent occurrences */
  recent: FlowEvent[];
}

/** One TCP/TLS/MQTT connect attempt. */
export interface Attempt {
  /** 1-based over the whole log */
  index: number;
  boot: number;
  startLine: number;
  endLine: number;
  t?: number;
  tEnd?: number;
  host?: string;
  port?: string;
  /** events of this attempt (bounded) */
  events: FlowEvent[];
  kinds: Set<string>;
  maxPhase: number;
  root?: FlowEvent;
  outcome: "ok" | "fail" | "open";
  /** a terminal line (success or failure) was seen */
  closed: boolean;
  reconnect: boolean;
  afterMigration: boolean;
  /** the server answered something (TLS handshake progress, CONNACK, close notify) */
  answered: boolean;
  /** first and last sequence numbers of its events */
  seqStart: number;
  seqEnd: number;
  /** cause id decided by the rules */
  cause?: string;
}

export interface Drop {
  boot: number;
  event: FlowEvent;
  seq: number;
  /** details printed around the drop (read/write errors with codes) */
  details: FlowEvent[];
  /** attempt that had connected before this drop, if seen */
  after?: number;
  /** cause id decided by the rules */
  cause?: string;
}

export interface BootFlow {
  index: number;
  startLine: number;
  endLine: number;
  startEvent?: FlowEvent;
  /** crash or watchdog that ended this boot */
  crash?: FlowEvent[];
  stats: Map<string, EventStat>;
  /** sequence numbers of the last event of each type */
  lastSeq: Map<string, number>;
  firstSeq: Map<string, number>;
  attempts: Attempt[];
  attemptsDropped: number;
  drops: Drop[];
  flowEvents: number;
  firstT?: number;
  lastT?: number;
  lastLine: number;
  migration?: { event: FlowEvent; seq: number };
}

export interface Facts {
  productKey?: string;
  deviceName?: string;
  host?: string;
  port?: string;
  hostSource?: "region" | "kv" | "cloud" | "unknown";
  hostSourceEvidence?: FlowEvent;
  environment?: "online" | "prerelease" | "daily";
  sdkVersion?: string;
  linkkitVersion?: string;
  secureMode?: string;
  clientId?: string;
  region?: string;
  mac?: string;
  minFreeHeap?: number;
  sntp?: "ok" | "failed";
  logLevel?: string;
}

export interface StageInfo {
  status: StageStatus;
  inProgress?: boolean;
  start?: { line: number; t?: number };
  end?: { line: number; t?: number };
  durationMs?: number;
}

export interface Flow {
  boots: BootFlow[];
  bootsDropped: number;
  /** boot the verdict is about */
  scope: BootFlow;
  facts: Facts;
  /** all attempts across boots (bounded, most recent kept) */
  attempts: Attempt[];
  attemptCount: number;
  /** benign context lines seen (bounded) */
  benign: FlowEvent[];
  /** events that carried a code, one per distinct code (bounded) */
  codeEvents: FlowEvent[];
  /** time axis of `t` */
  timeAxis: "wall" | "uptime" | "none";
  lastLine: number;
  lastT?: number;
  stages: Record<Stage, StageInfo>;
  /** set when the flow stopped inside a stage */
  inProgressStage?: Stage;
}
