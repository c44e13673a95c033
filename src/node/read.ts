/** Reading inputs on Node: files, directories (recursive), stdin, gzip; streaming, bounded memory. */
import { createReadStream, promises as fsp } from "node:fs";
import { join } from "node:path";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { MemoryBound } from "./memory.js";

export class InputError extends Error {
  constructor(message: string, readonly path: string) {
    super(message);
  }
}

const LOG_EXT = /\.(log|txt|gz|out|cap|asc|text)$/i;

/** Expands inputs into a list of files ("-" stays as stdin). Directories are walked recursively. */
export async function expandInputs(inputs: string[]): Promise<{ files: string[]; errors: InputError[] }> {
  const files: string[] = [];
  const errors: InputError[] = [];
  for (const input of inputs) {
    if (input === "-") {
      files.push("-");
      continue;
    }
    let st;
    try {
      st = await fsp.stat(input);
    } catch (e) {
      errors.push(new InputError(describeFsError(e, input), input));
      continue;
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      const before = errors.length;
      await walk(input, found, errors);
      // one line per problem: an unreadable directory is not also "a directory without logs"
      if (found.length === 0 && errors.length === before) errors.push(new InputError(`no log files (*.log, *.txt, *.gz) in directory: ${input}`, input));
      files.push(...found.sort());
    } else files.push(input);
  }
  return { files, errors };
}

async function walk(dir: string, out: string[], errors: InputError[]): Promise<void> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    errors.push(new InputError(describeFsError(e, dir), dir));
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out, errors);
    else if (e.isFile() && LOG_EXT.test(e.name)) out.push(p);
  }
}

export function describeFsError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return `no such file or directory: ${path}`;
    case "EACCES":
    case "EPERM":
      return `permission denied: ${path}`;
    case "EISDIR":
      return `is a directory: ${path}`;
    default:
      return `cannot read ${path}: ${(e as Error)?.message ?? String(e)}`;
  }
}

/**
 * Streams the bytes of one input to `onChunk`. Gzip is detected by its magic bytes (or the .gz name).
 * Resolves with a warning when a gzip stream ended early (what was read is still analysed).
 */
export async function readInput(path: string, onChunk: (b: Uint8Array) => void, stdin: Readable = process.stdin): Promise<{ warning?: string }> {
  if (path !== "-" && (await readPlainFile(path, onChunk))) return {};
  return await readStream(path, onChunk, stdin);
}

const CHUNK = 1 << 20;

/**
 * A file that is not gzip: read into two buffers in turn (the next read runs while a chunk is analysed;
 * `onChunk` is done with a chunk when it returns), so that the memory read through stays the same 2 MB
 * whatever the file size. False when the file is gzip (then the stream path reads it).
 */
async function readPlainFile(path: string, onChunk: (b: Uint8Array) => void): Promise<boolean> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(path, "r");
  } catch (e) {
    throw new InputError(describeFsError(e, path), path);
  }
  const handle = fh;
  try {
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    const memory = new MemoryBound();
    let pos = 0;
    const read = (buf: Buffer) =>
      handle.read(buf, 0, CHUNK, pos).then(
        (r) => r.bytesRead,
        (e: unknown) => {
          throw new InputError(describeFsError(e, path), path);
        },
      );
    let which = 0;
    let pending = read(bufs[0]!);
    for (let first = true; ; first = false) {
      const n = await pending;
      const buf = bufs[which]!;
      if (first && ((buf[0] === 0x1f && buf[1] === 0x8b && n >= 2) || (/\.gz$/i.test(path) && n < 2))) return false;
      if (n === 0) return true;
      pos += n;
      which ^= 1;
      pending = read(bufs[which]!);
      memory.read(n);
      try {
        onChunk(buf.subarray(0, n));
      } catch (e) {
        // an exception while analysing a chunk fails this input only, not the whole batch
        await pending.catch(() => 0);
        throw new InputError(`cannot analyse ${path}: ${(e as Error)?.message ?? String(e)}`, path);
      }
    }
  } finally {
    await fh.close();
  }
}

async function readStream(path: string, onChunk: (b: Uint8Array) => void, stdin: Readable): Promise<{ warning?: string }> {
  const source: Readable = path === "-" ? stdin : createReadStream(path, { highWaterMark: CHUNK });
  let first = true;
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  return await new Promise((resolve, reject) => {
    let done = false;
    const finish = (r: { warning?: string }) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    source.on("error", (e) => {
      if (!done) {
        done = true;
        reject(new InputError(describeFsError(e, path), path));
      }
    });
    const memory = new MemoryBound();
    // an exception while analysing a chunk fails this input only, not the whole batch
    const deliver = (b: Uint8Array) => {
      if (done) return;
      memory.read(b.length);
      try {
        onChunk(b);
      } catch (e) {
        done = true;
        if (path !== "-") source.destroy();
        gunzip?.destroy();
        reject(new InputError(`cannot analyse ${path}: ${(e as Error)?.message ?? String(e)}`, path));
      }
    };
    source.on("data", (chunk: Buffer) => {
      if (first) {
        first = false;
        if ((chunk[0] === 0x1f && chunk[1] === 0x8b) || (/\.gz$/i.test(path) && chunk.length < 2)) {
          gunzip = createGunzip();
          gunzip.on("data", (d: Buffer) => deliver(d));
          gunzip.on("error", (e) => finish({ warning: `gzip data is damaged or cut (${(e as Error).message}); analysed what could be read` }));
          gunzip.on("end", () => finish({}));
        }
      }
      if (gunzip) {
        if (!gunzip.write(chunk)) {
          source.pause();
          gunzip.once("drain", () => source.resume());
        }
      } else deliver(chunk);
    });
    source.on("end", () => {
      if (gunzip) gunzip.end();
      else finish({});
    });
  });
}
