/**
 * Streaming line splitter: bytes in, decoded physical lines out.
 * - line ends: LF, CRLF and lone CR; a CR at the end of one chunk and LF at the start of the next is one end
 * - encodings: UTF-8 (default), UTF-16LE/BE (BOM), GB18030/GBK (forced, or detected per line when UTF-8 fails)
 * - lines longer than maxLineLength characters are cut; the rest of that line is skipped and counted
 * - scan(): the analyzer's fast path, which decodes only the lines a keyword automaton flags
 * Memory is bounded by the chunk size plus maxLineLength, whatever the input size.
 */
import { ACCEPT, LINE_END, SPECIAL, verifyBytes, type KeywordAutomaton } from "../signatures/keywords.js";
import { wasmScanner, type ScanRecord, type WasmScanner } from "./wasm-scan.js";
import { sgrEnd } from "./clean.js";
import { GbDecoder, gbShaped, utf8Clean } from "./decode.js";

export type Encoding = "auto" | "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export interface PhysicalLine {
  /** 1-based line number in the input */
  no: number;
  text: string;
  /** the line was longer than the limit and was cut */
  truncated?: boolean;
  /** the line was decoded as GB18030 because it was not valid UTF-8 */
  gbk?: boolean;
  /** the last line of the input, and no line end followed it: it may have been cut while it was printed */
  unterminated?: boolean;
  /** ASCII without control bytes or colour-code traces: the cleaner has nothing to do (fast path) */
  clean?: boolean;
}

export interface SplitterStats {
  bytes: number;
  lines: number;
  encoding: Exclude<Encoding, "auto">;
  gbkLines: number;
  truncatedLines: number[];
  truncatedCount: number;
  nulBytes: boolean;
}

/**
 * A run of lines the fast path did not decode (see LineSplitter.scan). One object is reused for every
 * run: use it inside the callback only.
 */
export class SkippedLines {
  /** number of lines in the run */
  count = 0;
  /** number of the first line of the run */
  start = 0;
  /** @internal */ bytes: Uint8Array = new Uint8Array(0);
  /** @internal */ from = 0;
  /** @internal */ to = 0;
  /** @internal line index in the run and byte range of the first and last non-empty line (-1: none) */
  fi = -1;
  /** @internal */ fs = 0;
  /** @internal */ fe = 0;
  /** @internal */ li = -1;
  /** @internal */ ls = 0;
  /** @internal */ le = 0;
  /**
   * @internal index and byte range of the run's last line that may start with a serial-terminal stamp
   * once cleaned (-1: none; see stampy)
   */
  si = -1;
  /** @internal */ ss = 0;
  /** @internal */ se = 0;
  /** @internal index and byte range of the run's last line that may show a time (-1: none; see timey) */
  ti = -1;
  /** @internal */ ts = 0;
  /** @internal */ te = 0;
  /** @internal */ replayed = false;
  constructor(private readonly replayer: (run: SkippedLines, emit: (l: PhysicalLine) => void) => void) {}

  /** the first line of the run that is not empty */
  first(): PhysicalLine | undefined {
    return this.fi < 0 ? undefined : { no: this.start + this.fi, text: latin1Range(this.bytes, this.fs, this.fe) };
  }

  /** the first line of the run for which `pred` holds (decodes line by line up to it) */
  find(pred: (text: string) => boolean): PhysicalLine | undefined {
    const b = this.bytes;
    let p = this.from;
    for (let k = 0; k < this.count && p < this.to; k++) {
      let e = p;
      while (b[e] !== 10 && b[e] !== 13) e++;
      const text = latin1(b.subarray(p, e));
      if (pred(text)) return { no: this.start + k, text };
      p = e + (b[e] === 13 && b[e + 1] === 10 ? 2 : 1);
    }
    return undefined;
  }

  /**
   * Calls `fn` with the byte range of each line from the last non-empty one back to the first, until it
   * returns true: the index of that line in the run (its number is start + index), or -1. No decoding.
   */
  findLastRange(fn: (bytes: Uint8Array, s: number, e: number, index: number) => boolean): number {
    return this.li < 0 ? -1 : this.findLastRangeFrom(this.li, this.ls, this.le, fn);
  }

  /** findLastRange from line `index` (its bytes [s, e)) back; `before`: from the line before it */
  findLastRangeFrom(index: number, s0: number, e0: number, fn: (bytes: Uint8Array, s: number, e: number, index: number) => boolean, before = false): number {
    const b = this.bytes;
    if (!before && fn(b, s0, e0, index)) return index;
    let end = s0;
    for (let k = index - 1; k >= 0 && end > this.from; k--) {
      // end is the start of line k + 1: just after line k's line end (LF, CR, or CRLF)
      let e = end - 1;
      if (b[e] === 10 && e > this.from && b[e - 1] === 13) e--;
      let s = e;
      while (s > this.from && b[s - 1] !== 10 && b[s - 1] !== 13) s--;
      if (fn(b, s, e, k)) return k;
      end = s;
    }
    return -1;
  }

  /** the index in the run of its last non-empty line (-1: none) */
  lastIndex(): number {
    return this.li;
  }

  /** the text of bytes[s, e) of the run (a range findLastRange gave) */
  text(s: number, e: number): string {
    return latin1Range(this.bytes, s, e);
  }

  /** the last line of the run that is not empty */
  last(): PhysicalLine | undefined {
    return this.li < 0 ? undefined : { no: this.start + this.li, text: latin1Range(this.bytes, this.ls, this.le) };
  }

  /** decodes and emits every line of the run as push() would; call it at once or never */
  replay(emit: (l: PhysicalLine) => void): void {
    this.replayed = true;
    this.replayer(this, emit);
  }
}

/**
 * The keywords the WebAssembly filter found in the clean flagged line being offered to a CleanBytes callback,
 * or emitted as a clean line when the callback did not take it (valid inside those calls only): ids[k]
 * (keyword ids of the automaton, with their case rule, in the order the automaton met them) and starts[k]
 * (positions in the bytes; the line starts at lineStart) for k < n; n is -1 when they were not noted (the
 * JavaScript filter, more hits than room, any other line).
 */
export class LineHits {
  n = -1;
  lineStart = 0;
  readonly ids = new Int32Array(64);
  readonly starts = new Int32Array(64);
}

/**
 * Offered each clean flagged line (printable ASCII, complete, not too long) of a Node.js Buffer as its
 * bytes [s, e) and the number it gets; true: the line was taken care of (not emitted).
 */
export type CleanBytes = (bytes: Latin1Bytes, s: number, e: number, no: number) => boolean;

/** a Node.js Buffer, with its own latin1 decoder (not in browsers) */
export type Latin1Bytes = Uint8Array & { latin1Slice(start: number, end: number): string };

export const DEFAULT_MAX_LINE = 64 * 1024;
const MAX_TRUNCATED_KEPT = 100;

export class LineSplitter {
  private readonly maxLine: number;
  private forced: Encoding;
  private textDecoder?: TextDecoder;
  private pendingText = "";
  private pendingBytes: Uint8Array[] = [];
  private pendingLen = 0;
  private skipping = false;
  private lastWasCR = false;
  private started = false;
  private lineNo = 0;
  private readonly utf8 = new TextDecoder("utf-8");
  readonly stats: SplitterStats;
  /** the keyword hits of the clean flagged line offered to scan()'s CleanBytes callback (see LineHits) */
  readonly hits = new LineHits();

  /** the WebAssembly line filter (undefined: the JavaScript loop), chosen at the first scan() */
  private wasm?: WasmScanner | null;
  private readonly useWasm: boolean;

  /** `wasm: false` runs scan()'s filter in JavaScript (the tests compare both) */
  constructor(opts: { encoding?: Encoding; maxLineLength?: number; wasm?: boolean } = {}) {
    this.maxLine = opts.maxLineLength ?? DEFAULT_MAX_LINE;
    this.useWasm = opts.wasm !== false;
    this.forced = opts.encoding ?? "auto";
    this.stats = {
      bytes: 0,
      lines: 0,
      encoding: this.forced === "auto" ? "utf-8" : this.forced,
      gbkLines: 0,
      truncatedLines: [],
      truncatedCount: 0,
      nulBytes: false,
    };
  }

  /** Feeds bytes; calls emit for each complete line. */
  push(chunk: Uint8Array, emit: (l: PhysicalLine) => void): void {
    if (chunk.length === 0) return;
    this.stats.bytes += chunk.length;
    if (!this.started) {
      this.started = true;
      chunk = this.detectBom(chunk);
    }
    if (this.textDecoder) {
      this.pushText(this.textDecoder.decode(chunk, { stream: true }), emit);
      return;
    }
    this.pushBytes(chunk, emit);
  }

  /**
   * The fast path of push(): lines that the automaton does not flag (no keyword, nothing the cleaner would
   * touch, not too long) are not decoded; they are numbered and handed over in runs through `skipped`,
   * with their first and last non-empty line decoded and a way to decode them all. Flagged lines are
   * emitted exactly as push() emits them, and so is everything push() handles specially (a line across
   * chunks, UTF-16, forced GB18030, a line being cut); with `clean`, a clean flagged line of a Buffer is
   * first offered as its bytes (see CleanBytes), and emitted only when the callback does not take it.
   */
  scan(chunk: Uint8Array, a: KeywordAutomaton, emit: (l: PhysicalLine) => void, skipped: (run: SkippedLines) => void, clean?: CleanBytes): void {
    if (chunk.length === 0) return;
    if (this.textDecoder) {
      this.push(chunk, emit);
      return;
    }
    this.stats.bytes += chunk.length;
    if (!this.started) {
      // the first chunk: its BOM or UTF-16 look decides the encoding (as in push()), then it is scanned too
      this.started = true;
      chunk = this.detectBom(chunk);
      // (detectBom may have chosen a text decoder)
      const text = this.textDecoder as TextDecoder | undefined;
      if (text) {
        this.pushText(text.decode(chunk, { stream: true }), emit);
        return;
      }
      if (chunk.length === 0) return;
    }
    const n = chunk.length;
    // up to the first line end: push()'s own handling (CRLF across chunks, the line started in the last chunk)
    let r0 = 0;
    if (this.lastWasCR && chunk[0] === 10) r0 = 1;
    while (r0 < n && chunk[r0] !== 10 && chunk[r0] !== 13) r0++;
    if (r0 === n) {
      this.pushBytes(chunk, emit);
      return;
    }
    r0 += chunk[r0] === 13 && chunk[r0 + 1] === 10 ? 2 : 1;
    this.pushBytes(chunk.subarray(0, r0), emit);
    // a CR that ended the head is followed by something else than LF (r0 took CRLF whole)
    this.lastWasCR = false;
    // after the last line end: kept for the next chunk
    let r1 = n;
    while (r1 > r0 && chunk[r1 - 1] !== 10 && chunk[r1 - 1] !== 13) r1--;
    if (r1 > r0) {
      // (a shared scanner that is not busy: see wasmScanner)
      if (this.wasm === undefined || this.wasm?.busy) this.wasm = (this.useWasm && wasmScanner(a)) || null;
      if (this.wasm) this.scanLinesWasm(this.wasm, chunk, r0, r1, a, emit, skipped, clean);
      // a plain Uint8Array view: the loop stays monomorphic whether Buffers or Uint8Arrays come in
      else this.scanLines(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), r0, r1, a, emit, skipped);
    }
    if (r1 < n) this.pushBytes(chunk.subarray(Math.max(r0, r1)), emit);
    else this.lastWasCR = chunk[n - 1] === 13;
  }

  private readonly run = new SkippedLines((run, em) => {
    let p = run.from;
    const chunk = run.bytes;
    while (p < run.to) {
      let e = p;
      while (chunk[e] !== 10 && chunk[e] !== 13) e++;
      this.emitBytes(chunk.subarray(p, e), em);
      p = e + (chunk[e] === 13 && chunk[e + 1] === 10 ? 2 : 1);
    }
  });

  /** Hands a run of skipped lines over (its fields were set by scanLines) and numbers them. */
  private flushRun(skipped: (run: SkippedLines) => void): void {
    const run = this.run;
    if (run.count === 0) return;
    run.start = this.lineNo + 1;
    run.replayed = false;
    skipped(run);
    if (!run.replayed) {
      this.lineNo += run.count;
      this.stats.lines += run.count;
    }
    run.count = 0;
    run.fi = run.li = run.si = run.ti = -1;
  }

  /** scanLines with the WebAssembly filter: the same lines flagged, the same runs. */
  private scanLinesWasm(w: WasmScanner, chunk: Uint8Array, r0: number, r1: number, a: KeywordAutomaton, emit: (l: PhysicalLine) => void, skipped: (run: SkippedLines) => void, clean?: CleanBytes): void {
    const run = this.run;
    run.bytes = chunk;
    const sliceable = (chunk as Latin1Sliceable).latin1Slice !== undefined ? (chunk as Latin1Bytes) : undefined;
    const fill = (r: ScanRecord) => {
      run.count = r.count;
      run.fi = r.fi;
      run.fs = r.fs;
      run.fe = r.fe;
      run.li = r.li;
      run.ls = r.ls;
      run.le = r.le;
      run.si = r.si;
      run.ss = r.ss;
      run.se = r.se;
      run.ti = r.ti;
      run.ts = r.ts;
      run.te = r.te;
      run.to = r.start;
      this.flushRun(skipped);
    };
    run.from = r0;
    const done = w.scan(
      chunk,
      r0,
      r1,
      this.maxLine,
      (r) => {
        fill(r);
        // a Buffer (Node.js): its latin1Slice is the cheapest way to a string, and these bytes are ASCII
        if (r.clean && sliceable !== undefined && !this.skipping) {
          // (the caller may take the line from its bytes, and the keywords the filter saw in it)
          // (the caller may take the line from its bytes, and the keywords the filter saw in it: they hold
          // while the line is offered, and while it is emitted when not taken)
          const hits = this.hits;
          hits.n = w.hitsOf(r, hits.ids, hits.starts);
          hits.lineStart = r.start;
          if (clean !== undefined && clean(sliceable, r.start, r.end, this.lineNo + 1)) {
            this.lineNo++;
            this.stats.lines++;
          } else this.emitClean(sliceable.latin1Slice(r.start, r.end), emit);
          hits.n = -1;
        } else this.emitBytes(chunk.subarray(r.start, r.end), emit, r.clean);
        run.from = r.end + (chunk[r.end] === 13 && chunk[r.end + 1] === 10 ? 2 : 1);
      },
      fill,
    );
    // (no memory for this chunk's largest line in WebAssembly: the JavaScript loop scans it)
    if (!done) this.scanLines(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), r0, r1, a, emit, skipped);
  }

  /** Complete lines in [r0, r1): r0 is a line start, r1 is just after a line end. */
  private scanLines(chunk: Uint8Array, r0: number, r1: number, a: KeywordAutomaton, emit: (l: PhysicalLine) => void, skipped: (run: SkippedLines) => void): void {
    const { byteClass, goto } = a;
    const maxLine = this.maxLine;
    const run = this.run;
    run.bytes = chunk;
    run.count = 0;
    run.fi = run.li = run.si = run.ti = -1;
    run.from = r0;
    let count = 0;
    let s = 0;
    /** the state before the byte that stopped the loop */
    let prev = 0;
    let i = r0;
    let lineStart = r0;
    /** the start of the line in which a colour sequence was last passed over (-1: none yet) */
    let coloured = -1;
    while (i < r1) {
      // the hot loop: one table lookup per byte until something happens
      while ((s = goto[(prev = s) + byteClass[chunk[i]!]!]!) < ACCEPT) i++;
      let flagged = false;
      let keyword = false;
      if (s === SPECIAL && chunk[i] === 0x1b) {
        // a colour sequence: the cleaner removes it and joins the text around it, so the automaton goes on
        // after it in the state it had before it; the line is no longer clean
        const q = sgrEnd(chunk, i);
        if (q > 0) {
          coloured = lineStart;
          s = prev;
          i = q;
          continue;
        }
      }
      if (s === LINE_END) {
        if (i - lineStart > maxLine) flagged = true;
        else {
          if (i > lineStart) {
            if (run.fi < 0) (run.fi = count), (run.fs = lineStart), (run.fe = i);
            (run.li = count), (run.ls = lineStart), (run.le = i);
            if (stampy(chunk, lineStart, i)) (run.si = count), (run.ss = lineStart), (run.se = i);
            if (timey(chunk, lineStart, i, coloured === lineStart)) (run.ti = count), (run.ts = lineStart), (run.te = i);
          }
          count++;
          i += chunk[i] === 13 && chunk[i + 1] === 10 ? 2 : 1;
          lineStart = i;
          s = 0;
          continue;
        }
      } else if (s === SPECIAL) flagged = true;
      else {
        s -= ACCEPT;
        const hit = accepted(a, s, chunk, i + 1);
        // (in a line with a colour sequence the bytes as written are not the cleaned text the case rules
        // apply to: any keyword flags it)
        if (hit === 0 && coloured !== lineStart) {
          i++;
          continue;
        }
        flagged = true;
        // (hit 3: a keyword and a colour-code trace end here: not clean)
        keyword = hit === 1;
      }
      // a flagged line: the run before it, then the line itself as push() emits it
      let e = i;
      let clean = keyword && i - lineStart <= maxLine && coloured !== lineStart;
      if (clean) {
        // flagged by a keyword: is the rest of the line clean too?
        let t = s;
        for (e = i + 1; ; e++) {
          t = goto[t + byteClass[chunk[e]!]!]!;
          if (t < ACCEPT) continue;
          if (t === LINE_END) break;
          if (t === SPECIAL || (accepted(a, (t -= ACCEPT), chunk, e + 1) & 2) !== 0) {
            clean = false;
            break;
          }
        }
      }
      while (chunk[e] !== 10 && chunk[e] !== 13) e++;
      if (e - lineStart > maxLine) clean = false;
      run.count = count;
      run.to = lineStart;
      this.flushRun(skipped);
      count = 0;
      this.emitBytes(chunk.subarray(lineStart, e), emit, clean);
      i = e + (chunk[e] === 13 && chunk[e + 1] === 10 ? 2 : 1);
      lineStart = run.from = i;
      s = 0;
    }
    run.count = count;
    run.to = r1;
    this.flushRun(skipped);
  }

  /** Feeds already decoded text (pasted logs, the browser). */
  pushString(text: string, emit: (l: PhysicalLine) => void): void {
    this.started = true;
    this.stats.bytes += text.length;
    this.pushText(text, emit);
  }

  end(emitLine: (l: PhysicalLine) => void): void {
    if (this.textDecoder) {
      this.pushText(this.textDecoder.decode(), emitLine);
    }
    // what is left had no line end after it
    const emit = (l: PhysicalLine) => {
      l.unterminated = true;
      emitLine(l);
    };
    if (this.pendingText.length > 0 || (this.skipping && this.pendingTruncated !== undefined)) {
      this.skipping = false;
      this.emitText(this.pendingText, emit);
      this.pendingText = "";
    }
    if (this.skipping && this.truncatedHead) {
      this.skipping = false;
      this.emitTruncatedHead(emit);
    }
    if (this.pendingLen > 0) {
      const bytes = this.takePending();
      this.emitBytes(bytes, emit);
    }
  }

  private detectBom(chunk: Uint8Array): Uint8Array {
    const b0 = chunk[0], b1 = chunk[1], b2 = chunk[2];
    if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return chunk.subarray(3);
    if (b0 === 0xff && b1 === 0xfe) {
      this.useText("utf-16le");
      return chunk.subarray(2);
    }
    if (b0 === 0xfe && b1 === 0xff) {
      this.useText("utf-16be");
      return chunk.subarray(2);
    }
    if (this.forced === "utf-16le" || this.forced === "utf-16be" || this.forced === "gb18030") {
      this.useText(this.forced);
    } else if (chunk.length >= 8 && looksUtf16le(chunk)) {
      this.useText("utf-16le");
    }
    return chunk;
  }

  private useText(enc: "utf-16le" | "utf-16be" | "gb18030"): void {
    this.textDecoder = new TextDecoder(enc);
    this.stats.encoding = enc;
  }

  // ---- text path (UTF-16, forced GB18030, pasted strings)
  private pushText(text: string, emit: (l: PhysicalLine) => void): void {
    let pos = 0;
    if (this.lastWasCR && text.charCodeAt(0) === 10) pos = 1;
    this.lastWasCR = false;
    const n = text.length;
    while (pos < n) {
      let end = pos;
      // find next CR or LF
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13) break;
        end++;
      }
      if (end >= n) {
        this.appendPendingText(text.slice(pos));
        break;
      }
      const piece = text.slice(pos, end);
      if (this.skipping) {
        this.skipping = false;
        this.pendingText = "";
        this.emitText("", emit);
      } else {
        this.emitText(this.pendingText + piece, emit);
        this.pendingText = "";
      }
      if (text.charCodeAt(end) === 13) {
        if (end + 1 < n) {
          pos = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        } else {
          this.lastWasCR = true;
          pos = n;
        }
      } else pos = end + 1;
    }
  }

  private appendPendingText(s: string): void {
    if (this.skipping) return;
    this.pendingText += s;
    if (this.pendingText.length > this.maxLine) {
      // emit the head now, skip the rest of this line
      // keep the head; it is emitted when the line ends, the rest of the line is skipped
      this.pendingTruncated = this.pendingText.slice(0, this.maxLine);
      this.pendingText = "";
      this.skipping = true;
    }
  }

  private pendingTruncated?: string;

  private emitText(text: string, emit: (l: PhysicalLine) => void): void {
    this.lineNo++;
    this.stats.lines++;
    let t = text;
    let truncated = false;
    if (this.pendingTruncated !== undefined) {
      t = this.pendingTruncated;
      this.pendingTruncated = undefined;
      truncated = true;
    } else if (t.length > this.maxLine) {
      t = t.slice(0, this.maxLine);
      truncated = true;
    }
    if (t.includes("\0")) {
      this.stats.nulBytes = true;
      t = t.replace(/\0/g, "");
    }
    if (truncated) this.noteTruncated();
    const line: PhysicalLine = { no: this.lineNo, text: t };
    if (truncated) line.truncated = true;
    emit(line);
  }

  private noteTruncated(): void {
    this.stats.truncatedCount++;
    if (this.stats.truncatedLines.length < MAX_TRUNCATED_KEPT) this.stats.truncatedLines.push(this.lineNo);
  }

  // ---- byte path (UTF-8 with per-line GB18030 fallback)
  private pushBytes(chunk: Uint8Array, emit: (l: PhysicalLine) => void): void {
    let pos = 0;
    const n = chunk.length;
    if (this.lastWasCR) {
      this.lastWasCR = false;
      if (chunk[0] === 10) pos = 1;
    }
    let nextLf = chunk.indexOf(10, pos);
    let nextCr = chunk.indexOf(13, pos);
    while (pos < n) {
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(10, pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf(13, pos);
      let end: number;
      if (nextLf === -1 && nextCr === -1) end = -1;
      else if (nextLf === -1) end = nextCr;
      else if (nextCr === -1) end = nextLf;
      else end = Math.min(nextLf, nextCr);
      if (end === -1) {
        this.appendPendingBytes(chunk.subarray(pos), emit);
        return;
      }
      const piece = chunk.subarray(pos, end);
      if (this.skipping) {
        this.skipping = false;
        this.pendingBytes = [];
        this.pendingLen = 0;
        this.emitTruncatedHead(emit);
      } else if (this.pendingLen > 0) {
        this.pendingBytes.push(piece);
        this.pendingLen += piece.length;
        this.emitBytes(this.takePending(), emit);
      } else {
        this.emitBytes(piece, emit);
      }
      if (chunk[end] === 13) {
        if (end + 1 < n) pos = chunk[end + 1] === 10 ? end + 2 : end + 1;
        else {
          this.lastWasCR = true;
          pos = n;
        }
      } else pos = end + 1;
    }
  }

  private truncatedHead?: Uint8Array;

  private appendPendingBytes(piece: Uint8Array, _emit: (l: PhysicalLine) => void): void {
    if (this.skipping) return;
    // a copy: the caller may reuse its buffer (Buffer's slice() is a view, not a copy)
    this.pendingBytes.push(new Uint8Array(piece));
    this.pendingLen += piece.length;
    if (this.pendingLen > this.maxLine * 4) {
      const all = this.takePending();
      this.truncatedHead = all.subarray(0, this.maxLine * 4);
      this.skipping = true;
    }
  }

  private emitTruncatedHead(emit: (l: PhysicalLine) => void): void {
    const head = this.truncatedHead ?? new Uint8Array(0);
    this.truncatedHead = undefined;
    const text = this.decodeLine(head);
    this.lineNo++;
    this.stats.lines++;
    this.noteTruncated();
    emit({ no: this.lineNo, text: stripNul(text.text, this.stats).slice(0, this.maxLine), truncated: true, ...(text.gbk ? { gbk: true } : {}) });
  }

  private takePending(): Uint8Array {
    const out = new Uint8Array(this.pendingLen);
    let o = 0;
    for (const p of this.pendingBytes) {
      out.set(p, o);
      o += p.length;
    }
    this.pendingBytes = [];
    this.pendingLen = 0;
    return out;
  }

  private emitBytes(bytes: Uint8Array, emit: (l: PhysicalLine) => void, clean = false): void {
    if (this.skipping) {
      this.skipping = false;
      this.emitTruncatedHead(emit);
      return;
    }
    if (clean) {
      this.emitClean(latin1(bytes), emit);
      return;
    }
    const d = this.decodeLine(bytes);
    this.emitDecoded(d.text, d.gbk, emit);
  }

  /** a line the fast path found clean: ASCII, no NUL, not too long; nothing but the decoding was to do */
  private emitClean(text: string, emit: (l: PhysicalLine) => void): void {
    this.lineNo++;
    this.stats.lines++;
    emit(physical(this.lineNo, text, true));
  }

  private emitDecoded(text: string, gbk: boolean, emit: (l: PhysicalLine) => void): void {
    this.lineNo++;
    this.stats.lines++;
    let t = stripNul(text, this.stats);
    let truncated = false;
    if (t.length > this.maxLine) {
      t = t.slice(0, this.maxLine);
      truncated = true;
      this.noteTruncated();
    }
    const line = physical(this.lineNo, t, undefined);
    if (truncated) line.truncated = true;
    if (gbk) line.gbk = true;
    emit(line);
  }

  private decodeLine(bytes: Uint8Array): { text: string; gbk: boolean } {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return { text: latin1(bytes), gbk: false };
    // (a line that is not UTF-8 is not given to the UTF-8 decoder first: GBK lines are decoded once)
    if (this.forced === "utf-8" || utf8Clean(bytes)) return { text: this.utf8.decode(bytes), gbk: false };
    // (bytes that cannot be GB18030 are not given to the decoder: its failure, an exception, is slow)
    const gb = (this.gb ??= new GbDecoder(this.utf8));
    if (gbShaped(bytes)) {
      const g = gb.strict(bytes);
      if (g !== undefined) {
        this.stats.gbkLines++;
        return { text: g, gbk: true };
      }
      // not GB18030 after all: below
    }
    // neither all UTF-8 nor all GBK: a UTF-8 print and a GBK print in one line, or noise
    const mixed = gb.mixed(bytes);
    if (mixed === undefined) return { text: this.utf8.decode(bytes), gbk: false };
    this.stats.gbkLines++;
    return { text: mixed, gbk: true };
  }

  private gb?: GbDecoder;
}

/** A line with every property present, in one order: one hidden class for the lines of the hot path. */
function physical(no: number, text: string, clean: true | undefined): PhysicalLine {
  return { no, text, truncated: undefined, gbk: undefined, unterminated: undefined, clean };
}

function stripNul(t: string, stats: SplitterStats): string {
  if (t.includes("\0")) {
    stats.nulBytes = true;
    return t.replace(/\0/g, "");
  }
  return t;
}

/**
 * Whether the line b[s, e) may start with a serial-terminal stamp once cleaned: a necessary condition (the
 * first bytes after its leading colour sequences have a stamp's shape, or an escape byte among them may
 * hide one); scan.wat's $stampy makes the same decision.
 */
function stampy(b: Uint8Array, s: number, e: number): boolean {
  while (s < e && b[s] === 0x1b) {
    const q = sgrEnd(b, s);
    if (q < 0) return true;
    s = q;
  }
  for (let i = 0; i < 6 && s + i < e; i++) if (b[s + i] === 0x1b) return true;
  if (e - s < 9) return false;
  const b0 = b[s]!, b4 = b[s + 4], b5 = b[s + 5];
  const digit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
  // "[h:" "[hh:" (time), "[dddd-" "[dddd/" (date and time)
  if (b0 === 0x5b) return b[s + 2] === 0x3a || b[s + 3] === 0x3a || (digit(b[s + 1]) && (b5 === 0x2d || b5 === 0x2f));
  // "dddd-" "dddd/" (date and time), "dd-" (month-day and time)
  if (digit(b0)) return b4 === 0x2d || b4 === 0x2f || b[s + 2] === 0x2d;
  return false;
}

/** the linkkit levels in brackets, "[inf"..., as scan.wat's $timey reads them (four bytes, little-endian) */
const BRACKET_LEVELS = ["non", "crt", "err", "wrn", "inf", "dbg", "flw", "prt"].map((l) => 0x5b | (l.charCodeAt(0) << 8) | (l.charCodeAt(1) << 16) | (l.charCodeAt(2) << 24));

/**
 * Whether the line b[s, e) of a run (printable ASCII, TAB, colour sequences; `coloured`: it holds one) may
 * show a time: a necessary condition. A line that starts with a linkkit level in brackets ("[inf]",
 * "[prt]"...) not followed by "(" is read by linkkit-old or linkkit-bare, which carry no time, unless a
 * colour sequence hides another form; every other line may show one. scan.wat's $timey makes the same
 * decision; the run keeps its last such line (see Analyzer.skipped, which relies on it only for the dialects
 * QuickLine was written for).
 */
function timey(b: Uint8Array, s: number, e: number, coloured: boolean): boolean {
  if (e - s < 5 || b[s + 4] !== 0x5d || (e - s > 5 && b[s + 5] === 0x28)) return true;
  if (!BRACKET_LEVELS.includes(b[s]! | (b[s + 1]! << 8) | (b[s + 2]! << 16) | (b[s + 3]! << 24))) return true;
  return coloured;
}

/**
 * What the automaton found ending at `end` in state `s`, with the case rules: bit 1 a keyword, bit 2 a
 * colour-code trace (0: nothing).
 */
function accepted(a: KeywordAutomaton, s: number, bytes: Uint8Array, end: number): number {
  let r = 0;
  for (const id of a.out[s >> a.shift]!) if (verifyBytes(a, id, bytes, end)) r |= a.sigs[id]!.length > 0 ? 1 : 2;
  return r;
}

const asciiDecoder = new TextDecoder("utf-8");

/** a Node.js Buffer's own decoder (not in browsers) */
type Latin1Sliceable = Uint8Array & { latin1Slice?: (start: number, end: number) => string };

/** latin1() of bytes[start, end), without a subarray when the bytes are a Buffer */
function latin1Range(bytes: Uint8Array, start: number, end: number): string {
  const b = bytes as Latin1Sliceable;
  return b.latin1Slice !== undefined ? b.latin1Slice(start, end) : latin1(bytes.subarray(start, end));
}

function latin1(bytes: Uint8Array): string {
  const b = bytes as Latin1Sliceable;
  if (b.latin1Slice !== undefined) return b.latin1Slice(0, b.length);
  // ASCII only: the UTF-8 decoder gives the same string, fastest for long lines
  if (bytes.length > 24) return asciiDecoder.decode(bytes);
  // ASCII only: String.fromCharCode over slices is faster than TextDecoder for short lines
  if (bytes.length < 512) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}

/** UTF-16LE without BOM: many zero bytes at odd positions and printable ASCII at even positions. */
function looksUtf16le(b: Uint8Array): boolean {
  const n = Math.min(b.length & ~1, 256);
  let zeroOdd = 0, asciiEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i + 1] === 0) zeroOdd++;
    const c = b[i]!;
    if (c >= 0x09 && c < 0x7f) asciiEven++;
  }
  return zeroOdd > n / 2 * 0.9 && asciiEven > n / 2 * 0.9;
}
