/**
 * The same report in the other language: finding texts are re-rendered from their id, message id and
 * data, code meanings re-read from the knowledge base. Lets a page switch language without analysing
 * the log again. Input notes stay as they were written.
 */
import { codeMeaning, decodeCode } from "../knowledge/codes.js";
import type { Lang } from "./finding.js";
import { findingTexts, ui, type Report } from "./report.js";

export function translateReport(r: Report, lang: Lang): Report {
  if (r.lang === lang) return r;
  const findings = r.findings.map((f) => {
    const t = findingTexts(f.id, f.messageId, f.data ?? {}, lang);
    return {
      ...f,
      ...t,
      codes: f.codes.map((c) => {
        const d = decodeCode(c.raw, c.family);
        return d ? { ...c, meaning: codeMeaning(d, lang) } : c;
      }),
    };
  });
  const primary = findings.find((f) => f.id === r.verdict.primaryCause);
  return { ...r, lang, findings, verdict: { ...r.verdict, title: primary?.title ?? ui(`verdict.${r.verdict.status}`, lang) } };
}
