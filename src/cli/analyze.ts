/** `linkkit-doctor analyze`: reads inputs, prints reports, returns the exit code. */
import { Analyzer, renderHtml, renderJson, renderMarkdown, renderTerminal, type Report } from "../index.js";
import type { Encoding } from "../index.js";
import type { Lang } from "../diagnostics/finding.js";
import { expandInputs, readInput, InputError } from "../node/read.js";

export interface AnalyzeCliOptions {
  format: "terminal" | "json" | "markdown" | "html";
  lang: Lang;
  encoding: Encoding;
  showSecrets: boolean;
  redactIds: boolean;
  verbose: boolean;
  color: boolean;
  width?: number;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin?: NodeJS.ReadableStream;
}

export interface Summary {
  count: number;
  ok: number;
  fail: number;
  incomplete: number;
  errors: { input: string; message: string }[];
  causes: Record<string, number>;
}

export async function runAnalyze(inputs: string[], o: AnalyzeCliOptions, io: Io): Promise<number> {
  const { files, errors } = await expandInputs(inputs.length > 0 ? inputs : ["-"]);
  const reports: Report[] = [];
  let notLogs = 0;
  const inputErrors: { input: string; message: string }[] = errors.map((e) => ({ input: e.path, message: e.message }));
  for (const file of files) {
    const analyzer = new Analyzer({ lang: o.lang, encoding: o.encoding, showSecrets: o.showSecrets, redactIds: o.redactIds, name: file === "-" ? "stdin" : file });
    try {
      const r = await readInput(file, (b) => analyzer.write(b), (io.stdin ?? process.stdin) as never);
      const report = analyzer.end();
      if (r.warning) report.notes.unshift(r.warning);
      reports.push(report);
      // empty, or not a device log at all: an input error (the report still says what was found)
      if (analyzer.problem) {
        inputErrors.push({ input: file, message: `${file === "-" ? "stdin" : file}: ${analyzer.problem}` });
        notLogs++;
      }
    } catch (e) {
      inputErrors.push({ input: file, message: e instanceof InputError ? e.message : `cannot read ${file}: ${(e as Error).message}` });
    }
  }
  for (const e of inputErrors) io.err(`linkkit-doctor: ${e.message}\n`);
  const summary: Summary = { count: reports.length, ok: 0, fail: 0, incomplete: 0, errors: inputErrors, causes: {} };
  for (const r of reports) {
    summary[r.verdict.status]++;
    summary.causes[r.verdict.primaryCause] = (summary.causes[r.verdict.primaryCause] ?? 0) + 1;
  }
  const single = reports.length === 1 && inputs.length <= 1 && inputErrors.length === notLogs;
  if (o.format === "json") {
    if (single) io.out(renderJson(reports[0]!));
    else if (reports.length > 0 || inputErrors.length > 0) io.out(renderJson({ reports, summary }));
  } else {
    const render = (r: Report) =>
      o.format === "markdown" ? renderMarkdown(r) : o.format === "html" ? renderHtml(r, { verbose: o.verbose }) : renderTerminal(r, { color: o.color, verbose: o.verbose, ...(o.width ? { width: o.width } : {}) });
    reports.forEach((r, i) => {
      if (i > 0) io.out("\n");
      io.out(render(r));
    });
    if (!single && reports.length > 1) {
      io.out(
        `\n${o.lang === "zh" ? "汇总" : "Summary"}: ${reports.length} · ok ${summary.ok} · fail ${summary.fail} · incomplete ${summary.incomplete}` +
          (inputErrors.length > 0 ? ` · errors ${inputErrors.length}` : "") +
          "\n",
      );
    }
  }
  if (inputErrors.length > 0) return 2;
  return reports.some((r) => r.verdict.status === "fail") ? 1 : 0;
}
