import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { knowledge, parseCodeNumber } from "./index.js";
import { compileKnowledge } from "./validate.js";
import { knowledgeSchema } from "./schema.js";
import { KNOWLEDGE as RAW_KNOWLEDGE } from "./generated/data.js";
import { RULES } from "../rules/index.js";

const REF = join(__dirname, "..", "..", "..", "shared", "reference");

function tsv(name: string): string[][] {
  return readFileSync(join(REF, name), "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim().length > 0)
    .map((l) => l.split("\t"));
}

describe("knowledge base", () => {
  it("validates against its schemas", () => {
    expect(() => compileKnowledge(RAW_KNOWLEDGE)).not.toThrow();
  });

  it("is generated as the schemas parse it (the analyzer uses it without them)", () => {
    expect(knowledgeSchema.parse(RAW_KNOWLEDGE)).toEqual(RAW_KNOWLEDGE);
    expect(compileKnowledge(RAW_KNOWLEDGE)).toEqual(knowledge());
  });

  it("rejects a broken entry (schema really checks)", () => {
    const broken = structuredClone(RAW_KNOWLEDGE) as { codes: { state: { name: string }[] } };
    broken.codes.state[0]!.name = "not a name!";
    expect(() => compileKnowledge(broken)).toThrow();
  });

  const families: [string, string, (row: string[]) => { value: number; name: string }][] = [
    ["state-codes.tsv", "state", (r) => ({ value: parseCodeNumber(r[0]!), name: r[2]! })],
    ["device-err-codes.tsv", "device-err", (r) => ({ value: Number(r[1]), name: r[2]! })],
    ["iotx-err.tsv", "iotx", (r) => ({ value: Number(r[0]), name: r[1]! })],
    ["mbedtls-codes.tsv", "mbedtls", (r) => ({ value: Number(r[1]), name: r[2]! })],
  ];
  for (const [file, family, key] of families) {
    it(`has every row of reference/${file}`, () => {
      const rows = tsv(file);
      expect(rows.length).toBeGreaterThan(40);
      const byValue = knowledge().codes.get(family as never)!;
      const missing = rows.map(key).filter(({ value, name }) => !(byValue.get(value) ?? []).some((e) => e.name === name));
      expect(missing).toEqual([]);
    });
  }

  it("has the same text keys in English and Chinese", () => {
    const { en, zh } = knowledge().texts;
    expect(Object.keys(zh.ui).sort()).toEqual(Object.keys(en.ui).sort());
    expect(Object.keys(zh.rules).sort()).toEqual(Object.keys(en.rules).sort());
    for (const id of Object.keys(en.rules)) {
      expect(Object.keys(zh.rules[id]!).sort(), id).toEqual(Object.keys(en.rules[id]!).sort());
      for (const m of Object.keys(en.rules[id]!)) {
        expect(zh.rules[id]![m]!.actions.length, `${id}.${m} actions`).toBe(en.rules[id]![m]!.actions.length);
      }
    }
  });

  it("has texts for every rule message in both languages", () => {
    const { en, zh } = knowledge().texts;
    for (const r of RULES) {
      for (const m of r.messages) {
        expect(en.rules[r.id]?.[m], `en ${r.id}.${m}`).toBeDefined();
        expect(zh.rules[r.id]?.[m], `zh ${r.id}.${m}`).toBeDefined();
      }
    }
  });

  it("has a test for every rule", () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith(".test.ts")) files.push(readFileSync(p, "utf8"));
      }
    };
    walk(join(__dirname, "..", "rules"));
    const all = files.join("\n");
    const untested = RULES.filter((r) => !all.includes(`ruleTester("${r.id}"`) && !all.includes(`id: "${r.id}"`)).map((r) => r.id);
    expect(untested).toEqual([]);
  });

  it("maps diagnosis state codes only to codes the SDK defines", () => {
    const k = knowledge();
    for (const code of k.stateEvents.keys()) expect(k.codes.get("state")!.has(code), code.toString(16)).toBe(true);
  });

  it("uses unique signature ids", () => {
    const ids = knowledge().signatures.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
