/**
 * Minimal CoAP (RFC 7252) framing for the LAN messages between device and phone: the SDK's bind notify
 * (/sys/device/info/notify), its "connected" notify and the phone's device-info query are CoAP over UDP
 * (port 5683 on a real LAN). Only what those messages use: Uri-Path, Content-Format, token, payload.
 */
import type * as dgram from "node:dgram";

/** Closes a UDP socket once; resolves even if it was closed already. */
export function closeSocket(s: dgram.Socket | undefined): Promise<void> {
  if (!s) return Promise.resolve();
  return new Promise((resolve) => {
    try {
      s.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

export const CON = 0;
export const NON = 1;
export const ACK = 2;
export const RST = 3;
export const GET = 0x01;
export const POST = 0x02;
/** 2.05 Content */
export const CONTENT = 0x45;
const URI_PATH = 11;
const CONTENT_FORMAT = 12;
export const JSON_FORMAT = 50;

export interface CoapMessage {
  type: number;
  code: number;
  messageId: number;
  token: Buffer;
  /** "/sys/device/info/notify" */
  path: string;
  payload: Buffer;
}

function optionHeader(n: number): { nibble: number; ext: number[] } {
  if (n < 13) return { nibble: n, ext: [] };
  if (n < 269) return { nibble: 13, ext: [n - 13] };
  return { nibble: 14, ext: [((n - 269) >> 8) & 0xff, (n - 269) & 0xff] };
}

export function encodeCoap(m: CoapMessage): Buffer {
  const out: number[] = [0x40 | ((m.type & 3) << 4) | (m.token.length & 0x0f), m.code & 0xff, (m.messageId >> 8) & 0xff, m.messageId & 0xff, ...m.token];
  const opts: { num: number; value: Buffer }[] = [];
  for (const seg of m.path.split("/").filter(Boolean)) opts.push({ num: URI_PATH, value: Buffer.from(seg, "utf8") });
  if (m.payload.length > 0) opts.push({ num: CONTENT_FORMAT, value: Buffer.from([JSON_FORMAT]) });
  let last = 0;
  for (const o of opts) {
    const d = optionHeader(o.num - last);
    const l = optionHeader(o.value.length);
    out.push((d.nibble << 4) | l.nibble, ...d.ext, ...l.ext, ...o.value);
    last = o.num;
  }
  if (m.payload.length > 0) out.push(0xff, ...m.payload);
  return Buffer.from(out);
}

export function decodeCoap(b: Buffer): CoapMessage | undefined {
  if (b.length < 4 || b[0]! >> 6 !== 1) return undefined;
  const type = (b[0]! >> 4) & 3;
  const tkl = b[0]! & 0x0f;
  const code = b[1]!;
  const messageId = b.readUInt16BE(2);
  let i = 4 + tkl;
  if (tkl > 8 || i > b.length) return undefined;
  const token = Buffer.from(b.subarray(4, i));
  const segs: string[] = [];
  let num = 0;
  while (i < b.length && b[i] !== 0xff) {
    const byte = b[i++]!;
    let delta = byte >> 4;
    let len = byte & 0x0f;
    if (delta === 13) delta = 13 + b[i++]!;
    else if (delta === 14) (delta = 269 + b.readUInt16BE(i)), (i += 2);
    if (len === 13) len = 13 + b[i++]!;
    else if (len === 14) (len = 269 + b.readUInt16BE(i)), (i += 2);
    if (delta === 15 || len === 15 || i + len > b.length) return undefined;
    num += delta;
    if (num === URI_PATH) segs.push(b.subarray(i, i + len).toString("utf8"));
    i += len;
  }
  const payload = i < b.length && b[i] === 0xff ? Buffer.from(b.subarray(i + 1)) : Buffer.alloc(0);
  return { type, code, messageId, token, path: "/" + segs.join("/"), payload };
}

export function jsonPayload(m: CoapMessage): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(m.payload.toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
