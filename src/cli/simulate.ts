/** `linkkit-doctor simulate`: the provisioning → cloud → bind flow on loopback, with faults on demand. */
import type { Command } from "commander";
import type { Io } from "./analyze.js";

export function registerSimulate(program: Command, io: Io, setExit: (code: number) => void): void {
  void program;
  void io;
  void setExit;
}
