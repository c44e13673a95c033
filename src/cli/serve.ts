/** `linkkit-doctor serve`: serve the web page on 127.0.0.1. */
import type { Command } from "commander";
import type { Io } from "./analyze.js";

export function registerServe(program: Command, io: Io, setExit: (code: number) => void): void {
  void program;
  void io;
  void setExit;
}
