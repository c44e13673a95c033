/**
 * Decoding the bytes of a log line that is not ASCII: UTF-8 checks, and GB18030 (GBK) without a call into
 * the platform's decoder per line or per piece of a line (see GbDecoder).
 */

/** Length of the well-formed UTF-8 sequence starting at i (0 when there is none). */
export function utf8SeqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  let n: number, min: number;
  if (c >= 0xc2 && c <= 0xdf) (n = 2), (min = 0x80);
  else if (c >= 0xe0 && c <= 0xef) (n = 3), (min = 0x800);
  else if (c >= 0xf0 && c <= 0xf4) (n = 4), (min = 0x10000);
  else return 0;
  if (i + n > b.length) return 0;
  let cp = c & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const x = b[i + k]!;
    if ((x & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (x & 0x3f);
  }
  return cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? n : 0;
}

/**
 * Whether the UTF-8 decoder gives the bytes without a replacement character: well-formed UTF-8 that
 * does not itself hold U+FFFD.
 */
export function utf8Clean(b: Uint8Array): boolean {
  const n = b.length;
  for (let i = 0; i < n; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = utf8SeqLen(b, i);
    if (len === 0 || (c === 0xef && b[i + 1] === 0xbf && b[i + 2] === 0xbd)) return false;
    i += len;
  }
  return true;
}

/**
 * Whether the bytes have the shape of GB18030 (each lead byte 0x81-0xFE followed by a trail byte, or a
 * four-byte sequence): a necessary condition for the decoder not to fail, checked without it.
 */
export function gbShaped(b: Uint8Array): boolean {
  const n = b.length;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c < 0x81) continue;
    if (c === 0xff) return false;
    // (bounds checked before reading, not by reading past the end: optimised code that reads past the
    // end of an array once is thrown away and compiled again)
    if (i + 1 >= n) return false;
    const t = b[i + 1]!;
    if (t >= 0x30 && t <= 0x39) {
      if (i + 3 >= n) return false;
      const u = b[i + 2]!, v = b[i + 3]!;
      if (u < 0x81 || u > 0xfe || v < 0x30 || v > 0x39) return false;
      i += 3;
    } else if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfe)) i++;
    else return false;
  }
  return true;
}

/**
 * GB18030 (GBK) decoding of log lines. The platform's decoder costs about half a microsecond a call, and a
 * line of noise from a UART at the wrong baud rate, decoded piece by piece (short ASCII, UTF-8 and GBK
 * runs: see mixed()), made dozens of calls. Here two-byte pairs are looked up in a table taken once from
 * that decoder; whatever the table does not hold (four-byte sequences, a byte 0x80, a pair the decoder does
 * not map) goes to the decoder itself, so the text is always the one the decoder gives.
 */
export class GbDecoder {
  private readonly fatal = new TextDecoder("gb18030", { fatal: true });
  private readonly loose = new TextDecoder("gb18030");
  /** (lead - 0x81) * 191 + (trail - 0x40) -> the UTF-16 unit the decoder gives the pair; 0: not in the table */
  private pairs?: Uint16Array;
  /** the output, UTF-16 units over `raw` (its bytes, a Node.js Buffer where there is one: see units()) */
  private raw: Uint8Array;
  private out: Uint16Array;

  /**
   * `utf8`: the decoder the UTF-8 pieces of mixed() stand for (its BOM handling is followed);
   * `nodeBuffer: false`: make strings as in a browser (the tests compare both)
   */
  constructor(
    private readonly utf8: TextDecoder,
    private readonly opts: { nodeBuffer?: boolean } = {},
  ) {
    this.raw = this.rawUnits(512);
    this.out = new Uint16Array(this.raw.buffer, this.raw.byteOffset, 512);
  }

  /** The line as GB18030, as the decoder with `fatal` gives it; undefined where that decoder fails. */
  strict(b: Uint8Array): string | undefined {
    const t = (this.pairs ??= pairTable(this.loose));
    const out = this.room(b.length);
    let n = 0;
    for (let i = 0; i < b.length; ) {
      const c = b[i]!;
      if (c < 0x80) {
        out[n++] = c;
        i++;
        continue;
      }
      const u = pairAt(t, b, i);
      if (u === 0) {
        try {
          return this.fatal.decode(b);
        } catch {
          return undefined;
        }
      }
      out[n++] = u;
      i += 2;
    }
    return this.units(n);
  }

  /**
   * A line that mixes UTF-8 and GBK: well-formed UTF-8 sequences of three or four bytes as UTF-8 (in a
   * line that is not all UTF-8, a two-byte sequence is more likely a GBK character: CA AA is 湿, not
   * U+02AA), runs of GBK/GB18030 byte pairs (and four-byte sequences) as GB18030, ASCII as it is, any
   * other byte as U+FFFD. Undefined when more than a quarter of the bytes are such.
   */
  mixed(b: Uint8Array): string | undefined {
    const t = (this.pairs ??= pairTable(this.loose));
    const out = this.room(b.length);
    let n = 0;
    let i = 0;
    let bad = 0;
    while (i < b.length) {
      const c = b[i]!;
      if (c < 0x80) {
        out[n++] = c;
        i++;
        continue;
      }
      const u = utf8SeqLen(b, i);
      if (u >= 3) {
        let j = i + u;
        for (let m = j < b.length ? utf8SeqLen(b, j) : 0; m >= 3; m = j < b.length ? utf8SeqLen(b, j) : 0) j += m;
        n = this.utf8Run(b, i, j, out, n);
        i = j;
        continue;
      }
      // a run of GBK characters: lead 0x81-0xFE, then 0x40-0xFE (not 0x7F), or a GB18030 four-byte sequence
      let j = i;
      let simple = true;
      while (j < b.length && b[j]! >= 0x81 && b[j]! <= 0xfe && utf8SeqLen(b, j) < 3) {
        const x = b[j + 1];
        if (x !== undefined && x >= 0x30 && x <= 0x39 && j + 3 < b.length && b[j + 2]! >= 0x81 && b[j + 2]! <= 0xfe && b[j + 3]! >= 0x30 && b[j + 3]! <= 0x39) {
          j += 4;
          simple = false;
        } else if (x !== undefined && x >= 0x40 && x <= 0xfe && x !== 0x7f) {
          if (pairAt(t, b, j) === 0) simple = false;
          j += 2;
        } else break;
      }
      if (j === i) {
        bad++;
        out[n++] = 0xfffd;
        i++;
        continue;
      }
      if (simple) for (let k = i; k < j; k += 2) out[n++] = pairAt(t, b, k);
      else {
        const s = this.loose.decode(b.subarray(i, j));
        for (let k = 0; k < s.length; k++) out[n++] = s.charCodeAt(k);
      }
      i = j;
    }
    return bad * 4 > b.length ? undefined : this.units(n);
  }

  /** the well-formed UTF-8 sequences b[i, j) into out at n, as the UTF-8 decoder gives them (a BOM first dropped unless it keeps BOMs) */
  private utf8Run(b: Uint8Array, i: number, j: number, out: Uint16Array, n: number): number {
    let first = true;
    while (i < j) {
      const c = b[i]!;
      let cp: number;
      if (c < 0xf0) {
        cp = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
        i += 3;
      } else {
        cp = ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
        i += 4;
      }
      if (first && cp === 0xfeff && !this.utf8.ignoreBOM) {
        first = false;
        continue;
      }
      first = false;
      if (cp > 0xffff) {
        cp -= 0x10000;
        out[n++] = 0xd800 + (cp >> 10);
        out[n++] = 0xdc00 + (cp & 0x3ff);
      } else out[n++] = cp;
    }
    return n;
  }

  /** the output buffer, with room for a line of `bytes` bytes (it never decodes to more UTF-16 units) */
  private room(bytes: number): Uint16Array {
    if (this.out.length < bytes) {
      const len = Math.max(bytes, this.out.length * 2);
      this.raw = this.rawUnits(len);
      this.out = new Uint16Array(this.raw.buffer, this.raw.byteOffset, len);
    }
    return this.out;
  }

  /**
   * the first n units of the output as a string: with Node.js, Buffer's UTF-16 slice (a fifth of the time
   * of String.fromCharCode.apply on a typed array); elsewhere a UTF-16 decoder (these units are always
   * well-formed UTF-16, and it keeps a leading U+FEFF as the other ways do)
   */
  private units(n: number): string {
    const raw = this.raw as Partial<Ucs2Bytes>;
    if (raw.ucs2Slice !== undefined && LITTLE_ENDIAN) return raw.ucs2Slice.call(this.raw, 0, 2 * n);
    return (utf16 ??= new TextDecoder("utf-16le", { ignoreBOM: true })).decode(this.out.subarray(0, n));
  }

  /** bytes for n UTF-16 units, of their own (not a slice of a shared pool: the units must be aligned) */
  private rawUnits(n: number): Uint8Array {
    return NodeBuffer && this.opts.nodeBuffer !== false ? NodeBuffer.alloc(2 * n) : new Uint8Array(2 * n);
  }
}

/** a Node.js Buffer, with its own UTF-16LE decoder (not in browsers) */
type Ucs2Bytes = Uint8Array & { ucs2Slice(start: number, end: number): string };
const NodeBuffer = (globalThis as { Buffer?: { alloc(n: number): Uint8Array } }).Buffer;
/** (a Uint16Array holds its units in the machine's order; the Buffer's slice reads little-endian) */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
let utf16: TextDecoder | undefined;

/** the table's unit for the pair at b[i] (0: not a pair, or one the table does not hold) */
function pairAt(t: Uint16Array, b: Uint8Array, i: number): number {
  const c = b[i]!, x = b[i + 1];
  if (c < 0x81 || c > 0xfe || x === undefined || x < 0x40 || x > 0xfe || x === 0x7f) return 0;
  return t[(c - 0x81) * 191 + x - 0x40]!;
}

/**
 * The decoder's UTF-16 unit for every GB18030 two-byte pair (a row of 190 pairs per lead byte in one call;
 * a row that does not come out as 190 units, one per pair, is asked pair by pair). A pair the decoder
 * does not map (U+FFFD) stays out of the table.
 */
function pairTable(loose: TextDecoder): Uint16Array {
  const t = new Uint16Array(126 * 191);
  const trails: number[] = [];
  for (let x = 0x40; x <= 0xfe; x++) if (x !== 0x7f) trails.push(x);
  const row = new Uint8Array(trails.length * 2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    trails.forEach((x, k) => ((row[2 * k] = lead), (row[2 * k + 1] = x)));
    const s = loose.decode(row);
    trails.forEach((x, k) => {
      const c = s.length === trails.length ? s.charCodeAt(k) : one(loose.decode(Uint8Array.of(lead, x)));
      if (c !== 0xfffd && c !== 0) t[(lead - 0x81) * 191 + x - 0x40] = c;
    });
  }
  return t;
}

/** the unit of a string of one UTF-16 unit, else 0 */
function one(s: string): number {
  return s.length === 1 ? s.charCodeAt(0) : 0;
}
