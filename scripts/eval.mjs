#!/usr/bin/env node
// Runs the analyzer over every labelled log (../shared/corpus, ../shared/seed/examples, test/fixtures)
// and compares verdict.primaryCause and the labelled stage statuses. Last line: "N passed, N failed".
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { diagnose } from "../dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dirs = [join(root, "..", "shared", "corpus"), join(root, "..", "shared", "seed", "examples"), join(root, "test", "fixtures", "flows"), join(root, "test", "fixtures", "input")];
const only = process.argv.slice(2);
let pass = 0, fail = 0;
export function causeMatches(actual, label) {
  const ok = [label.primary_cause, ...(label.accept ?? [])];
  return ok.some((c) => actual === c || actual.startsWith(c + "."));
}
for (const dir of dirs) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".json")) continue;
    const logName = readdirSync(dir).find((f) => f !== name && f.startsWith(name.replace(/\.json$/, ".")) && !f.endsWith(".json"));
    if (!logName) continue;
    if (only.length && !only.some((o) => logName.includes(o))) continue;
    const label = JSON.parse(readFileSync(join(dir, name), "utf8"));
    const r = diagnose(readFileSync(join(dir, logName)), { name: logName });
    const problems = [];
    if (!causeMatches(r.verdict.primaryCause, label)) problems.push(`cause ${r.verdict.primaryCause} ≠ ${label.primary_cause}`);
    for (const [s, want] of Object.entries(label.stages ?? {})) {
      if (r.stages[s]?.status !== want) problems.push(`${s} ${r.stages[s]?.status} ≠ ${want}`);
    }
    if (problems.length === 0) pass++;
    else fail++;
    console.log(`${problems.length ? "FAIL" : "ok  "} ${join(dir, logName).replace(root + "/", "").replace(/^\.\.\//, "")}${problems.length ? "  — " + problems.join("; ") : ""}`);
  }
}
console.log(`${pass} passed, ${fail} failed`);
process.exitCode = fail ? 1 : 0;
