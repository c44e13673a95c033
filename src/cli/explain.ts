/** `linkkit-doctor explain`: codes, names, messages, log lines and rule ids, explained. */
import { CODE_FAMILIES, type CodeFamily } from "../knowledge/names.js";
import { explain, familyLabel, listCodes, search, type Explanation, type Interpretation, type Lang } from "../knowledge/explain.js";
import { formatCode } from "../knowledge/codes.js";
import type { Io } from "./analyze.js";

export interface ExplainCliOptions {
  json: boolean;
  lang: Lang;
  list?: string | boolean;
  search?: string;
  color: boolean;
}

const L = {
  en: { notKnown: "not known", nearest: "nearest matches", causes: "Likely causes", actions: "What to do", related: "Related", stage: "stage", why: "Note", parts: "Parts", event: "log line: flow event", rule: "diagnosis" },
  zh: { notKnown: "未知", nearest: "最接近的", causes: "可能原因", actions: "处理建议", related: "相关", stage: "阶段", why: "说明", parts: "组成", event: "日志行：流程事件", rule: "诊断" },
};

function renderInterp(i: Interpretation, lang: Lang, bold: (s: string) => string): string[] {
  const t = L[lang];
  const out: string[] = [];
  if (i.kind === "code") {
    out.push(`${bold(`${i.code}  ${i.name}`)}  (${familyLabel(i.family, lang)} · ${t.stage} ${i.stage} · ${i.severity})`);
    out.push(`  ${i.meaning}`);
    if (i.parts) for (const p of i.parts) out.push(`    ${p.code} ${p.name}: ${p.meaning}`);
    if (i.causes.length) out.push(`  ${t.causes}:`, ...i.causes.map((c) => `    - ${c}`));
    if (i.actions.length) out.push(`  ${t.actions}:`, ...i.actions.map((c, n) => `    ${n + 1}. ${c}`));
    if (i.related.length) out.push(`  ${t.related}: ${i.related.join("; ")}`);
    if (i.note) out.push(`  ${t.why}: ${i.note}`);
  } else if (i.kind === "rule") {
    out.push(`${bold(`${i.id}`)}  (${t.rule})`, `  ${i.title}`, `  ${i.explanation}`);
    if (i.actions.length) out.push(`  ${t.actions}:`, ...i.actions.map((c, n) => `    ${n + 1}. ${c}`));
  } else {
    out.push(`${bold(t.event)} ${i.event}  (${i.signature})`);
  }
  return out;
}

function renderExplanation(e: Explanation, lang: Lang, color: boolean): string {
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[0m` : s);
  const out: string[] = [];
  if (!e.found) {
    out.push(`${e.query}: ${L[lang].notKnown}`);
    if (e.suggestions.length) out.push(`  ${L[lang].nearest}:`, ...e.suggestions.map((s) => `    ${s}`));
    return out.join("\n") + "\n";
  }
  if (e.interpretations.filter((i) => i.kind === "code").length > 1) {
    out.push(lang === "zh" ? `${e.query}：有 ${e.interpretations.length} 种可能的解释，最可能的在前。` : `${e.query}: ${e.interpretations.length} possible readings, most likely first.`, "");
  }
  for (const i of e.interpretations) out.push(...renderInterp(i, lang, bold), "");
  return out.join("\n").replace(/\n+$/, "") + "\n";
}

export async function runExplain(queries: string[], o: ExplainCliOptions, io: Io): Promise<number> {
  if (o.list !== undefined && o.list !== false) {
    const fam = typeof o.list === "string" ? o.list : undefined;
    if (fam && !CODE_FAMILIES.includes(fam as CodeFamily)) {
      io.err(`linkkit-doctor: unknown family "${fam}" (use one of: ${CODE_FAMILIES.join(", ")})\n`);
      return 2;
    }
    const list = listCodes(fam as CodeFamily | undefined);
    if (o.json) io.out(JSON.stringify(list.map((e) => ({ family: e.family, code: formatCode(e.family, e.dec), name: e.name, stage: e.stage, meaning: e[o.lang].meaning })), null, 2) + "\n");
    else for (const e of list) io.out(`${formatCode(e.family, e.dec).padEnd(8)} ${e.name.padEnd(44)} ${e[o.lang].meaning.split(/(?<=[.。])\s*/)[0]}\n`);
    return 0;
  }
  if (o.search !== undefined) {
    const hits = search(o.search, o.lang);
    if (o.json) io.out(JSON.stringify(hits.map((e) => ({ family: e.family, code: formatCode(e.family, e.dec), name: e.name, meaning: e[o.lang].meaning })), null, 2) + "\n");
    else for (const e of hits) io.out(`${formatCode(e.family, e.dec).padEnd(8)} ${e.name.padEnd(44)} ${e[o.lang].meaning.split(/(?<=[.。])\s*/)[0]}\n`);
    if (hits.length === 0) io.err(`linkkit-doctor: nothing matches "${o.search}"\n`);
    return hits.length ? 0 : 1;
  }
  let items = queries;
  if (items.length === 0 && io.stdin) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    items = Buffer.concat(chunks).toString("utf8").split(/\r?\n|\r/);
  } else if (items.length > 1 && !items.every((q) => /^([-+]?(0x)?[0-9a-f]+|[A-Za-z][\w.-]*[_.][\w.-]+)$/i.test(q))) {
    // unquoted words of one message ("explain mqtt ack bad userdata") form one query;
    // several codes or names ("explain -0x0305 50438") stay separate
    if (!items.some((q) => q.includes("\n"))) items = [items.join(" ")];
  }
  items = items.flatMap((q) => q.split(/\r?\n/)).map((q) => q.trim()).filter((q) => q.length > 0);
  if (items.length === 0) {
    io.err("linkkit-doctor: explain needs a code, a name, a message or a log line (or pipe lines on stdin)\n");
    return 2;
  }
  const results = items.map((q) => explain(q, o.lang));
  if (o.json) io.out(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + "\n");
  else io.out(results.map((r) => renderExplanation(r, o.lang, o.color)).join("\n"));
  return results.every((r) => r.found) ? 0 : 1;
}
