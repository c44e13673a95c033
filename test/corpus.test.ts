/**
 * End-to-end: every labelled log (real corpus, the seed's examples, our fixtures) must get the labelled
 * primary cause (or an accepted alternative; a finer id counts as its prefix) and stage statuses, and
 * every report must validate against schemas/report.schema.json.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { diagnose } from "../src/index.js";
import { labelledLogs } from "./labelled.js";

const root = join(__dirname, "..");
const schema = JSON.parse(readFileSync(join(root, "schemas", "report.schema.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const cases = labelledLogs();

describe("labelled logs", () => {
  it("finds the corpus, the seed examples and the fixtures", () => {
    expect(cases.filter((c) => c.dir.includes("corpus")).length).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => c.dir.includes("seed")).length).toBe(3);
    expect(cases.filter((c) => c.dir.includes("fixtures")).length).toBeGreaterThanOrEqual(30);
  });
  for (const c of cases) {
    it(`${c.dir.split("/").slice(-1)[0]}/${c.log}`, () => {
      const r = diagnose(readFileSync(join(c.dir, c.log)), { name: c.log });
      const ok = [c.label.primary_cause, ...(c.label.accept ?? [])];
      expect(ok.some((x) => r.verdict.primaryCause === x || r.verdict.primaryCause.startsWith(x + ".")), `${r.verdict.primaryCause} not in ${ok}`).toBe(true);
      for (const [s, want] of Object.entries(c.label.stages ?? {})) expect(r.stages[s as "wifi"].status, s).toBe(want);
      expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
      // the primary cause is explained by a finding with evidence (except ok / in-progress without lines)
      if (r.verdict.status === "fail" && r.verdict.primaryCause !== "unknown") {
        const f = r.findings.find((x) => x.id === r.verdict.primaryCause)!;
        expect(f.evidence.length).toBeGreaterThan(0);
        expect(f.actions.length).toBeGreaterThan(0);
      }
    });
  }
});

describe("the seed's three examples get the seed's explanations", () => {
  const seed = (n: string) => readFileSync(join(root, "..", "shared", "seed", "examples", n));
  it("S7: four-tuple or cloud authentication", () => {
    const r = diagnose(seed("s7-bad-userdata.log"));
    const f = r.findings[0]!;
    expect(f.id).toBe("cloud.auth-rejected");
    expect(f.explanation).toMatch(/four-tuple/);
    expect(f.codes.map((c) => c.code)).toEqual(expect.arrayContaining(["-0x0305", "0xC506", "-35"]));
  });
  it("S8: 2 s before 1.6, 6 s from 1.6, throttling", () => {
    const r = diagnose(seed("s8-connack-timeout.log"));
    const f = r.findings[0]!;
    expect(f.id).toBe("cloud.connack-timeout");
    expect(f.explanation).toMatch(/2 s in SDKs before 1\.6 and 6 s from 1\.6/);
    expect(f.explanation).toMatch(/more than 5 times within a minute/);
    expect(f.codes.map((c) => c.code)).toEqual(expect.arrayContaining(["-0x0344", "0xC506"]));
    const zh = diagnose(seed("s8-connack-timeout.log"), { lang: "zh" }).findings[0]!;
    expect(zh.explanation).toMatch(/1\.6 之前的版本等待 2 秒，从 1\.6 开始等待 6 秒/);
  });
  it("S9: network, or a wrong port", () => {
    const r = diagnose(seed("s9-tcp-connect-failed.log"));
    const f = r.findings[0]!;
    expect(f.id).toBe("cloud.tcp-connect-failed");
    expect(f.explanation).toMatch(/wrong port/);
    expect(f.codes.map((c) => c.code)).toEqual(expect.arrayContaining(["-0x0044", "-0x0342", "0xC505"]));
    expect(r.findings.some((x) => x.id === "cloud.auth-rejected")).toBe(false);
  });
  it("S11: context lines are never the cause", () => {
    for (const n of ["s7-bad-userdata.log", "s8-connack-timeout.log"]) {
      const r = diagnose(seed(n));
      const ctx = r.findings.find((f) => f.id === "general.benign-lines")!;
      expect(ctx.severity).toBe("info");
      expect(ctx.evidence.map((e) => e.text)).toEqual(expect.arrayContaining([expect.stringContaining("kv get failed len=384")]));
    }
  });
});
