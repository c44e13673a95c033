/**
 * The analysis runs here, off the page's main thread: the same Analyzer as the CLI, fed from
 * File streams (gzip through DecompressionStream), reporting progress as it reads.
 */
import { Analyzer, redactText } from "../index.js";
import { LineSplitter } from "../input/lines.js";
import type { FromWorker, ToWorker } from "./protocol.js";

const MASK = { secrets: true, ids: false };

const post = (m: FromWorker) => (self as unknown as { postMessage(m: FromWorker): void }).postMessage(m);

async function analyzeStream(job: number, name: string, index: number, count: number, lang: "en" | "zh", size: number, stream: ReadableStream<Uint8Array>, gz: boolean) {
  const analyzer = new Analyzer({ lang, name });
  const splitter = new LineSplitter();
  const lines: string[] = [];
  let done = 0;
  let lastPost = 0;
  // count compressed bytes for the progress bar before decompressing
  const counted = stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        done += chunk.length;
        if (done - lastPost > 1 << 20) {
          lastPost = done;
          post({ type: "progress", job, name, index, count, done, total: size });
        }
        ctl.enqueue(chunk);
      },
    }),
  );
  const source = gz ? counted.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : counted;
  const reader = source.getReader();
  let note: string | undefined;
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      analyzer.write(value);
      // the log viewer shows lines with secrets masked, like every other output
      splitter.push(value, (l) => lines.push(redactText(l.text, MASK)));
    }
  } catch (e) {
    if (!gz) throw e;
    note = `gzip data is damaged or cut (${(e as Error).message}); analysed what could be read`;
  }
  splitter.end((l) => lines.push(redactText(l.text, MASK)));
  const report = analyzer.end();
  if (note) report.notes.unshift(note);
  post({ type: "progress", job, name, index, count, done: size, total: size });
  post({ type: "result", job, name, report, lines });
}

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type !== "analyze") return;
  const count = msg.inputs.length;
  for (let i = 0; i < count; i++) {
    const input = msg.inputs[i]!;
    const name = input.kind === "file" ? input.file.name : input.name;
    try {
      if (input.kind === "file") {
        const head = new Uint8Array(await input.file.slice(0, 2).arrayBuffer());
        const gz = (head[0] === 0x1f && head[1] === 0x8b) || /\.gz$/i.test(name);
        await analyzeStream(msg.job, name, i, count, msg.lang, input.file.size, input.file.stream(), gz);
      } else {
        const bytes = new TextEncoder().encode(input.text);
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            for (let o = 0; o < bytes.length; o += 1 << 20) c.enqueue(bytes.subarray(o, o + (1 << 20)));
            c.close();
          },
        });
        await analyzeStream(msg.job, name, i, count, msg.lang, bytes.length, stream, false);
      }
    } catch (err) {
      post({ type: "error", job: msg.job, name, message: (err as Error).message ?? String(err) });
    }
  }
  post({ type: "finished", job: msg.job });
};
