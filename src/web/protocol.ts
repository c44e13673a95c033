import type { Report } from "../index.js";

export type Lang = "en" | "zh";

/** Messages between the page and its analysis worker. */
export type ToWorker = { type: "analyze"; job: number; lang: Lang; inputs: ({ kind: "file"; file: File } | { kind: "text"; name: string; text: string })[] };

export type FromWorker =
  | { type: "progress"; job: number; name: string; index: number; count: number; done: number; total: number }
  | { type: "result"; job: number; name: string; report: Report; lines: string[] }
  | { type: "error"; job: number; name: string; message: string }
  | { type: "finished"; job: number };
