/** Command line: argument parsing only; the work is done by the library (src/index.ts). */
import { Command, CommanderError, Option } from "commander";
import { TOOL_VERSION } from "../index.js";
import { defaultLang } from "./locale.js";
import { runAnalyze, type Io } from "./analyze.js";
import { runExplain } from "./explain.js";
import { registerMonitor } from "./monitor.js";
import { registerRedact } from "./redact.js";
import { registerServe } from "./serve.js";
import { registerSimulate } from "./simulate.js";

export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let exitCode = 0;
  const program = new Command();
  program
    .name("linkkit-doctor")
    .description("Diagnose why a Smart Life / Link Kit Wi-Fi device failed to provision, connect to the cloud or bind, from its log.")
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command("analyze")
    .description("analyse device logs (files, directories, - for stdin, .gz)")
    .argument("[inputs...]", "log files or directories; - reads stdin")
    .option("--json", "print the report as JSON (schemas/report.schema.json)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["terminal", "json", "markdown", "html"]).default("terminal"))
    .addOption(new Option("--lang <lang>", "language of the report").choices(["en", "zh"]).default(defaultLang()))
    .addOption(new Option("--encoding <encoding>", "force the input encoding").choices(["auto", "utf-8", "gbk", "gb18030", "utf-16le", "utf-16be"]).default("auto"))
    .option("--show-secrets", "do not mask passwords, secrets and tokens")
    .option("--redact-ids", "also mask ProductKey, DeviceName, MAC, SSID and IP addresses")
    .option("-v, --verbose", "show informational findings too")
    .option("--color", "force colours")
    .option("--no-color", "no colours")
    .action(async (inputs: string[], opts) => {
      const format = opts.json ? "json" : opts.format;
      const encoding = opts.encoding === "gbk" ? "gb18030" : opts.encoding;
      // --no-color wins, --color forces, otherwise colours only on a TTY (and not with NO_COLOR)
      const color = opts.color === false ? false : argv.includes("--color") ? true : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      exitCode = await runAnalyze(inputs, {
        format,
        lang: opts.lang,
        encoding,
        showSecrets: Boolean(opts.showSecrets),
        redactIds: Boolean(opts.redactIds),
        verbose: Boolean(opts.verbose),
        color,
        ...(process.stdout.columns ? { width: process.stdout.columns } : {}),
      }, io);
    });

  program
    .command("explain")
    .description("explain a code (-0x0305, 50438, 0xC506, -35, -0x2562, -29184), a constant name, a message, a log line or a diagnosis id")
    .argument("[query...]", "what to explain; negative numbers are queries, not options; no argument reads lines from stdin")
    .option("--json", "print the explanation as JSON")
    .addOption(new Option("--lang <lang>", "language").choices(["en", "zh"]).default(defaultLang()))
    .option("--list [family]", "list the known codes (families: state, device-err, iotx, mbedtls)")
    .option("--search <words>", "search codes by keyword (name, SDK message, meaning)")
    .allowUnknownOption()
    .action(async (query: string[], opts) => {
      const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      exitCode = await runExplain(query, { json: Boolean(opts.json), lang: opts.lang, list: opts.list, search: opts.search, color }, { ...io, stdin: io.stdin ?? (query.length === 0 && !process.stdin.isTTY ? process.stdin : undefined) } as Io);
    });

  // further commands live in their own files and set the exit code through this callback
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerMonitor(program, io, setExit);
  registerRedact(program, io, setExit);
  registerServe(program, io, setExit);
  registerSimulate(program, io, setExit);

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    io.err(`linkkit-doctor: ${(e as Error).message}\n`);
    return 2;
  }
  return exitCode;
}
