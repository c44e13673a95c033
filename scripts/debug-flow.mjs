#!/usr/bin/env node
// Prints the events and attempts the analyzer sees in a log: a tool for writing rules and signatures.
import { readFileSync } from "node:fs";
import { Analyzer } from "../dist/index.js";
const events = [];
const a = new Analyzer({ onEvent: (e) => events.push(e) });
a.write(readFileSync(process.argv[2]));
const flow = a.finishFlow();
for (const e of events) console.log(String(e.line).padStart(5), e.type.padEnd(26), JSON.stringify(e.fields).slice(0, 80));
for (const at of flow.attempts) console.log(`attempt #${at.index} boot ${at.boot} lines ${at.startLine}-${at.endLine} ${at.outcome} root=${at.root?.type ?? "-"} answered=${at.answered} kinds=${[...at.kinds].join(",")}`);
console.log("drops", flow.scope.drops.map((d) => d.event.line), "stages", JSON.stringify(flow.stages));
