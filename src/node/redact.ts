/** `redact` on Node: streams a file, stdin or .gz through LineRedactor to stdout or a file. */
import { createReadStream, createWriteStream, promises as fsp, realpathSync } from "node:fs";
import { once } from "node:events";
import { Readable, type Writable } from "node:stream";
import { createGunzip } from "node:zlib";
import { LineRedactor } from "../diagnostics/redact.js";
import { describeFsError, InputError } from "./read.js";

export interface RedactRunOptions {
  /** also mask ProductKey, DeviceName, MAC, SSID and IP addresses */
  ids: boolean;
  /** a file to write; stdout otherwise */
  output?: string;
}

/** The bytes of an input, gunzipped when they start with the gzip magic. */
async function* inputBytes(path: string, stdin: NodeJS.ReadableStream): AsyncGenerator<Uint8Array> {
  const src: Readable = path === "-" ? (stdin as Readable) : createReadStream(path, { highWaterMark: 1 << 20 });
  const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
  } catch (e) {
    throw new InputError(describeFsError(e, path), path);
  }
  if (first.done) return;
  const head = first.value;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    async function* rest() {
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    }
    const gunzip = Readable.from(rest()).pipe(createGunzip());
    try {
      for await (const b of gunzip) yield b as Buffer;
    } catch (e) {
      throw new InputError(`gzip data is damaged or cut (${(e as Error).message}); the copy holds what could be read: ${path}`, path);
    }
    return;
  }
  yield head;
  try {
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  } catch (e) {
    throw new InputError(describeFsError(e, path), path);
  }
}

/**
 * Writes a shareable copy of one input. With `ids` and a file input, a first pass learns the ProductKey,
 * DeviceName and SSID so that they are masked even where they appear before the line that names them.
 */
export async function redactInput(path: string, o: RedactRunOptions, stdin: NodeJS.ReadableStream, stdout: Writable | ((b: Uint8Array) => void)): Promise<{ lines: number; changed: number }> {
  if (path !== "-") {
    const st = await fsp.stat(path).catch((e) => {
      throw new InputError(describeFsError(e, path), path);
    });
    if (st.isDirectory()) throw new InputError(`is a directory: ${path}`, path);
    if (o.output !== undefined) {
      let same = false;
      try {
        same = realpathSync(o.output) === realpathSync(path);
      } catch {
        same = false;
      }
      if (same) throw new InputError(`the output would overwrite the input: ${o.output}`, o.output);
    }
  }
  let values: string[] = [];
  if (o.ids && path !== "-") {
    const learner = new LineRedactor({ secrets: false, ids: false, learn: true }, () => {});
    for await (const b of inputBytes(path, stdin)) learner.push(b);
    learner.end();
    values = learner.learnt();
  }
  let sink: Writable | undefined;
  let write: (b: Uint8Array) => void;
  let blocked = false;
  if (o.output !== undefined) {
    sink = createWriteStream(o.output);
    await once(sink, "open").catch((e) => {
      throw new InputError(describeFsError(e, o.output!), o.output!);
    });
  } else if (typeof stdout !== "function") sink = stdout;
  if (sink) {
    const s = sink;
    write = (b) => {
      if (!s.write(b)) blocked = true;
    };
  } else write = stdout as (b: Uint8Array) => void;
  // the redactor gives a piece per line: written in blocks (a write per line was most of the time)
  const out = new Batch(write);
  const r = new LineRedactor({ secrets: true, ids: o.ids, values }, (b) => out.write(b));
  try {
    for await (const b of inputBytes(path, stdin)) {
      r.push(b);
      out.flush();
      // bounded memory: wait for the output to drain before reading on
      if (blocked && sink) {
        blocked = false;
        await once(sink, "drain");
      }
    }
  } finally {
    r.end();
    out.flush();
    if (o.output !== undefined && sink) {
      sink.end();
      await once(sink, "finish");
    }
  }
  return { lines: r.lines, changed: r.changed };
}

/** Collects small pieces into blocks of up to 64 KiB for `out` (each block is a new buffer: a stream may hold it). */
class Batch {
  private buf = Buffer.allocUnsafe(BLOCK);
  private n = 0;
  constructor(private readonly out: (b: Uint8Array) => void) {}

  write(b: Uint8Array): void {
    if (this.n + b.length > BLOCK) this.flush();
    if (b.length >= BLOCK) {
      this.out(Buffer.from(b));
      return;
    }
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  flush(): void {
    if (this.n === 0) return;
    this.out(this.buf.subarray(0, this.n));
    this.buf = Buffer.allocUnsafe(BLOCK);
    this.n = 0;
  }
}

const BLOCK = 64 * 1024;
