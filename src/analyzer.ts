/**
 * The streaming pipeline: bytes → lines → records → events → flow → findings → report.
 * Memory stays bounded whatever the input size (see LineSplitter and FlowBuilder).
 */
import { LineSplitter, type Encoding, type PhysicalLine } from "./input/lines.js";
import { noiseRatio } from "./input/clean.js";
import { DialectParser } from "./dialects/registry.js";
import { SignatureMatcher } from "./signatures/matcher.js";
import { FlowBuilder } from "./flow/builder.js";
import type { Flow } from "./flow/model.js";
import { runRules } from "./rules/engine.js";
import { decideVerdict } from "./rules/verdict.js";
import type { Lang } from "./diagnostics/finding.js";
import { REPORT_SCHEMA_VERSION, TOOL_VERSION, renderFinding, sortFindings, ui, type Report } from "./diagnostics/report.js";
import { redactText, type RedactOptions } from "./diagnostics/redact.js";
import type { FlowEvent } from "./signatures/event.js";

/** characters that only noise contains; lines without them skip the noise count */
const SUSPICIOUS = /[\x00-\x08\x0e-\x1a\x7f-\x9f\ufffd]/;

export interface AnalyzeOptions {
  lang?: Lang;
  encoding?: Encoding;
  /** print secrets as they are (default: masked) */
  showSecrets?: boolean;
  /** also mask ProductKey, DeviceName, MAC, SSID, IP addresses */
  redactIds?: boolean;
  /** name of the input, for the report */
  name?: string;
  maxLineLength?: number;
  /** called for every flow event as it is recognised (live monitor) */
  onEvent?: (ev: FlowEvent) => void;
}

export class Analyzer {
  private readonly splitter: LineSplitter;
  private readonly parser = new DialectParser();
  private readonly matcher = new SignatureMatcher();
  private readonly builder = new FlowBuilder();
  private readonly opts: AnalyzeOptions;
  private noiseLines = 0;
  private recognized = 0;
  private readonly onLine = (l: PhysicalLine) => this.line(l);

  constructor(opts: AnalyzeOptions = {}) {
    this.opts = opts;
    this.splitter = new LineSplitter({ ...(opts.encoding ? { encoding: opts.encoding } : {}), ...(opts.maxLineLength ? { maxLineLength: opts.maxLineLength } : {}) });
  }

  write(chunk: Uint8Array): void {
    this.splitter.push(chunk, this.onLine);
  }

  writeText(text: string): void {
    this.splitter.pushString(text, this.onLine);
  }

  private line(l: PhysicalLine): void {
    const text = l.text;
    if (text.length === 0) return;
    if (text.length > 8 && SUSPICIOUS.test(text) && noiseRatio(text) > 0.3) {
      this.noiseLines++;
      return;
    }
    const records = this.parser.parse(l.no, text, l.truncated === true);
    for (const rec of records) {
      const events = this.matcher.match(rec);
      if (events.length === 0) {
        this.builder.tick(rec.line, rec.wallMs, rec.uptimeMs, rec.clock);
        continue;
      }
      this.recognized++;
      for (const ev of events) {
        this.builder.push(ev);
        this.opts.onEvent?.(ev);
      }
    }
  }

  /** Finishes the input and returns the flow (for tests and tools that need the model). */
  finishFlow(): Flow {
    this.splitter.end(this.onLine);
    return this.builder.finish();
  }

  /**
   * The report for what was read so far, without ending the input (live monitor). A line that has
   * not ended yet is not included.
   */
  snapshot(): Report {
    return buildReport(this.builder.finish(), this.opts, {
      stats: this.splitter.stats,
      dialects: Object.fromEntries(this.parser.counts),
      noiseLines: this.noiseLines,
      recognized: this.recognized,
    });
  }

  end(): Report {
    const flow = this.finishFlow();
    return buildReport(flow, this.opts, {
      stats: this.splitter.stats,
      dialects: Object.fromEntries(this.parser.counts),
      noiseLines: this.noiseLines,
      recognized: this.recognized,
    });
  }
}

function buildReport(
  flow: Flow,
  opts: AnalyzeOptions,
  input: { stats: LineSplitter["stats"]; dialects: Record<string, number>; noiseLines: number; recognized: number },
): Report {
  const lang = opts.lang ?? "en";
  const redact: RedactOptions = { secrets: !opts.showSecrets, ids: opts.redactIds === true };
  if (redact.ids) redact.values = [flow.facts.productKey, flow.facts.deviceName].filter((v): v is string => typeof v === "string");
  const raw = runRules(flow);
  const verdict = decideVerdict(flow, raw);
  const findings = sortFindings(
    raw.map((r) => renderFinding(r, lang, redact)),
    verdict.primaryCause,
  );
  const facts: Report["facts"] = {};
  const f = flow.facts;
  const put = <K extends keyof Report["facts"]>(k: K, v: Report["facts"][K] | undefined) => {
    if (v !== undefined && v !== "") facts[k] = typeof v === "string" ? (redactText(v, redact) as Report["facts"][K]) : v;
  };
  put("productKey", f.productKey);
  put("deviceName", f.deviceName);
  put("host", f.host);
  put("port", f.port);
  put("hostSource", f.hostSource);
  put("environment", f.environment);
  put("sdkVersion", f.sdkVersion);
  put("linkkitVersion", f.linkkitVersion);
  put("secureMode", f.secureMode);
  put("clientId", f.clientId);
  put("region", f.region);
  put("mac", f.mac);
  put("minFreeHeap", f.minFreeHeap);
  put("sntp", f.sntp);
  if (redact.ids) {
    if (facts.productKey) facts.productKey = "<ProductKey>";
    if (facts.deviceName) facts.deviceName = "<DeviceName>";
  }
  const notes: string[] = [];
  const st = input.stats;
  if (st.truncatedCount > 0) notes.push(ui("note.truncated", lang, { count: st.truncatedCount, lines: st.truncatedLines.slice(0, 5).join(", "), max: 64 }));
  if (input.noiseLines > 0) notes.push(ui("note.noise", lang, { count: input.noiseLines }));
  if (st.gbkLines > 0) notes.push(ui("note.gbk", lang, { count: st.gbkLines }));
  if (st.nulBytes) notes.push(ui("note.nul", lang));
  if (input.recognized === 0 && st.lines > 0) notes.push(ui("note.nothing", lang, { lines: st.lines }));
  if (flow.bootsDropped > 0 || flow.attemptCount > flow.attempts.length) notes.push(ui("note.bounded", lang, { attempts: flow.attemptCount }));
  const stages = {} as Report["stages"];
  for (const s of ["wifi", "cloud", "token", "bind"] as const) stages[s] = { ...flow.stages[s] };
  const attemptsList = flow.attempts.slice(-200).map((a) => {
    const r: Report["attempts"]["list"][number] = { index: a.index, boot: a.boot, line: a.startLine, endLine: a.endLine, outcome: a.outcome };
    if (a.t !== undefined) r.t = a.t;
    if (a.tEnd !== undefined) r.tEnd = a.tEnd;
    if (a.host) r.host = redactText(a.host, redact);
    if (a.port) r.port = a.port;
    if (a.cause) r.cause = a.cause;
    return r;
  });
  const primaryTitle = findings.find((x) => x.id === verdict.primaryCause)?.title;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "linkkit-doctor", version: TOOL_VERSION },
    lang,
    input: {
      name: opts.name ?? "-",
      bytes: st.bytes,
      lines: st.lines,
      encoding: st.gbkLines > 0 && st.encoding === "utf-8" ? "utf-8+gb18030" : st.encoding,
      gbkLines: st.gbkLines,
      nulBytes: st.nulBytes,
      truncatedLines: st.truncatedLines,
      truncatedCount: st.truncatedCount,
      noiseLines: input.noiseLines,
      dialects: input.dialects,
      recognizedLines: input.recognized,
    },
    verdict: {
      status: verdict.status,
      failedStage: verdict.failedStage,
      primaryCause: verdict.primaryCause,
      title: primaryTitle ?? ui(`verdict.${verdict.status}`, lang),
    },
    stages,
    facts,
    boots: { count: flow.boots.length + flow.bootsDropped, scope: flow.scope.index, crashes: flow.boots.filter((b) => b.crash).length },
    timeAxis: flow.timeAxis,
    attempts: { total: flow.attemptCount, list: attemptsList },
    findings,
    notes,
  };
}

/** Analyses a whole log given as text or bytes. */
export function diagnose(input: string | Uint8Array, opts: AnalyzeOptions = {}): Report {
  const a = new Analyzer(opts);
  if (typeof input === "string") a.writeText(input);
  else a.write(input);
  return a.end();
}
