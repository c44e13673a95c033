/** Decoding SDK, device, iotx and mbedTLS codes, as printed in logs or typed by a user. */
import { knowledge, parseCodeNumber, type CodeEntry, type CodeFamily } from "./index.js";

export interface DecodedCode {
  family: CodeFamily;
  /** canonical spelling for the family: -0x0305, 0xC506, -35, -0x7200 */
  code: string;
  value: number;
  entry?: CodeEntry;
  /** mbedTLS composite codes: high-level and low-level parts */
  parts?: CodeEntry[];
}

export function formatCode(family: CodeFamily, value: number): string {
  const abs = Math.abs(value);
  switch (family) {
    case "state":
      return (value < 0 ? "-" : "") + "0x" + abs.toString(16).padStart(4, "0");
    case "device-err":
      return "0x" + abs.toString(16).toUpperCase().padStart(4, "0");
    case "iotx":
      return String(value);
    case "mbedtls":
      return "-0x" + abs.toString(16).toUpperCase().padStart(4, "0");
  }
}

/** Parses a printed number: -0x0305, 0x0305, -773, 50438, 0xC506, FFFF8900 (two's complement). */
export function parseLooseNumber(raw: string): number | undefined {
  const s = raw.trim().replace(/[,;.!)]+$/, "");
  if (/^-?0x[0-9a-f]+$/i.test(s) || /^[-+]?\d+$/.test(s)) {
    const v = parseCodeNumber(s.replace(/^\+/, ""));
    return Number.isFinite(v) ? v : undefined;
  }
  if (/^[0-9a-f]{8}$/i.test(s) && /^f{4}/i.test(s)) return (parseInt(s, 16) | 0);
  return undefined;
}

function lookup(family: CodeFamily, value: number): CodeEntry[] {
  return knowledge().codes.get(family)?.get(value) ?? [];
}

/** Decodes a value of a known family; undefined when the family does not define it. */
export function decodeInFamily(family: CodeFamily, value: number): DecodedCode | undefined {
  if (family === "mbedtls") {
    const v = value > 0 ? -value : value;
    if (v === 0 || v < -0xffff) return undefined;
    const exact = lookup("mbedtls", v)[0];
    if (exact) return { family, code: formatCode(family, v), value: v, entry: exact };
    const a = -v;
    const high = a & 0xff80;
    const low = a & 0x007f;
    const parts = [high ? lookup("mbedtls", -high)[0] : undefined, low ? lookup("mbedtls", -low)[0] : undefined];
    if (high && low && parts[0] && parts[1]) return { family, code: formatCode(family, v), value: v, parts: parts as CodeEntry[] };
    return undefined;
  }
  if (family === "state" && value > 0) value = -value;
  if (family === "device-err" && value < 0) value = -value;
  const e = lookup(family, value)[0];
  return e ? { family, code: formatCode(family, value), value, entry: e } : undefined;
}

/** Decodes a code taken from a log line where the signature told which family it belongs to. */
export function decodeCode(raw: string, family: CodeFamily): DecodedCode | undefined {
  const v = parseLooseNumber(raw);
  if (v === undefined) return undefined;
  return decodeInFamily(family, v);
}

export function codeName(d: DecodedCode): string {
  if (d.entry) return d.entry.name;
  return (d.parts ?? []).map((p) => p.name).join(" + ");
}

export function codeMeaning(d: DecodedCode, lang: "en" | "zh"): string {
  if (d.entry) return d.entry[lang].meaning;
  return (d.parts ?? []).map((p) => `${p.code} ${p.name}: ${p[lang].meaning}`).join(lang === "zh" ? "；" : "; ");
}
