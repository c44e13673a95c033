/**
 * The streaming pipeline: bytes → lines → records → events → flow → findings → report.
 * Memory stays bounded whatever the input size (see LineSplitter and FlowBuilder).
 */
import { LineSplitter, type CleanBytes, type Encoding, type PhysicalLine, type SkippedLines } from "./input/lines.js";
import type { LogRecord } from "./dialects/record.js";
import { keywordAutomaton, type KeywordAutomaton } from "./signatures/keywords.js";
import { wasmScanner } from "./input/wasm-scan.js";
import { cleanLine, noiseRatio } from "./input/clean.js";
import { DialectParser, type LineTime } from "./dialects/registry.js";
import { QUICK_NONE, QUICK_TIME, QUICK_UNKNOWN, QuickLine, type QuickAnswer } from "./dialects/quick-line.js";
import { SignatureMatcher, messageKey } from "./signatures/matcher.js";
import { FlowBuilder } from "./flow/builder.js";
import type { Flow } from "./flow/model.js";
import { runRules } from "./rules/engine.js";
import { decideVerdict } from "./rules/verdict.js";
import type { Lang } from "./diagnostics/finding.js";
import { REPORT_SCHEMA_VERSION, TOOL_VERSION, renderFinding, sortFindings, ui, type Report } from "./diagnostics/report.js";
import { redactText, type RedactOptions } from "./diagnostics/redact.js";
import type { FlowEvent } from "./signatures/event.js";

const showsTime = (t: { wallMs?: number | undefined; uptimeMs?: number | undefined }) => t.wallMs !== undefined || t.uptimeMs !== undefined;

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
  /**
   * false: decode and parse every line (the reference path); default: lines without any keyword of the
   * knowledge are only counted, see LineSplitter.scan. The report is the same, except that
   * input.dialects then counts the parsed lines only.
   */
  fast?: boolean;
}

export class Analyzer {
  private readonly splitter: LineSplitter;
  private readonly parser = new DialectParser();
  private readonly matcher = new SignatureMatcher();
  private readonly builder = new FlowBuilder();
  private readonly opts: AnalyzeOptions;
  private noiseLines = 0;
  private recognized = 0;
  /** what the input starts with, to say what it is when it is not a log */
  private readonly head = new Uint8Array(16);
  private headLen = 0;
  private firstLine?: string;
  /** a code at the end of a last line without line end: possibly cut while printed, not decoded */
  private cutCode?: { line: number; raw: string };
  private readonly onLine = (l: PhysicalLine) => this.line(l);
  private readonly auto?: KeywordAutomaton;
  private readonly onSkip = (run: SkippedLines) => this.skipped(run);
  /** the run being read (for onRunLine) */
  private run?: SkippedLines;
  private readonly onTick = (l: PhysicalLine) => this.tickLine(l);

  constructor(opts: AnalyzeOptions = {}) {
    this.opts = opts;
    this.splitter = new LineSplitter({ ...(opts.encoding ? { encoding: opts.encoding } : {}), ...(opts.maxLineLength ? { maxLineLength: opts.maxLineLength } : {}) });
    if (opts.fast !== false) this.auto = keywordAutomaton();
    this.wordLength = Int32Array.from(keywordAutomaton().words, (w) => w.length);
    this.filter = this.auto === undefined ? "none" : wasmScanner(this.auto) ? "wasm" : "js";
  }

  /** the line filter of this analysis, whatever the chunking (see Report input.filter) */
  private readonly filter: "wasm" | "js" | "none";

  write(chunk: Uint8Array): void {
    if (this.headLen < this.head.length && chunk.length > 0) {
      const n = Math.min(chunk.length, this.head.length - this.headLen);
      this.head.set(chunk.subarray(0, n), this.headLen);
      this.headLen += n;
    }
    if (this.auto) this.splitter.scan(chunk, this.auto, this.onLine, this.onSkip, this.onCleanBytes);
    else this.splitter.push(chunk, this.onLine);
  }

  /**
   * Lines without any keyword (the fast path does not decode them) give no event; of a run of them only
   * the last one that shows a time matters, for that time (stage durations, the uptime of its clock), and
   * the last one, as the last line seen. When that uptime went backwards, a reboot may hide in the run:
   * then every line of it is read, as without the fast path; so are the runs before the first time seen
   * (the first timed line decides the log's time axis).
   */
  private skipped(run: SkippedLines): void {
    if (this.firstLine === undefined && run.first() !== undefined) {
      const first = run.find((t) => t.trim().length > 0);
      if (first) this.firstLine = first.text.slice(0, 200);
    }
    const li = run.lastIndex();
    if (li < 0) return;
    const lastNo = run.start + li;
    this.run = run;
    // until a line has set the log's time axis (wall clock or uptime), the first timed line decides it:
    // every line is read, as without the fast path
    if (!this.builder.hasTimeAxis()) {
      run.replay(this.onTick);
      return;
    }
    // the run's last line that shows a time, looked for from the last line the filter saw may show one
    // (run.ti; none: no line of the run shows a time): in a stamped log it starts with one of the two usual
    // serial stamps and its time is read at once (stampTime); else it is read from its bytes where the quick
    // reader knows the line's shape, else decoded and parsed. The filter's rule was written for the
    // dialects the quick reader was written for: with other knowledge, from the last line.
    let k: number;
    let times: LineTime[];
    const wall = run.ti >= 0 ? this.quick.stampTime(run.bytes, run.ts, run.te) : -1;
    if (wall >= 0) {
      k = run.ti;
      times = this.timesOf(wall, undefined, undefined);
    } else {
      k = !this.quick.enabled ? run.findLastRange(this.onRunLine) : run.ti < 0 ? -1 : run.findLastRangeFrom(run.ti, run.ts, run.te, this.onRunLine);
      // (onRunLine left the line's times in runTimes, or in the quick reader)
      times = this.runAnswer === QUICK_TIME ? this.timesOf(this.quick.wallMs, this.quick.uptimeMs, this.quick.clock) : this.runTimes;
    }
    if (k >= 0) {
      const no = run.start + k;
      // when its uptime went back, a reboot may hide in the run: every line of it is read instead
      // (the builder only follows a clock's uptime on lines without a wall-clock time, see FlowBuilder.timeOf)
      for (const t of times) {
        if (t.wallMs === undefined && t.uptimeMs !== undefined && t.clock !== undefined && this.builder.uptimeWentBack(t.clock, t.uptimeMs)) {
          run.replay(this.onTick);
          return;
        }
      }
      if (times[0]!.wallMs === undefined) this.tickStamped(run, k);
      for (const t of times) this.builder.tick(no, t.wallMs, t.uptimeMs, t.clock);
      if (no === lastNo) return;
    }
    // the last line counts as the last one seen
    this.builder.tick(lastNo, undefined, undefined, undefined);
  }

  private readonly quick = new QuickLine();
  /** what findLastRange's line was: QUICK_TIME (its time in this.quick) or QUICK_UNKNOWN (its times in runTimes) */
  private runAnswer: QuickAnswer = QUICK_UNKNOWN;
  private runTimes: LineTime[] = [];
  /** a time read from bytes (stampTime, the quick reader) as the run's times: one object, reused (see timesOf) */
  private readonly quickTime: LineTime[] = [{ wallMs: undefined, uptimeMs: undefined, clock: undefined }];

  /** one time as the run's times (quickTime, reused) */
  private timesOf(wallMs: number | undefined, uptimeMs: number | undefined, clock: string | undefined): LineTime[] {
    const t = this.quickTime[0]!;
    (t.wallMs = wallMs), (t.uptimeMs = uptimeMs), (t.clock = clock);
    return this.quickTime;
  }
  /** the byte range of the line findLastRange stopped at */
  private runStart = 0;
  private runEnd = 0;
  private readonly onRunLine = (b: Uint8Array, s: number, e: number): boolean => {
    this.runStart = s;
    this.runEnd = e;
    const a = this.quick.time(b, s, e);
    if (a === QUICK_NONE) return false;
    this.runAnswer = a;
    if (a === QUICK_TIME) return true;
    this.runTimes = this.lineTimes(s, e);
    return this.runTimes.length > 0;
  };

  /**
   * The times the run's line b[s, e) shows, as parse() gives them (one per record that shows one; the
   * line decoded, and cleaned of the colour sequences the filter passes over).
   */
  private lineTimes(s: number, e: number): LineTime[] {
    const raw = this.run!.text(s, e);
    const text = raw.includes("\x1b") ? cleanLine(raw) : raw;
    const t = this.parser.timeOf(text);
    if (t !== undefined) return showsTime(t) ? [{ wallMs: t.wallMs, uptimeMs: t.uptimeMs, clock: t.clock }] : [];
    return this.parser
      .parse(0, text, false, { clean: false, count: false })
      .filter(showsTime)
      .map((r) => ({ wallMs: r.wallMs, uptimeMs: r.uptimeMs, clock: r.clock }));
  }

  /**
   * The run's last timed line (index k) shows an uptime only: an earlier line of the run with a serial
   * stamp still sets the log's time axis and its last time, as reading every line would. The filter notes
   * the run's last line that may start with a stamp (run.si); from there back, the first one that does.
   */
  private tickStamped(run: SkippedLines, k: number): void {
    if (run.si < 0 || k === 0) return;
    // (the last candidate is the timed line itself or after it, rarely: every line before it is looked at)
    const w = run.si < k ? run.findLastRangeFrom(run.si, run.ss, run.se, this.onStampLine) : run.findLastRangeFrom(k, this.runStart, this.runEnd, this.onStampLine, true);
    if (w >= 0) this.builder.tick(run.start + w, this.stampWall, undefined, undefined);
  }

  /** the wall-clock time onStampLine found */
  private stampWall: number | undefined = undefined;
  private readonly onStampLine = (b: Uint8Array, s: number, e: number): boolean => {
    const a = this.quick.time(b, s, e);
    if (a === QUICK_NONE) return false;
    this.stampWall = a === QUICK_TIME ? this.quick.wallMs : this.lineTimes(s, e)[0]?.wallMs;
    return this.stampWall !== undefined;
  };

  /** A line known to hold no keyword: only its time counts. */
  private tickLine(l: PhysicalLine): void {
    if (l.text.length === 0) return;
    if (this.firstLine === undefined && l.text.trim().length > 0) this.firstLine = l.text.slice(0, 200);
    // (only colour sequences, which the filter passes over, are left for the cleaner in these lines)
    const opts = l.text.includes("\x1b") ? { count: false } : { clean: false, count: false };
    for (const rec of this.parser.parse(l.no, l.text, false, opts)) this.builder.tick(rec.line, rec.wallMs, rec.uptimeMs, rec.clock);
  }

  writeText(text: string): void {
    this.splitter.pushString(text, this.onLine);
  }

  private line(l: PhysicalLine): void {
    const text = l.text;
    if (text.length === 0) return;
    if (this.firstLine === undefined && text.trim().length > 0) this.firstLine = text.slice(0, 200);
    if (!l.clean && text.length > 8 && SUSPICIOUS.test(text) && noiseRatio(text) > 0.3) {
      this.noiseLines++;
      return;
    }
    const records = this.parser.parse(l.no, text, l.truncated === true, l.clean ? { clean: false } : undefined);
    // (a clean flagged line the quick reader did not take: the filter's hits still hold, see LineHits)
    const hits = l.clean === true && this.splitter.hits.n >= 0;
    for (const rec of records) {
      this.kwText = text;
      this.kwMsg = rec.msg;
      this.record(rec, l.unterminated === true, hits ? this.lineKeywords : undefined);
    }
  }

  /** A clean flagged line as bytes: parsed from them when the quick reader knows its shape (see parseClean). */
  private readonly onCleanBytes: CleanBytes = (b, s, e, no) => {
    if (this.firstLine === undefined) return false;
    const rec = this.parser.parseClean(b, s, e, no);
    if (rec === undefined) return false;
    this.record(rec, false, this.cleanKeywords, messageKey(b, this.parser.cleanMsgStart, this.parser.cleanMsgEnd));
    return true;
  };

  /**
   * The keyword sources the matcher asks when its memo does not know a message (most lines repeat one it
   * knows: their hits are not looked at): the message of the record parseClean() just made, or the message
   * kwMsg of a record parse() made of the clean flagged line kwText. Both are asked during record() only,
   * while the filter's hits are those of the line.
   */
  private readonly cleanKeywords = (): number[] | undefined => this.msgKeywords();
  private readonly lineKeywords = (): number[] | undefined => this.textKeywords(this.kwText, this.kwMsg);
  private kwText = "";
  private kwMsg = "";

  /**
   * The keywords in the message of the record parseClean() just made, from the hits the filter noted in
   * its line (undefined when it noted none: the matcher then searches the message itself). The same ids,
   * in the same order, as keywordsIn() on the message: a hit counts when it lies inside the message.
   */
  private msgKeywords(): number[] | undefined {
    if (this.splitter.hits.n < 0) return undefined;
    return this.hitsWithin(this.parser.cleanMsgStart, this.parser.cleanMsgEnd);
  }

  /**
   * The keywords in the message of a record parse() made of the clean flagged line `text`, from the
   * filter's hits, when the message is where it nearly always is: at the end of the line (else undefined).
   */
  private textKeywords(text: string, msg: string): number[] | undefined {
    let te = text.length;
    while (te > 0 && (text.charCodeAt(te - 1) === 0x20 || text.charCodeAt(te - 1) === 0x09)) te--;
    const ms = te - msg.length;
    if (ms < 0 || !text.startsWith(msg, ms)) return undefined;
    const at0 = this.splitter.hits.lineStart;
    return this.hitsWithin(at0 + ms, at0 + te);
  }

  /** the ids of the filter's hits inside the bytes [ms, me) of the line, each once, in order */
  private hitsWithin(ms: number, me: number): number[] {
    const h = this.splitter.hits;
    const len = this.wordLength;
    const ids: number[] = [];
    for (let k = 0; k < h.n; k++) {
      const id = h.ids[k]!, at = h.starts[k]!;
      if (at >= ms && at + len[id]! <= me && !ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** keyword lengths by id */
  private readonly wordLength: Int32Array;

  /** what a record means: events for the flow, or only its time */
  private record(rec: LogRecord, unterminated: boolean, keywords?: () => number[] | undefined, key?: number): void {
    const events = this.matcher.match(rec, keywords, key);
    if (events.length === 0) {
      this.builder.tick(rec.line, rec.wallMs, rec.uptimeMs, rec.clock);
      return;
    }
    this.recognized++;
    for (const ev of events) {
      if (unterminated) this.dropCutCodes(ev);
      this.builder.push(ev);
      this.opts.onEvent?.(ev);
    }
  }

  /**
   * The input ended in the middle of this line: a number at its very end may be the head of a longer one
   * ("returned -0x7" of "-0x7200"), so it is neither decoded nor used.
   */
  private dropCutCodes(ev: FlowEvent): void {
    const t = ev.text.trimEnd();
    const cut = ev.codes.filter((c) => t.endsWith(c.raw));
    if (cut.length === 0) return;
    ev.codes = ev.codes.filter((c) => !cut.includes(c));
    const fields = { ...ev.fields };
    for (const [k, v] of Object.entries(fields)) if (cut.some((c) => c.raw === v)) delete fields[k];
    ev.fields = fields;
    this.cutCode = { line: ev.line, raw: cut[0]!.raw };
  }

  private inputInfo(): InputSummary {
    const s: InputSummary = {
      stats: this.splitter.stats,
      dialects: Object.fromEntries(this.parser.counts),
      noiseLines: this.noiseLines,
      recognized: this.recognized,
      filter: this.filter,
      head: this.head.subarray(0, this.headLen),
    };
    if (this.firstLine !== undefined) s.firstLine = this.firstLine;
    if (this.cutCode) s.cutCode = this.cutCode;
    return s;
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
    return buildReport(this.builder.finish(), this.opts, this.inputInfo());
  }

  end(): Report {
    const flow = this.finishFlow();
    const out: { problem?: string } = {};
    const report = buildReport(flow, this.opts, this.inputInfo(), out);
    if (out.problem !== undefined) this.problem = out.problem;
    return report;
  }

  /** After end(): why this input is not a device log (empty, or no SDK message in it), for an input error. */
  problem?: string;
}

interface InputSummary {
  stats: LineSplitter["stats"];
  filter: "wasm" | "js" | "none";
  dialects: Record<string, number>;
  noiseLines: number;
  recognized: number;
  head: Uint8Array;
  firstLine?: string;
  cutCode?: { line: number; raw: string };
}

/** File types people attach by mistake, by their first bytes. */
const MAGIC: [string, number[]][] = [
  ["gzip", [0x1f, 0x8b]],
  ["zip", [0x50, 0x4b, 0x03, 0x04]],
  ["png", [0x89, 0x50, 0x4e, 0x47]],
  ["jpeg", [0xff, 0xd8, 0xff]],
  ["gif", [0x47, 0x49, 0x46, 0x38]],
  ["pdf", [0x25, 0x50, 0x44, 0x46]],
  ["elf", [0x7f, 0x45, 0x4c, 0x46]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf]],
  ["rar", [0x52, 0x61, 0x72, 0x21]],
  ["exe", [0x4d, 0x5a]],
];

/** What an input that holds no log line is, in words: a file type, or its first line. */
function describeNonLog(input: InputSummary, lang: Lang, redact: RedactOptions): string {
  const h = input.head;
  for (const [kind, sig] of MAGIC) if (h.length >= sig.length && sig.every((b, i) => h[i] === b)) return ui(`found.${kind}`, lang);
  const first = input.firstLine?.trim();
  if (first === undefined) return ui(input.stats.nulBytes ? "found.nul" : "found.blank", lang);
  if (/^\s*(?:\{\s*(?:"|\}|$)|\[\s*(?:[[{"]|\]|$))/.test(first)) return ui("found.json", lang, { text: quote(first, redact) });
  if (/^\s*<(?:!doctype|html|\?xml|svg)/i.test(first)) return ui("found.markup", lang, { text: quote(first, redact) });
  if (input.noiseLines > 0 && input.noiseLines * 2 >= input.stats.lines) return ui("found.binary", lang, { text: quote(first, redact) });
  return ui("found.text", lang, { text: quote(first, redact) });
}

function quote(s: string, redact: RedactOptions): string {
  const t = redactText(s, redact).replace(/[\x00-\x1f\x7f-\x9f]/g, "?");
  return t.length > 80 ? t.slice(0, 79) + "…" : t;
}

function buildReport(flow: Flow, opts: AnalyzeOptions, input: InputSummary, out: { problem?: string } = {}): Report {
  const lang = opts.lang ?? "en";
  const redact: RedactOptions = { secrets: !opts.showSecrets, ids: opts.redactIds === true };
  if (redact.ids) redact.values = [flow.facts.productKey, flow.facts.deviceName].filter((v): v is string => typeof v === "string");
  const raw = runRules(flow);
  const verdict = decideVerdict(flow, raw);
  // nothing in the input is a message of the SDK: there is no evidence for "ok"
  const nothing = input.recognized === 0 && verdict.status === "ok";
  if (nothing) Object.assign(verdict, { status: "incomplete", failedStage: null, primaryCause: "unknown" });
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
  if (st.bytes === 0) notes.push((out.problem = ui("note.empty", lang)));
  else if (input.recognized === 0) notes.push((out.problem = ui("note.nothing", lang, { lines: st.lines, found: describeNonLog(input, lang, redact) })));
  const bootCount = flow.boots.length + flow.bootsDropped;
  if (bootCount > 1) notes.push(ui("note.boots", lang, { count: bootCount, scope: flow.scope.index, line: flow.scope.startLine }));
  if (input.cutCode) notes.push(ui("note.cut", lang, { line: input.cutCode.line, code: input.cutCode.raw }));
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
      filter: input.filter,
    },
    verdict: {
      status: verdict.status,
      failedStage: verdict.failedStage,
      primaryCause: verdict.primaryCause,
      title: primaryTitle ?? ui(nothing ? (st.bytes === 0 ? "verdict.empty" : "verdict.nothing") : `verdict.${verdict.status}`, lang),
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
