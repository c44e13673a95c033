/**
 * The line filter of LineSplitter.scan in WebAssembly (src/input/scan.wat): the same automaton, the same
 * decisions as LineSplitter's JavaScript loop, about three times as fast, because four parts of each
 * range are scanned in one loop (see the .wat). Where WebAssembly cannot be compiled (a page whose
 * Content-Security-Policy forbids it), wasmScanner() answers undefined and the JavaScript loop runs.
 */
import { ACCEPT, LINE_END, SPECIAL, type KeywordAutomaton } from "../signatures/keywords.js";
import { SCAN_WASM } from "./generated/scan-wasm.js";

/** one flagged line and the run of skipped lines before it (positions in the scanned bytes) */
export interface ScanRecord {
  count: number;
  fi: number;
  fs: number;
  fe: number;
  li: number;
  ls: number;
  le: number;
  start: number;
  end: number;
  clean: boolean;
  /** index and byte range of the run's last line that may start with a serial-terminal stamp (-1: none) */
  si: number;
  ss: number;
  se: number;
  /**
   * the keyword hits of a clean flagged line (see hitsOf): their number (-1: not noted) and where they are
   * in WebAssembly memory
   */
  hn: number;
  ha: number;
  /** index and byte range of the run's last line that may show a time (-1: none; see timey) */
  ti: number;
  ts: number;
  te: number;
  /** what to add to a position in WebAssembly memory for the position in the scanned bytes */
  shift: number;
}

interface Exports {
  mem: WebAssembly.Memory;
  acc: WebAssembly.Global;
  words: WebAssembly.Global;
  shift4: WebAssembly.Global;
  maxLine: WebAssembly.Global;
  scan: (a: number, b: number, c: number, d: number) => void;
}

/** the four cursors (scan.wat steps them together; none at address 0, which means "no cursor" there) */
const CURSORS = [256, 384, 512, 640];
/** where scan.wat expects the class and transition tables (its loads' constant offsets) */
const CLS = 1024;
const GOTO = 4096;
/** bytes of one scan call: four cursors on four parts, each with room for a record per two bytes */
const SUB = 64 * 1024;
const REC = 72;
/** the most bytes copied into WebAssembly memory at once (a longer line is copied whole) */
const WINDOW = 16 << 20;
const OUT_BYTES = (SUB / 2 + 4) * REC;
/** room for keyword hits per cursor (a line whose hits do not fit has none: the matcher then searches) */
const HIT_BYTES = 64 * 1024;
/** zero bytes after the input in WebAssembly memory: the filter's sixteen-byte loads read up to 17 past its end */
const PAD = 32;

export class WasmScanner {
  private readonly x: Exports;
  private i32 = new Int32Array(0);
  private u8 = new Uint8Array(0);
  /** where each cursor writes its records */
  private readonly outs: number[];
  /** where each cursor notes the keyword hits of the clean lines it flags */
  private readonly hitAreas: number[];
  private readonly input: number;
  /** one record object, reused: valid inside the callback only */
  private readonly rec: ScanRecord = { count: 0, fi: -1, fs: 0, fe: 0, li: -1, ls: 0, le: 0, start: 0, end: 0, clean: false, si: -1, ss: 0, se: 0, hn: -1, ha: 0, ti: -1, ts: 0, te: 0, shift: 0 };

  constructor(a: KeywordAutomaton, module: WebAssembly.Module) {
    const x = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    this.x = x;
    // tables: CLS, GOTO, ACC, WORDS, keyword bytes
    const width = a.width;
    const states = a.goto.length / width;
    let p = GOTO + a.goto.length * 4;
    const acc = p;
    p += states * 4;
    const lists = p;
    for (const o of a.out) if (o) p += (o.length + 1) * 4;
    const words = p;
    p += a.words.length * 12;
    const wbytes = p;
    for (const w of a.words) p += w.length;
    p = (p + 7) & ~7;
    this.outs = CURSORS.map((_, k) => p + k * OUT_BYTES);
    p += CURSORS.length * OUT_BYTES;
    this.hitAreas = CURSORS.map((_, k) => p + k * HIT_BYTES);
    this.input = p + CURSORS.length * HIT_BYTES;
    this.grow(this.input + SUB * 2);
    const i32 = this.i32;
    const u8 = this.u8;
    for (let b = 0; b < 256; b++) i32[(CLS >> 2) + b] = a.byteClass[b]! * 4;
    for (let k = 0; k < a.goto.length; k++) {
      const v = a.goto[k]!;
      i32[(GOTO >> 2) + k] = v === LINE_END ? 0 : v === SPECIAL ? 3 : v >= ACCEPT ? (v - ACCEPT) * 4 + 1 : v * 4;
    }
    let l = lists;
    for (let s = 0; s < states; s++) {
      const o = a.out[s];
      if (!o) continue;
      i32[(acc >> 2) + s] = l;
      i32[l >> 2] = o.length;
      o.forEach((id, k) => (i32[(l >> 2) + 1 + k] = id));
      l += (o.length + 1) * 4;
    }
    let wb = wbytes;
    a.words.forEach((w, id) => {
      const at = (words >> 2) + id * 3;
      i32[at] = wb;
      i32[at + 1] = w.length;
      i32[at + 2] = (a.folded[id] ? 1 : 0) | (a.sigs[id]!.length === 0 ? 2 : 0);
      for (let k = 0; k < w.length; k++) u8[wb + k] = w.charCodeAt(k);
      wb += w.length;
    });
    x.acc.value = acc;
    x.words.value = words;
    x.shift4.value = a.shift + 2;
  }

  private grow(bytes: number): void {
    const mem = this.x.mem;
    if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
    this.i32 = new Int32Array(mem.buffer);
    this.u8 = new Uint8Array(mem.buffer);
  }

  /**
   * Scans the complete lines of bytes[r0, r1) (r0 a line start, r1 just after a line end) and calls
   * `flagged` for each line to decode, in order, with the run of skipped lines before it; `tail` gets the
   * run after the last one (count 0 when none). Positions are indexes into `bytes`.
   */
  scan(bytes: Uint8Array, r0: number, r1: number, maxLine: number, flagged: (r: ScanRecord) => void, tail: (r: ScanRecord) => void): boolean {
    if (this.busy) throw new Error("WasmScanner.scan called again from one of its callbacks");
    this.busy = true;
    try {
      return this.scanRange(bytes, r0, r1, maxLine, flagged, tail);
    } finally {
      this.busy = false;
    }
  }

  /** true while scan() runs (its callbacks included) */
  busy = false;

  /**
   * The range goes into WebAssembly memory in windows of at most WINDOW bytes, cut after line ends (a
   * longer line is a window of its own). False, before any callback, when the memory for the largest
   * window cannot be had (then the caller scans in JavaScript).
   */
  private scanRange(bytes: Uint8Array, r0: number, r1: number, maxLine: number, flagged: (r: ScanRecord) => void, tail: (r: ScanRecord) => void): boolean {
    const cuts: number[] = [];
    let largest = 0;
    for (let w = r0; w < r1; ) {
      const to = lineBoundary(bytes, w + WINDOW, r1);
      cuts.push(to);
      largest = Math.max(largest, to - w);
      w = to;
    }
    if (this.u8.length < this.input + largest + PAD) {
      try {
        this.grow(this.input + largest + PAD);
      } catch {
        return false;
      }
    }
    this.x.maxLine.value = maxLine;
    // the run carried from one sub-range, cursor or window to the next
    const run = this.rec;
    run.count = 0;
    run.fi = run.li = run.si = run.ti = -1;
    let w = r0;
    for (const wEnd of cuts) {
      const len = wEnd - w;
      const u8 = this.u8;
      const base = this.input;
      u8.set(bytes.subarray(w, wEnd), base);
      u8.fill(0, base + len, base + len + PAD);
      const shift = w - base;
      const end = base + len;
      for (let x = base; x < end; ) {
        const y = lineBoundary(u8, x + SUB, end);
        // four parts cut at line starts (a part may be empty)
        let from = x;
        CURSORS.forEach((c, k) => {
          const to = k === CURSORS.length - 1 ? y : lineBoundary(u8, Math.max(from, x + Math.floor(((y - x) * (k + 1)) / CURSORS.length)), y);
          this.cursor(c, from, to, this.outs[k]!, this.hitAreas[k]!);
          from = to;
        });
        this.x.scan(CURSORS[0]!, CURSORS[1]!, CURSORS[2]!, CURSORS[3]!);
        const i32 = this.i32;
        CURSORS.forEach((c, k) => {
          const stop = i32[(c >> 2) + 11]!;
          for (let r = this.outs[k]! >> 2; r < stop >> 2; r += REC >> 2) {
            merge(run, i32, r, r + 10, r + 15, shift);
            run.start = i32[r + 7]! + shift;
            run.end = i32[r + 8]! + shift;
            run.clean = i32[r + 9] === 2;
            run.ha = i32[r + 13]! >> 2;
            run.hn = i32[r + 14]!;
            run.shift = shift;
            flagged(run);
            run.count = 0;
            run.fi = run.li = run.si = run.ti = -1;
          }
          merge(run, i32, (c >> 2) + 4, (c >> 2) + 13, (c >> 2) + 20, shift);
        });
        x = y;
      }
      w = wEnd;
    }
    run.start = run.end = r1;
    run.hn = -1;
    tail(run);
    return true;
  }

  /**
   * The keyword hits of the record r (from inside the flagged callback): ids[k] and starts[k] (a position
   * in the scanned bytes) for k < the number returned; -1 when they were not noted or do not fit.
   */
  hitsOf(r: ScanRecord, ids: Int32Array, starts: Int32Array): number {
    const n = r.hn;
    if (n < 0 || n > ids.length) return -1;
    const i32 = this.i32;
    for (let k = 0, h = r.ha; k < n; k++, h += 2) {
      ids[k] = i32[h]!;
      starts[k] = i32[h + 1]! + r.shift;
    }
    return n;
  }

  private cursor(c: number, from: number, to: number, out: number, hits: number): void {
    const i32 = this.i32;
    const k = c >> 2;
    i32[k] = from;
    i32[k + 1] = to;
    i32[k + 2] = 0;
    i32[k + 3] = from;
    i32[k + 4] = 0;
    i32[k + 5] = -1;
    i32[k + 8] = -1;
    i32[k + 11] = out;
    // (offset 48: where the cursor last passed over a colour sequence; 52: the run's last line that may
    // start with a stamp)
    i32[k + 12] = -1;
    i32[k + 13] = -1;
    // (64: the hit area's next free place and end; 76: the line being flagged has no hits noted)
    i32[k + 16] = hits;
    i32[k + 17] = hits + HIT_BYTES;
    i32[k + 19] = -1;
    // (80: the run's last line that may show a time)
    i32[k + 20] = -1;
  }
}

/**
 * Adds the run at i32[r..r+7) (count, fi, fs, fe, li, ls, le), with its stamp candidate at i32[sr..sr+3)
 * (si, ss, se) and its time candidate at i32[tr..tr+3) (ti, ts, te), after the run in `run`.
 */
function merge(run: ScanRecord, i32: Int32Array, r: number, sr: number, tr: number, shift: number): void {
  const count = i32[r]!;
  if (count === 0) return;
  const fi = i32[r + 1]!;
  if (run.fi < 0 && fi >= 0) {
    run.fi = run.count + fi;
    run.fs = i32[r + 2]! + shift;
    run.fe = i32[r + 3]! + shift;
  }
  const li = i32[r + 4]!;
  if (li >= 0) {
    run.li = run.count + li;
    run.ls = i32[r + 5]! + shift;
    run.le = i32[r + 6]! + shift;
  }
  const si = i32[sr]!;
  if (si >= 0) {
    run.si = run.count + si;
    run.ss = i32[sr + 1]! + shift;
    run.se = i32[sr + 2]! + shift;
  }
  const ti = i32[tr]!;
  if (ti >= 0) {
    run.ti = run.count + ti;
    run.ts = i32[tr + 1]! + shift;
    run.te = i32[tr + 2]! + shift;
  }
  run.count += count;
}

/** The first line start at or after `at` (a CRLF stays whole), or `end`. */
function lineBoundary(u8: Uint8Array, at: number, end: number): number {
  if (at >= end) return end;
  // `at` itself is a line start when the byte before it ends a line (and it is not the LF of a CRLF)
  let p = at;
  for (;;) {
    const b = u8[p - 1];
    if ((b === 10 || b === 13) && !(b === 13 && u8[p] === 10)) return p;
    if (p >= end) return end;
    p++;
  }
}

let compiled: WebAssembly.Module | null | undefined;
const scanners = new WeakMap<KeywordAutomaton, WasmScanner[]>();

/**
 * A WebAssembly scanner for an automaton that is not scanning now, or undefined where WebAssembly cannot
 * run. Scanners are shared (their tables take a moment to set up), but a callback of one scan may feed
 * another splitter (a monitor's event handler, say): that one then gets a scanner of its own.
 */
export function wasmScanner(a: KeywordAutomaton): WasmScanner | undefined {
  if (compiled === undefined) {
    try {
      const bin = atob(SCAN_WASM);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      compiled = new WebAssembly.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  let pool = scanners.get(a);
  if (!pool) scanners.set(a, (pool = []));
  for (const s of pool) if (!s.busy) return s;
  const s = new WasmScanner(a, compiled);
  pool.push(s);
  return s;
}
