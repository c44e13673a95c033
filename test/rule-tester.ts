/**
 * ESLint-style rule tester: `valid` logs where the rule stays silent, `invalid` logs where it reports
 * with the expected message id, claims (or not) the stage, and cites the expected evidence lines.
 * Logs are real-looking SDK output written from the format strings in reference/flow-messages.md.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../src/index.js";

export interface InvalidCase {
  name: string;
  log: string;
  messageId?: string;
  /** a finer id than the rule's */
  id?: string;
  /** expected: the finding explains the verdict (primary cause) */
  primary?: boolean;
  /** lines that must be among the evidence */
  evidence?: number[];
  /** substrings expected in the English title / explanation */
  title?: string[];
  explanation?: string[];
}

export interface ValidCase {
  name: string;
  log: string;
  /** the rule may still report, but only as a non-error note */
  allowNote?: boolean;
}

export function log(...lines: string[]): string {
  return lines.join("\n") + "\n";
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${ruleId}`, () => {
    if (cases.valid.length === 0 || cases.invalid.length === 0) throw new Error(`${ruleId}: needs valid and invalid cases`);
    const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
    if (new Set(names).size !== names.length) throw new Error(`${ruleId}: duplicate case names`);
    for (const c of cases.valid) {
      it(`stays silent: ${c.name}`, () => {
        const r = diagnose(c.log);
        const hits = r.findings.filter((f) => f.id === ruleId || f.id.startsWith(ruleId + "."));
        if (c.allowNote) expect(hits.filter((f) => f.severity === "error")).toEqual([]);
        else expect(hits.map((f) => f.id)).toEqual([]);
        expect(r.verdict.primaryCause.startsWith(ruleId)).toBe(false);
      });
    }
    for (const c of cases.invalid) {
      it(`reports: ${c.name}`, () => {
        const r = diagnose(c.log);
        const want = c.id ?? ruleId;
        const f = r.findings.find((x) => x.id === want);
        expect(f, `finding ${want} in ${JSON.stringify(r.findings.map((x) => x.id))}`).toBeDefined();
        if (c.messageId) expect(f!.messageId).toBe(c.messageId);
        if (c.primary !== undefined) expect(r.verdict.primaryCause === want).toBe(c.primary);
        for (const line of c.evidence ?? []) expect(f!.evidence.map((e) => e.line)).toContain(line);
        for (const t of c.title ?? []) expect(f!.title).toContain(t);
        for (const t of c.explanation ?? []) expect(f!.explanation).toContain(t);
        // every finding has text in both languages
        const zh = diagnose(c.log, { lang: "zh" }).findings.find((x) => x.id === want)!;
        expect(zh.title).not.toBe(f!.title);
        expect(f!.title).not.toContain("{");
        expect(zh.explanation).not.toContain("{");
      });
    }
  });
}
