/** `linkkit-doctor redact`: write a shareable copy of a log with secrets masked. */
import type { Command } from "commander";
import type { Io } from "./analyze.js";

export function registerRedact(program: Command, io: Io, setExit: (code: number) => void): void {
  void program;
  void io;
  void setExit;
}
