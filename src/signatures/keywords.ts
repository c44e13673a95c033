/**
 * One automaton (Aho-Corasick over ASCII-case-folded bytes) for every keyword of knowledge/signatures.
 * It answers two questions in one pass with a table lookup per character:
 * - for a message: which keywords occur in it (SignatureMatcher picks its candidate signatures from them);
 * - for raw log bytes: which lines could produce a flow event at all (the analyzer's fast path parses only
 *   those). A line qualifies when a keyword occurs with its signature's case rule, when it holds a byte the
 *   cleaner or the noise check would act on (C0 controls but TAB, DEL, any byte >= 0x80), or a trace of a
 *   colour code the cleaner removes without a control byte ("<0x1b>[", "^[[", a digit followed by "m").
 */
import { knowledge, type CompiledSignature } from "../knowledge/index.js";

export interface KeywordAutomaton {
  /** the keywords, exactly as written in the knowledge */
  words: string[];
  /** whether keyword i is matched case-insensitively (some signature using it is) */
  folded: boolean[];
  /** signatures by keyword id (empty for the colour-code triggers) */
  sigs: CompiledSignature[][];
  /** row width: the number of classes, rounded up to a power of two */
  width: number;
  /** log2(width): a state's index is its row offset >> shift */
  shift: number;
  /** byte -> class, for raw bytes: LF/CR and special bytes have their own classes */
  byteClass: Uint8Array;
  /** char code (< 128) -> class, for messages (controls are ordinary characters there) */
  charClass: Uint8Array;
  /**
   * goto[state + class] -> next state (states are row offsets, state 0 is the root). A value >= ACCEPT
   * means: the next state is value - ACCEPT and keywords end there (see out); LINE_END / SPECIAL are
   * returned for those byte classes from any state.
   */
  goto: Int32Array;
  /** keyword ids that end in a state (by row offset >> shift), longest first */
  out: (number[] | undefined)[];
}

export const ACCEPT = 1 << 28;
export const LINE_END = 2 * ACCEPT;
export const SPECIAL = 2 * ACCEPT + 1;
/** keyword ids from here on are the colour-code traces, not keywords of any signature */
const TRIGGERS = ["<0x1b>[", "^[[", ...Array.from({ length: 10 }, (_, d) => `${d}m`)];

let cached: KeywordAutomaton | undefined;

export function keywordAutomaton(): KeywordAutomaton {
  cached ??= build(knowledge().signatures);
  return cached;
}

function build(signatures: CompiledSignature[]): KeywordAutomaton {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const folded: boolean[] = [];
  const sigs: CompiledSignature[][] = [];
  const add = (w: string, fold: boolean, sig?: CompiledSignature) => {
    let id = ids.get(w);
    if (id === undefined) {
      id = words.length;
      ids.set(w, id);
      words.push(w);
      folded.push(fold);
      sigs.push([]);
    } else if (fold) folded[id] = true;
    if (sig && !sigs[id]!.includes(sig)) sigs[id]!.push(sig);
  };
  for (const s of signatures) for (const w of s.keywords) add(w, s.flags === "i", s);
  add(TRIGGERS[0]!, true);
  for (const t of TRIGGERS.slice(1)) add(t, false);
  for (const w of words) if (/[^\x00-\x7f]/.test(w)) throw new Error(`keyword with a non-ASCII character: ${w}`);

  // classes: one per distinct lower-cased character of any keyword, 0 for the rest
  const charClass = new Uint8Array(128);
  let width = 1;
  for (const w of words)
    for (const ch of w.toLowerCase()) {
      const c = ch.charCodeAt(0);
      if (charClass[c] === 0) charClass[c] = width++;
    }
  for (let c = 0x41; c <= 0x5a; c++) if (charClass[c + 32]) charClass[c] = charClass[c + 32]!;
  const eolClass = width++;
  const specialClass = width++;
  // rows a power of two wide: a state's index is its row offset shifted, not divided
  const shift = Math.ceil(Math.log2(width));
  width = 1 << shift;
  const byteClass = new Uint8Array(256);
  for (let b = 0; b < 256; b++) {
    if (b === 10 || b === 13) byteClass[b] = eolClass;
    else if ((b < 0x20 && b !== 9) || b >= 0x7f) byteClass[b] = specialClass;
    else byteClass[b] = charClass[b]!;
  }

  // trie over folded characters, in one flat table (row = state * width); each state's own transitions
  // are also listed (the failure rows are then copied whole: this runs at start-up, in cold code)
  const maxStates = words.reduce((n, w) => n + w.length, 1);
  const next = new Int32Array(maxStates * width).fill(-1);
  const outs: number[][] = [[]];
  const own: number[][] = [[]];
  let states = 1;
  words.forEach((w, id) => {
    let s = 0;
    for (const ch of w.toLowerCase()) {
      const c = charClass[ch.charCodeAt(0)]!;
      let t = next[s * width + c]!;
      if (t === -1) {
        t = states++;
        outs.push([]);
        own.push([]);
        next[s * width + c] = t;
        own[s]!.push(c, t);
      }
      s = t;
    }
    outs[s]!.push(id);
  });
  // Aho-Corasick: failure links by breadth-first search, turned into a complete transition table: a
  // state's row is its failure state's row (complete already: it is shallower) with its own transitions
  const fail = new Int32Array(states);
  const queue: number[] = [];
  next.fill(0, 0, width);
  for (let k = 0; k < own[0]!.length; k += 2) {
    next[own[0]![k]!] = own[0]![k + 1]!;
    queue.push(own[0]![k + 1]!);
  }
  for (let qi = 0; qi < queue.length; qi++) {
    const s = queue[qi]!;
    const f = fail[s]!;
    if (outs[f]!.length > 0) outs[s]!.push(...outs[f]!);
    next.copyWithin(s * width, f * width, f * width + width);
    const mine = own[s]!;
    for (let k = 0; k < mine.length; k += 2) {
      const c = mine[k]!;
      const t = mine[k + 1]!;
      fail[t] = next[f * width + c]!;
      next[s * width + c] = t;
      queue.push(t);
    }
  }
  // the table the scanners read: a state's row offset, with ACCEPT added when keywords end there
  const enc = new Int32Array(states);
  const out: (number[] | undefined)[] = new Array(states);
  for (let t = 0; t < states; t++) {
    enc[t] = outs[t]!.length > 0 ? ACCEPT + t * width : t * width;
    if (outs[t]!.length > 0) out[t] = outs[t]!.sort((a, b) => words[b]!.length - words[a]!.length);
  }
  const goto = new Int32Array(states * width);
  for (let i = 0; i < goto.length; i++) goto[i] = enc[next[i]!]!;
  for (let s = 0; s < states; s++) {
    goto[s * width + eolClass] = LINE_END;
    goto[s * width + specialClass] = SPECIAL;
  }
  return { words, folded, sigs, width, shift, byteClass, charClass, goto, out };
}

/** True when keyword `id`, found (case-folded) ending just before `end`, is there with its case rule. */
export function verifyBytes(a: KeywordAutomaton, id: number, bytes: Uint8Array, end: number): boolean {
  if (a.folded[id]) return true;
  const w = a.words[id]!;
  const start = end - w.length;
  for (let k = 0; k < w.length; k++) if (bytes[start + k] !== w.charCodeAt(k)) return false;
  return true;
}

/** Ids of the keywords that occur in a message with their case rule (each once), colour-code triggers excluded. */
export function keywordsIn(a: KeywordAutomaton, msg: string): number[] {
  const found: number[] = [];
  const { goto, charClass, shift, out, folded, words } = a;
  let s = 0;
  for (let i = 0; i < msg.length; i++) {
    const c = msg.charCodeAt(i);
    s = goto[s + (c < 128 ? charClass[c]! : 0)]!;
    if (s >= ACCEPT) {
      s -= ACCEPT;
      for (const id of out[s >> shift]!) {
        if (found.includes(id) || a.sigs[id]!.length === 0) continue;
        if (!folded[id] && !msg.startsWith(words[id]!, i + 1 - words[id]!.length)) continue;
        found.push(id);
      }
    }
  }
  return found;
}
