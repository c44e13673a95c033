/** `linkkit-doctor monitor`: watch a device live (serial port, growing file or stdin) and diagnose as it happens. */
import { Option, type Command } from "commander";
import type { Io } from "./analyze.js";
import { defaultLang } from "./locale.js";
import type { Lang } from "../index.js";
import { LEVELS, type DisplayLevel, type LineFilter } from "../monitor/lines.js";
import { formatPort, listPorts } from "../monitor/ports.js";
import { runMonitor } from "../monitor/run.js";
import { followSource, serialSource, streamSource, type Source } from "../monitor/sources.js";
import { mt } from "../monitor/texts.js";
import type { Until } from "../monitor/live.js";

interface MonitorCliOpts {
  baud: string;
  follow?: string;
  list?: boolean;
  timestamps?: boolean;
  grep?: string;
  level?: DisplayLevel;
  save?: string;
  until?: Until;
  settle: string;
  json?: boolean;
  lang: Lang;
  encoding: string;
  showSecrets?: boolean;
  redactIds?: boolean;
  verbose?: boolean;
  color?: boolean;
  poll: string;
}

export function registerMonitor(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("monitor")
    .description("watch a device live (serial port, --follow file, - for stdin) and diagnose as it happens")
    .argument("[port]", "serial port (/dev/ttyUSB0, COM3), or - for stdin")
    .option("-b, --baud <rate>", "baud rate of the serial port", "115200")
    .option("--follow <file>", "follow a growing log file, like tail -F (read from its start)")
    .option("--list", "list the serial ports")
    .option("-t, --timestamps", "prefix each device line with the host time")
    .option("--grep <regex>", "show only device lines matching this regular expression (case-insensitive; the analysis sees every line)")
    .addOption(new Option("--level <level>", "show only device lines at this level or more severe (lines without a level count as info)").choices([...LEVELS]))
    .option("--save <file>", "also write the raw bytes, exactly as received, to this file")
    .addOption(new Option("--until <condition>", "stop as soon as the flow is ok (bind done, or quiet for --settle seconds), a failure is diagnosed, or any of both").choices(["ok", "fail", "any"]))
    .option("--settle <seconds>", "--until ok: a flow that is ok and quiet this long is done (devices without binding)", "10")
    .option("--json", "one JSON object per line: start, stage, finding, reboot, source, done, end (with the report)")
    .addOption(new Option("--lang <lang>", "language").choices(["en", "zh"]).default(defaultLang()))
    .addOption(new Option("--encoding <encoding>", "force the input encoding").choices(["auto", "utf-8", "gbk", "gb18030", "utf-16le", "utf-16be"]).default("auto"))
    .option("--show-secrets", "do not mask passwords, secrets and tokens")
    .option("--redact-ids", "also mask ProductKey, DeviceName, MAC, SSID and IP addresses")
    .option("-v, --verbose", "final report: show informational findings too")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .addOption(new Option("--poll <ms>", "--follow: how often the file is checked").default("200").hideHelp())
    .action(async (port: string | undefined, opts: MonitorCliOpts) => {
      setExit(await runMonitorCli(port, opts, io));
    });
}

async function runList(opts: MonitorCliOpts, io: Io): Promise<number> {
  const r = await listPorts();
  if (opts.json) {
    io.out(JSON.stringify(r.fallbackReason ? { ports: r.ports, note: r.fallbackReason } : { ports: r.ports }, null, 2) + "\n");
    return 0;
  }
  if (r.fallbackReason) io.err(`linkkit-doctor: ${mt("listFallback", opts.lang, { reason: r.fallbackReason })}\n`);
  if (r.ports.length === 0) io.err(`linkkit-doctor: ${mt("listNone", opts.lang)}\n`);
  for (const p of r.ports) io.out(formatPort(p) + "\n");
  return 0;
}

function usage(io: Io, msg: string): number {
  io.err(`linkkit-doctor: ${msg}\n`);
  return 2;
}

export async function runMonitorCli(port: string | undefined, opts: MonitorCliOpts, io: Io): Promise<number> {
  if (opts.list) return runList(opts, io);
  if (port !== undefined && opts.follow !== undefined) return usage(io, "monitor: give a serial port, --follow <file> or -, not several");
  if (port === undefined && opts.follow === undefined) return usage(io, "monitor: give a serial port (see --list), --follow <file>, or - for stdin");
  const baud = Number(opts.baud);
  if (!Number.isInteger(baud) || baud <= 0) return usage(io, `monitor: --baud must be a positive whole number, not "${opts.baud}"`);
  const settle = Number(opts.settle);
  if (!Number.isFinite(settle) || settle < 0) return usage(io, `monitor: --settle must be a number of seconds, not "${opts.settle}"`);
  const pollMs = Number(opts.poll);
  if (!Number.isFinite(pollMs) || pollMs < 10) return usage(io, `monitor: --poll must be at least 10 ms`);
  const filter: LineFilter = {};
  if (opts.grep !== undefined) {
    try {
      filter.grep = new RegExp(opts.grep, "i");
    } catch (e) {
      return usage(io, `monitor: --grep: ${(e as Error).message}`);
    }
  }
  if (opts.level) filter.level = opts.level;

  let source: Source;
  let name: string;
  let label: string;
  const lang = opts.lang;
  if (opts.follow !== undefined) {
    source = followSource(opts.follow, { pollMs });
    name = opts.follow;
    label = mt("followSource", lang, { path: opts.follow });
  } else if (port === "-") {
    source = streamSource(io.stdin ?? process.stdin);
    name = "stdin";
    label = mt("stdinSource", lang);
  } else {
    source = serialSource(port!, baud);
    name = port!;
    label = mt("serialSource", lang, { path: port!, baud });
  }
  const tty = Boolean(process.stdout.isTTY);
  const color = opts.color === true ? true : opts.color === false ? false : tty && !process.env.NO_COLOR;
  return runMonitor(
    source,
    {
      name,
      label,
      json: Boolean(opts.json),
      lang,
      ...(opts.encoding !== "auto" ? { encoding: (opts.encoding === "gbk" ? "gb18030" : opts.encoding) as never } : {}),
      showSecrets: Boolean(opts.showSecrets),
      redactIds: Boolean(opts.redactIds),
      verbose: Boolean(opts.verbose),
      color,
      tty: tty && !opts.json,
      width: () => process.stdout.columns || 100,
      timestamps: Boolean(opts.timestamps),
      filter,
      ...(opts.save ? { save: opts.save } : {}),
      ...(opts.until ? { until: opts.until } : {}),
      settleMs: settle * 1000,
    },
    io,
  );
}
