/** `linkkit-doctor redact`: write a shareable copy of a log with secrets masked. */
import type { Command } from "commander";
import type { Io } from "./analyze.js";
import { InputError } from "../node/read.js";
import { redactInput } from "../node/redact.js";

/** Io of the tests: bytes go to `outBytes` when it is there. */
type RedactIo = Io & { outBytes?: (b: Uint8Array) => void };

export function registerRedact(program: Command, io: RedactIo, setExit: (code: number) => void): void {
  program
    .command("redact")
    .description("write a shareable copy of a log: Wi-Fi passwords, DeviceSecret, ProductSecret, tokens and signatures masked; line ends and line count kept")
    .argument("[input]", "log file (.gz is read decompressed); - or nothing reads stdin", "-")
    .option("--redact-ids", "also mask ProductKey, DeviceName, MAC, SSID and IP addresses")
    .option("-o, --output <file>", "write the copy to a file instead of stdout")
    .action(async (input: string, opts: { redactIds?: boolean; output?: string }) => {
      try {
        await redactInput(input, { ids: Boolean(opts.redactIds), ...(opts.output !== undefined ? { output: opts.output } : {}) }, io.stdin ?? process.stdin, io.outBytes ?? process.stdout);
        setExit(0);
      } catch (e) {
        io.err(`linkkit-doctor: ${e instanceof InputError ? e.message : `cannot redact ${input}: ${(e as Error)?.message ?? String(e)}`}\n`);
        setExit(2);
      }
    });
}
