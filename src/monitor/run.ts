/**
 * The monitor loop: source bytes → --save file, pass-through lines, LiveMonitor → view; ends on
 * end of input, a signal (Ctrl-C) or an --until condition, then prints the final report.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { Encoding, Lang, Report } from "../index.js";
import { LiveMonitor, type Until } from "./live.js";
import { ByteLines, decodeLine, looksLikeNoise, type LineFilter } from "./lines.js";
import { JsonView, TerminalView, type EndReason, type View } from "./render.js";
import type { Source } from "./sources.js";

export interface MonitorOptions {
  /** the input's name in the report and the banner */
  name: string;
  /** how the banner names the source */
  label: string;
  json: boolean;
  lang: Lang;
  encoding?: Encoding;
  showSecrets: boolean;
  redactIds: boolean;
  verbose: boolean;
  color: boolean;
  /** stdout is a terminal: draw the status line */
  tty: boolean;
  width: () => number;
  timestamps: boolean;
  filter: LineFilter;
  save?: string;
  until?: Until;
  settleMs: number;
  /** how often pending snapshots and the settle time are checked (ms) */
  tickMs?: number;
  minIntervalMs?: number;
}

export interface MonitorIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** where SIGINT/SIGTERM come from (tests pass an EventEmitter) */
export interface Signals {
  on(ev: "SIGINT" | "SIGTERM", f: () => void): unknown;
  removeListener(ev: "SIGINT" | "SIGTERM", f: () => void): unknown;
}

/** lines kept per noise window, and how many noisy ones in it trigger the baud-rate hint */
const NOISE_WINDOW = 20;
const NOISE_HINT = 5;

export function runMonitor(source: Source, o: MonitorOptions, io: MonitorIo, signals: Signals = process): Promise<number> {
  let saveFd: number | undefined;
  if (o.save) {
    try {
      saveFd = openSync(o.save, "w");
    } catch (e) {
      io.err(`linkkit-doctor: cannot write ${o.save}: ${(e as Error).message}\n`);
      return Promise.resolve(2);
    }
  }
  const live = new LiveMonitor({
    lang: o.lang,
    showSecrets: o.showSecrets,
    redactIds: o.redactIds,
    name: o.name,
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.until ? { until: o.until } : {}),
    settleMs: o.settleMs,
    ...(o.minIntervalMs !== undefined ? { minIntervalMs: o.minIntervalMs } : {}),
  });
  const view: View = o.json
    ? new JsonView(io.out)
    : new TerminalView(io.out, { lang: o.lang, color: o.color, status: o.tty, width: o.width, timestamps: o.timestamps, filter: o.filter, verbose: o.verbose, settleMs: o.settleMs });
  const splitter = new ByteLines(4096);
  let displayLines = 0;
  let bytes = 0;
  let recentNoise: boolean[] = [];
  let noiseHinted = false;
  let started = false;

  const showLine = (b: Uint8Array, truncated: boolean) => {
    displayLines++;
    const text = decodeLine(b, o.encoding ?? "auto");
    if (!noiseHinted) {
      recentNoise.push(looksLikeNoise(text));
      if (recentNoise.length > NOISE_WINDOW) recentNoise = recentNoise.slice(-NOISE_WINDOW);
      if (recentNoise.filter(Boolean).length >= NOISE_HINT) {
        noiseHinted = true;
        view.noise(source.kind === "serial");
      }
    }
    view.deviceLine(text, truncated, new Date());
  };

  return new Promise<number>((resolve) => {
    let finished = false;
    let fatal = false;

    const onSignal = () => {
      if (finished) {
        // a second Ctrl-C while the report is being made: give up at once
        process.exit(130);
      }
      void finish("interrupted");
    };
    signals.on("SIGINT", onSignal);
    signals.on("SIGTERM", onSignal);

    const tick = setInterval(() => {
      if (finished) return;
      const evs = live.tick(Date.now());
      if (evs.length > 0) {
        view.events(evs);
        view.flush(live.report, displayLines);
      }
      if (live.done) void finish(live.done);
    }, o.tickMs ?? 100);

    const begin = () => {
      if (started) return;
      started = true;
      view.start(o.label);
      view.flush(live.report, displayLines);
    };

    async function finish(reason: EndReason): Promise<void> {
      if (finished) return;
      finished = true;
      clearInterval(tick);
      await source.stop();
      splitter.end(showLine);
      let report: Report | undefined;
      if (!fatal || bytes > 0) {
        view.events(live.drain(Date.now()));
        report = live.end();
        view.end(report, reason);
      }
      // the handlers stay until the report is out: a second Ctrl-C meanwhile exits at once
      signals.removeListener("SIGINT", onSignal);
      signals.removeListener("SIGTERM", onSignal);
      if (saveFd !== undefined) {
        try {
          closeSync(saveFd);
        } catch {
          /* already closed */
        }
      }
      // exit codes as analyze: an empty input or one that is not a device log is an input error
      const problem = report ? live.analyzer.problem : undefined;
      if (problem) io.err(`linkkit-doctor: ${problem}\n`);
      resolve(fatal || problem ? 2 : report?.verdict.status === "fail" ? 1 : 0);
    }

    source.start({
      data(chunk) {
        if (finished) return;
        begin();
        bytes += chunk.length;
        if (saveFd !== undefined) {
          try {
            writeSync(saveFd, chunk);
          } catch (e) {
            io.err(`linkkit-doctor: cannot write ${o.save}: ${(e as Error).message}\n`);
            closeSync(saveFd);
            saveFd = undefined;
          }
        }
        splitter.push(chunk, showLine);
        const evs = live.feed(chunk, Date.now());
        view.events(evs);
        view.flush(live.report, displayLines);
        if (live.done) void finish(live.done);
      },
      end() {
        void finish("eof");
      },
      fatal(message) {
        if (finished) return;
        io.err(`linkkit-doctor: ${message}\n`);
        fatal = true;
        void finish("eof");
      },
      notice(n) {
        if (finished) return;
        if (n.event === "open" || n.event === "waiting") begin();
        view.source(n, o.name);
        view.flush(live.report, displayLines);
      },
    });
    if (source.kind === "stdin") begin();
  });
}
