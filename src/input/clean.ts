/** Text clean-up of one physical line: colour codes and their printed remnants, NULs, glyphs. */

// Real escape sequences (CSI, OSC, charset selects), then what serial tools and issue trackers leave
// of them: "␛[0;33m", "<0x1b>[0m", "^[[0m", and "[1;33m" whose ESC byte was lost.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>NOMDEHc78]|\x1b/g;
const ANSI_REMNANT = /(?:␛|<0x1[bB]>|\^\[)\[[0-9;]*[A-Za-z]|\[[0-9]{1,2}(?:;[0-9]{1,2}){0,3}m/g;
const GLYPHS = /[␍␊␀]/g;
// C0 controls except TAB; they only show up as noise.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9) || c === 0x7f || c === 0xfffd) return true;
    if (c === 0x5b /* [ */ || c === 0x241b || c === 0x3c /* < */ || c === 0x5e /* ^ */ || c === 0x240d || c === 0x240a)
      return true;
  }
  return false;
}

/** Removes colour codes and noise; returns the cleaned text. Fast path when nothing to do. */
export function cleanLine(s: string): string {
  if (!hasControl(s)) return s;
  let t = s;
  if (t.includes("\x1b")) t = t.replace(ANSI, "");
  if (t.includes("[") ) t = t.replace(ANSI_REMNANT, "");
  t = t.replace(GLYPHS, "").replace(CONTROL, "");
  return t;
}

/** Share of characters that are replacement characters or controls: binary noise detection. */
export function noiseRatio(raw: string): number {
  if (raw.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 9 && c !== 0x1b) || (c >= 0x80 && c < 0xa0)) bad++;
  }
  return bad / raw.length;
}

/**
 * The end of the colour sequence (SGR: ESC "[" digits and ";" "m") at b[i], before `end`, or -1: the one
 * escape sequence the line filter passes over, since the cleaner removes it (any other one flags its line).
 */
export function sgrEnd(b: Uint8Array, i: number, end = b.length): number {
  if (i + 1 >= end || b[i + 1] !== 0x5b) return -1;
  let q = i + 2;
  while (q < end && ((b[q]! >= 0x30 && b[q]! <= 0x39) || b[q] === 0x3b)) q++;
  return q < end && b[q] === 0x6d ? q + 1 : -1;
}
