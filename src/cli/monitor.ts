/** `linkkit-doctor monitor`: watch a device live (serial port, growing file or stdin) and diagnose as it happens. */
import type { Command } from "commander";
import type { Io } from "./analyze.js";

export function registerMonitor(program: Command, io: Io, setExit: (code: number) => void): void {
  void program;
  void io;
  void setExit;
}
