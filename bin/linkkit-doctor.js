#!/usr/bin/env node
import { main } from "../dist/bin/main.js";

process.on("uncaughtException", (e) => {
  process.stderr.write(`linkkit-doctor: internal error: ${e && e.message ? e.message : e}\n`);
  process.exit(2);
});
// a closed pipe (| head) is not an error
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(0);
});
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
