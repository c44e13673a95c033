/** `linkkit-doctor simulate`: the provisioning → cloud → bind flow on loopback, with faults on demand. */
import { createWriteStream, type WriteStream } from "node:fs";
import { Option, type Command } from "commander";
import type { Io } from "./analyze.js";
import { defaultLang } from "./locale.js";
import { renderJson, renderTerminal, type Lang } from "../index.js";
import { FAULTS, FAULT_INFO, type Fault } from "../simulate/faults.js";
import { DIALECTS, type Dialect } from "../simulate/logwriter.js";
import type { Actor } from "../simulate/run.js";

interface SimulateCliOpts {
  fault: Fault;
  dialect: Dialect;
  sdk: "1.6" | "1.5";
  timeScale: string;
  seed: string;
  log?: string;
  json?: boolean;
  tls: boolean;
  tlsBuffer?: string;
  regionId?: string;
  progress?: boolean;
  lang: Lang;
  color?: boolean;
  verbose?: boolean;
}

const ACTOR_COLOR: Record<Actor, string> = { device: "\x1b[36m", cloud: "\x1b[35m", phone: "\x1b[32m" };

export function registerSimulate(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("simulate")
    .description("run the device, the cloud and the phone on 127.0.0.1 with real protocols, inject a fault, and diagnose the device's log")
    .addOption(new Option("--fault <fault>", "fault to inject").choices([...FAULTS]).default("none"))
    .addOption(new Option("--dialect <dialect>", "log shape of the device").choices([...DIALECTS]).default("linkkit"))
    .addOption(new Option("--sdk <version>", "SDK version (CONNACK wait 6 s for 1.6, 2 s for 1.5)").choices(["1.6", "1.5"]).default("1.6"))
    .option("--time-scale <factor>", "real seconds per simulated second (0.05 runs 20 times faster; printed uptimes stay real)", "1")
    .option("--seed <n>", "seed of identities, tokens and back-off jitter", "1")
    .option("--log <file>", "write the device's log to this file instead of stdout")
    .option("--json", 'print {"fault", "expected", "match", "report"} (the device log only goes to --log)')
    .option("--no-tls", "plain MQTT (securemode=3) instead of TLS")
    .option("--tls-buffer <bytes>", "the device's TLS input buffer (MBEDTLS_SSL_IN_CONTENT_LEN), default 4096")
    .option("--region-id <n>", "the app provisions this region id (0 cn-shanghai, 1 ap-southeast-1, ...) instead of none (bootstrap)")
    .option("--progress", "show what the three actors do on stderr (default: when stderr is a terminal)")
    .option("--no-progress", "no progress lines")
    .addOption(new Option("--lang <lang>", "language of the report").choices(["en", "zh"]).default(defaultLang()))
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .option("-v, --verbose", "report: show informational findings too")
    .action(async (opts: SimulateCliOpts) => {
      setExit(await runSimulateCli(opts, io));
    });
}

async function runSimulateCli(opts: SimulateCliOpts, io: Io): Promise<number> {
  const scale = Number(opts.timeScale);
  const seed = Number(opts.seed);
  const tlsBuffer = opts.tlsBuffer !== undefined ? Number(opts.tlsBuffer) : undefined;
  if (!(scale > 0) || scale > 10) {
    io.err(`linkkit-doctor: --time-scale must be a number in (0, 10], got ${opts.timeScale}\n`);
    return 2;
  }
  if (!Number.isInteger(seed)) {
    io.err(`linkkit-doctor: --seed must be an integer, got ${opts.seed}\n`);
    return 2;
  }
  if (tlsBuffer !== undefined && !(Number.isInteger(tlsBuffer) && tlsBuffer >= 512 && tlsBuffer <= 16384)) {
    io.err(`linkkit-doctor: --tls-buffer must be an integer in 512..16384, got ${opts.tlsBuffer}\n`);
    return 2;
  }
  const regionId = opts.regionId !== undefined ? Number(opts.regionId) : undefined;
  if (regionId !== undefined && !Number.isInteger(regionId)) {
    io.err(`linkkit-doctor: --region-id must be an integer, got ${opts.regionId}\n`);
    return 2;
  }
  const tty = Boolean(process.stderr.isTTY);
  const showProgress = opts.progress ?? tty;
  const color = opts.color === true && process.argv.includes("--color") ? true : opts.color === false ? false : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const errColor = tty && opts.color !== false && !process.env.NO_COLOR;
  let file: WriteStream | undefined;
  if (opts.log) {
    file = createWriteStream(opts.log);
    const f = file;
    const failed = await new Promise<Error | undefined>((resolve) => {
      f.once("open", () => resolve(undefined));
      f.once("error", (e) => resolve(e));
    });
    if (failed) {
      io.err(`linkkit-doctor: cannot write ${opts.log}: ${failed.message}\n`);
      return 2;
    }
  }
  const onLine = file ? (l: string) => file!.write(l + "\n") : opts.json ? undefined : (l: string) => io.out(l + "\n");
  const onProgress = showProgress
    ? (actor: Actor, ms: number, msg: string) => {
        const t = `${(ms / 1000).toFixed(3).padStart(8)} s`;
        const who = actor.padEnd(6);
        io.err(errColor ? `\x1b[2m${t}\x1b[0m ${ACTOR_COLOR[actor]}${who}\x1b[0m ${msg}\n` : `${t} ${who} ${msg}\n`);
      }
    : undefined;
  let r;
  try {
    // the simulator (broker, TLS, certificates) loads only when this command runs
    const { simulate } = await import("../simulate/run.js");
    r = await simulate({
      fault: opts.fault,
      dialect: opts.dialect,
      sdk: opts.sdk,
      timeScale: scale,
      seed,
      tls: opts.tls,
      ...(tlsBuffer !== undefined ? { tlsBuffer } : {}),
      ...(regionId !== undefined ? { regionId } : {}),
      lang: opts.lang,
      ...(onLine ? { onLine } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } finally {
    if (file) await new Promise<void>((resolve) => file!.end(() => resolve()));
  }
  if (opts.json) {
    io.out(
      JSON.stringify(
        {
          fault: r.fault,
          expected: r.expected,
          match: r.match,
          dialect: opts.dialect,
          sdk: opts.sdk,
          device: r.device,
          phone: r.phone,
          simulatedMs: r.simMs,
          report: JSON.parse(renderJson(r.report)) as unknown,
        },
        null,
        2,
      ) + "\n",
    );
  } else {
    if (!file) io.out("\n");
    io.out(renderTerminal(r.report, { color, verbose: Boolean(opts.verbose), ...(process.stdout.columns ? { width: process.stdout.columns } : {}) }));
    const zh = opts.lang === "zh";
    const verdict = r.match
      ? zh
        ? `模拟: 注入 ${r.fault}，诊断为 ${r.report.verdict.primaryCause}（预期 ${r.expected}）✓`
        : `simulate: injected ${r.fault}, diagnosed ${r.report.verdict.primaryCause} (expected ${r.expected}) ✓`
      : zh
        ? `模拟: 注入 ${r.fault}，诊断为 ${r.report.verdict.primaryCause}，预期 ${r.expected} ✗`
        : `simulate: injected ${r.fault}, diagnosed ${r.report.verdict.primaryCause}, expected ${r.expected} ✗`;
    io.out(`\n${verdict}\n`);
    if (!r.match) io.out(`${FAULT_INFO[r.fault].how}\n`);
  }
  return r.match ? 0 : 1;
}
