/**
 * What the monitor prints. TerminalView: device lines (coloured by level on a TTY), findings and
 * notices in marked blocks set apart from them, a status line redrawn in place, the final report.
 * JsonView: one JSON object per line. Both write through `out` once per batch.
 */
import { renderTerminal, type Finding, type Lang, type Report } from "../index.js";
import { ui } from "../diagnostics/report.js";
import { displayWidth, wrap } from "../reports/terminal.js";
import { STAGES, type LiveEvent } from "./live.js";
import { detectLevel, hostTime, passes, sanitize, type DisplayLevel, type LineFilter } from "./lines.js";
import { mt } from "./texts.js";

export type EndReason = "fail" | "ok" | "settled" | "eof" | "interrupted";

export interface SourceNotice {
  event: "open" | "disconnected" | "reconnected" | "waiting" | "missing" | "appeared" | "truncated" | "rotated";
  detail?: string;
}

export interface View {
  start(source: string): void;
  deviceLine(raw: string, truncated: boolean, at: Date): void;
  events(evs: LiveEvent[]): void;
  source(n: SourceNotice, source: string): void;
  noise(serial: boolean): void;
  /** writes what was collected, with the status line redrawn when there is one */
  flush(r: Report, lines: number): void;
  end(r: Report, reason: EndReason): void;
}

export interface TerminalViewOptions {
  lang: Lang;
  color: boolean;
  /** draw the status line (stdout is a TTY) */
  status: boolean;
  width: () => number;
  timestamps: boolean;
  filter: LineFilter;
  verbose: boolean;
  settleMs: number;
}

const C = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", magenta: "\x1b[35m" };
type Colour = keyof typeof C;
const LEVEL_COLOUR: Record<DisplayLevel, Colour | undefined> = { error: "red", warn: "yellow", info: undefined, debug: "dim" };
const CLEAR_LINE = "\r\x1b[2K";

/** Cuts s to at most `cols` terminal columns. */
function fit(s: string, cols: number): string {
  if (displayWidth(s) <= cols) return s;
  let out = "";
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > cols - 1) break;
    out += ch;
    w += cw;
  }
  return out + "…";
}

export class TerminalView implements View {
  private buf: string[] = [];
  private statusShown = false;
  private readonly o: TerminalViewOptions;

  constructor(
    private readonly out: (s: string) => void,
    o: TerminalViewOptions,
  ) {
    this.o = o;
  }

  private col(c: Colour | undefined, s: string): string {
    return this.o.color && c ? C[c] + s + C.reset : s;
  }

  private width(): number {
    return Math.max(40, Math.min(this.o.width() || 80, 200));
  }

  /** a marked line, set apart from the device's lines */
  private mark(text: string, colour: Colour = "cyan"): string {
    const head = "── linkkit-doctor ── ";
    const body = fit(sanitize(text), this.width() - displayWidth(head) - 3);
    const rest = Math.max(2, this.width() - displayWidth(head) - displayWidth(body) - 1);
    return this.col(colour, head) + this.col("bold", body) + this.col(colour, " " + "─".repeat(rest));
  }

  start(source: string): void {
    this.buf.push(this.col("dim", mt("banner", this.o.lang, { source: sanitize(source) })) + "\n");
  }

  deviceLine(raw: string, truncated: boolean, at: Date): void {
    const text = sanitize(raw) + (truncated ? " …" : "");
    const level = detectLevel(text);
    if (!passes(text, level, this.o.filter)) return;
    const ts = this.o.timestamps ? this.col("dim", hostTime(at) + " ") : "";
    this.buf.push(ts + this.col(level ? LEVEL_COLOUR[level] : undefined, text) + "\n");
  }

  events(evs: LiveEvent[]): void {
    const lang = this.o.lang;
    for (const ev of evs) {
      if (ev.type === "finding") this.finding(ev.finding);
      else if (ev.type === "reboot") this.buf.push(this.mark(mt(ev.crash ? "crashReboot" : "reboot", lang, { boot: ev.boot }), ev.crash ? "red" : "magenta") + "\n");
      else if (ev.type === "done") this.buf.push(this.mark(mt(`until_${ev.reason}`, lang, { settle: Math.round(this.o.settleMs / 1000) }), ev.reason === "fail" ? "red" : "green") + "\n");
      // stage changes show in the status line
    }
  }

  private finding(f: Finding): void {
    const lang = this.o.lang;
    const w = this.width();
    const red = f.severity === "error";
    const icon = red ? "✖" : "▲";
    const stage = f.claims ?? f.stage;
    const where = stage === "wifi" || stage === "cloud" || stage === "token" || stage === "bind" ? ui(`stage.${stage}`, lang) + " — " : "";
    const lines: string[] = [];
    lines.push(this.mark(f.id, red ? "red" : "yellow"));
    lines.push(...wrap(`${icon} ${where}${sanitize(f.title)}`, w - 1, "").map((l) => this.col(red ? "red" : "yellow", this.col("bold", l))));
    lines.push(...wrap(sanitize(f.explanation), w - 4, "  "));
    if (f.actions.length > 0) {
      lines.push("  " + this.col("bold", ui("heading.actions", lang)));
      f.actions.forEach((a, i) => lines.push(...wrap(`${i + 1}. ${sanitize(a)}`, w - 6, "    ").map((l, j) => (j === 0 ? l : "   " + l))));
    }
    if (f.evidence.length > 0) {
      lines.push("  " + this.col("bold", ui("heading.evidence", lang)));
      const nw = String(Math.max(...f.evidence.map((e) => e.line))).length;
      for (const e of f.evidence) lines.push(`    ${this.col("dim", String(e.line).padStart(nw) + " │")} ${fit(sanitize(e.text), w - nw - 8)}`);
    }
    lines.push(this.col(red ? "red" : "yellow", "─".repeat(w - 1)));
    this.buf.push(lines.join("\n") + "\n");
  }

  source(n: SourceNotice, source: string): void {
    if (n.event === "open") return;
    const colour: Colour = n.event === "disconnected" || n.event === "missing" ? "yellow" : "cyan";
    this.buf.push(this.mark(mt(n.event, this.o.lang, { source }), colour) + "\n");
  }

  noise(serial: boolean): void {
    this.buf.push(this.mark(mt(serial ? "noiseSerial" : "noise", this.o.lang), "yellow") + "\n");
  }

  /** the stage checklist: wifi ✔ › cloud ◐ › token · › bind ·   123 lines · boot 2 */
  statusLine(r: Report, lines: number): string {
    const lang = this.o.lang;
    const parts: string[] = [];
    let plainWidth = 0;
    const push = (s: string, c?: Colour) => {
      parts.push(this.col(c, s));
      plainWidth += displayWidth(s);
    };
    push("▸ ", "cyan");
    STAGES.forEach((s, i) => {
      const st = r.stages[s];
      const [icon, c]: [string, Colour] = st.status === "ok" ? ["✔", "green"] : st.status === "fail" ? ["✖", "red"] : st.inProgress ? ["◐", "yellow"] : st.status === "unknown" ? ["?", "dim"] : ["·", "dim"];
      if (i > 0) push(" › ", "dim");
      push(`${ui(`stage.${s}`, lang)} `);
      push(icon, c);
    });
    const tail = `   ${mt("lines", lang, { lines })}${r.boots.count > 1 ? " · " + mt("boot", lang, { boot: r.boots.count }) : ""}`;
    const room = this.width() - 1 - plainWidth;
    if (room > 4) push(fit(tail, room), "dim");
    return parts.join("");
  }

  flush(r: Report, lines: number): void {
    const body = this.buf.join("");
    this.buf = [];
    if (!this.o.status) {
      if (body) this.out(body);
      return;
    }
    this.out((this.statusShown ? CLEAR_LINE : "") + body + this.statusLine(r, lines));
    this.statusShown = true;
  }

  end(r: Report, _reason: EndReason): void {
    const pending = this.buf.join("");
    this.buf = [];
    const rule = this.mark(mt("finalReport", this.o.lang), r.verdict.status === "fail" ? "red" : r.verdict.status === "ok" ? "green" : "yellow");
    this.out(
      (this.statusShown ? CLEAR_LINE : "") +
        pending +
        rule +
        "\n" +
        renderTerminal(r, { color: this.o.color, verbose: this.o.verbose, width: this.width() }),
    );
    this.statusShown = false;
  }
}

/** --json: one object per line: start, stage, finding, reboot, source, done, end. */
export class JsonView implements View {
  private buf: string[] = [];

  constructor(private readonly out: (s: string) => void) {}

  private emit(o: object): void {
    this.buf.push(JSON.stringify(o) + "\n");
  }

  start(source: string): void {
    this.emit({ type: "start", source });
  }

  deviceLine(): void {
    // device lines are not part of the event stream (--save keeps them)
  }

  events(evs: LiveEvent[]): void {
    for (const ev of evs) {
      if (ev.type === "finding") this.emit({ type: "finding", ...ev.finding });
      else this.emit(ev);
    }
  }

  source(n: SourceNotice, source: string): void {
    this.emit({ type: "source", event: n.event, source, ...(n.detail ? { detail: n.detail } : {}) });
  }

  noise(): void {
    this.emit({ type: "source", event: "noise" });
  }

  flush(): void {
    if (this.buf.length === 0) return;
    this.out(this.buf.join(""));
    this.buf = [];
  }

  end(r: Report, reason: EndReason): void {
    this.emit({ type: "end", reason, report: r });
    this.flush();
  }
}
