import type { CodeFamily } from "../knowledge/index.js";
import type { LogRecord } from "../dialects/record.js";

/** A code captured from a log line, with the family the signature says it belongs to. */
export interface CodeRef {
  raw: string;
  family: CodeFamily;
}

/** A flow event: what one log record means for the provisioning → cloud → token → bind flow. */
export interface FlowEvent {
  type: string;
  /** signature id that produced it */
  sig: string;
  line: number;
  text: string;
  /** shared between the events of one message (see SignatureMatcher): replace, never change in place */
  fields: Readonly<Record<string, string>>;
  codes: CodeRef[];
  level?: LogRecord["level"];
  func?: string;
  /** ms on the file's time axis (wall clock when the capture has one, else uptime) */
  t?: number;
  /** the time was inherited from an earlier line */
  tApprox?: boolean;
  uptimeMs?: number;
  clock?: string;
  wallMs?: number;
  benign?: string;
}
