import type { CodeFamily, Stage } from "../knowledge/index.js";

export type Severity = "error" | "warning" | "info";
export type FindingStage = Stage | "device" | "general";
export type Lang = "en" | "zh";

export interface Evidence {
  line: number;
  text: string;
}

export interface FindingCode {
  /** as printed in the log */
  raw: string;
  family: CodeFamily;
  /** canonical spelling */
  code: string;
  name: string;
  meaning: string;
}

/** One diagnostic, modelled on compiler diagnostics: stable id, severity, stage, text, evidence. */
export interface Finding {
  id: string;
  /** which of the rule's messages (texts) was used */
  messageId: string;
  severity: Severity;
  stage: FindingStage;
  title: string;
  explanation: string;
  actions: string[];
  evidence: Evidence[];
  codes: FindingCode[];
  /** the stage whose failure (or standstill) this finding explains, when it does */
  claims?: Stage;
  /** higher ranks explain better when several findings claim the same stage */
  rank: number;
  /** values filled into the texts */
  data?: Record<string, string | number>;
}
