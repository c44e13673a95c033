/**
 * Masks secrets in any text we print or serve: Wi-Fi passwords, DeviceSecret/ProductSecret, MQTT
 * passwords and signatures, bind tokens. With `ids`, also ProductKey, DeviceName, MAC, SSID and IPs.
 * Works line by line (a secret never spans lines); lines without any trigger word skip the regexes.
 */
export interface RedactOptions {
  secrets: boolean;
  ids: boolean;
  /** with `ids`: literal identifiers known from the log (ProductKey, DeviceName, SSID, MAC) to mask wherever they appear */
  values?: string[];
}

const MASK = "***";
type Rule = [RegExp, (m: string, ...g: string[]) => string];

const masked = (v: string) => /^\*+$/.test(v);

/** Keys whose value is a secret, in `key: value`, `key=value`, `"key":"value"` and `\"key\":\"value\"` form. */
const SECRET_KEY = String.raw`(?:device_?secret|product_?secret|\bDS|\bPS|\bPW|passw(?:or)?d|\bpwd|\bpswd|\bpsk|passphrase|secret|\bsign(?:ature)?|\btoken|app_?token|password)`;

const SECRET_RULES: Rule[] = [
  // ESP examples and the AWSS trace print the Wi-Fi join: "ssid: x, password: a b c, channel: 6" (spaces allowed)
  [/(\bpassword: )(.+?)(?=, (?:channel|chan|bssid|ssid|auth\w*|security|encrypt\w*|mode|rssi)\b|$)/g, (_m, k, v) => (masked(v!) ? `${k}${v}` : `${k}${MASK}`)],
  // quoted values: everything up to the closing quote ("password":"a b", \"token\":\"...\")
  [new RegExp(String.raw`(${SECRET_KEY}\\?"\s*:\s*\\?")((?:[^"\\]|\\(?!"))+)`, "gi"), (_m, k, v) => (masked(v!) ? `${k}${v}` : `${k}${MASK}`)],
  // key: value / key=value for secret-bearing keys
  [new RegExp(String.raw`(${SECRET_KEY}\s*(?:\\?"\s*)?[:=]\s*\\?"?)([^\s",}|&'\\\x00-\x1f]+)`, "gi"), (_m, k, v) => (masked(v!) ? `${k}${v}` : `${k}${MASK}`)],
  // bind token set lines: "app token set (1):<token>"
  [/(app token set \(\d+\):)\S+/g, (_m, k) => `${k}${MASK}`],
  // any 32/40/64-hex string (tokens, HMACs, AES keys, secrets)
  [/\b[0-9a-fA-F]{32}\b|\b[0-9a-fA-F]{40}\b|\b[0-9a-fA-F]{64}\b/g, () => MASK],
];
/** Lines without any of these (case-insensitive) cannot hold a secret the rules find. */
const SECRET_TRIGGER = /secret|\b(?:ds|ps|pw)\b|passw|pwd|pswd|psk|passphrase|sign|token|[0-9a-f]{32}/i;

const ID_RULES: Rule[] = [
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, () => "x.x.x.x"],
  [/\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g, () => "xx:xx:xx:xx:xx:xx"],
  [/(\bmac\\?"?\s*[:=]\s*\\?"?)[0-9a-fA-F]{12}\b/gi, (_m, k) => `${k}xxxxxxxxxxxx`],
  [/(\b(?:ssid|SSID)\d?\\?"?\s*[:=]\s*\\?"?'?\[?)([^,'"\\\s\]]+)/g, (_m, k) => `${k}<ssid>`],
  [/(connected with |ready connect ap '|switch to ap: '|Found ssid |ssid, len:\d+, )([^,'\s]+)/g, (_m, k) => `${k}<ssid>`],
  [/\b(a1|b1)[A-Za-z0-9]{9}\b|\bg(?=[A-Za-z0-9]{0,8}[A-Z0-9])[A-Za-z0-9]{9}\b/g, () => "<ProductKey>"],
  [/((?:\bDN|DeviceName|deviceName|device_name)\\?"?\s*[:=]\s*\\?"?)([^\s",&|\\]+)/g, (_m, k) => `${k}<DeviceName>`],
  [/((?:\bPK|ProductKey|productKey|product_key)\\?"?\s*[:=]\s*\\?"?)([^\s",&|\\]+)/g, (_m, k) => `${k}<ProductKey>`],
];

export function redactText(text: string, opts: RedactOptions): string {
  let t = text;
  if (opts.secrets && SECRET_TRIGGER.test(t)) for (const [re, fn] of SECRET_RULES) t = t.replace(re, fn as (m: string) => string);
  if (opts.ids) {
    for (const v of opts.values ?? []) if (v.length >= 3 && t.includes(v)) t = t.split(v).join("<id>");
    for (const [re, fn] of ID_RULES) t = t.replace(re, fn as (m: string) => string);
  }
  return t;
}

/** Redacts a ClientID-like value used as a fact: keeps the structure, masks token/sign values. */
export function redactValue(value: string, opts: RedactOptions): string {
  return redactText(value, opts);
}

const LEARN: RegExp[] = [
  /\b(?:ProductKey|productKey|product_key|PK)\\?"?\s*[:=]\s*\\?"?(?<v>[A-Za-z0-9]{6,20})\b/g,
  /\b(?:DeviceName|deviceName|device_name|DN)\\?"?\s*[:=]\s*\\?"?(?<v>[A-Za-z0-9_.:@-]{4,32})/g,
  /(?:^|[\s,{])\\?"?ssid\\?"?\s*[:=]\s*\\?"?'?(?<v>[^,'"\\\s]{3,32})/g,
  /(?:connected with |ready connect ap '|switch to ap: ')(?<v>[^,'\s]{3,32})/g,
  /\b(?:ClientID|clientId|clientID)\s*[:=]\s*(?<pk>[A-Za-z0-9]{6,20})\.(?<dn>[A-Za-z0-9_.:@-]{4,32})\|/g,
];

/**
 * Identifiers a line reveals (ProductKey, DeviceName, SSID), so that a redacted copy can mask them wherever
 * they appear later (in a ClientID, a topic, a SoftAP name).
 */
export function learnIds(text: string): string[] {
  if (!/key|name|ssid|\bpk\b|\bdn\b|connected with|connect ap|switch to ap|client/i.test(text)) return [];
  const out: string[] = [];
  for (const re of LEARN) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      for (const v of [m.groups?.v, m.groups?.pk, m.groups?.dn]) if (v && !masked(v) && !/^<.*>$/.test(v) && !/^(?:null|none|true|false)$/i.test(v)) out.push(v);
    }
  }
  return out;
}

/**
 * A shareable copy of a log, streaming: bytes in, the same bytes out except the masked values. Line ends
 * (LF, CRLF, CR) and the number of lines stay exactly as they were; UTF-8, GBK and other bytes outside
 * the masked values are copied unchanged; UTF-16 files (with a BOM) stay UTF-16. Memory is bounded: a line
 * longer than `maxSegment` bytes is handled in pieces cut at a space or comma.
 */
export class LineRedactor {
  private pending: Uint8Array[] = [];
  private pendingLen = 0;
  private started = false;
  private utf16?: "utf-16le" | "utf-16be";
  private text?: TextDecoder;
  private pendingText = "";
  private lastWasCR = false;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private readonly enc = new TextEncoder();
  private readonly values = new Set<string>();
  /** lines seen (a last line without line end counts) */
  lines = 0;
  /** lines in which something was masked */
  changed = 0;

  constructor(
    private readonly opts: RedactOptions & { learn?: boolean },
    private readonly write: (b: Uint8Array) => void,
    private readonly maxSegment = 64 * 1024,
  ) {
    for (const v of opts.values ?? []) this.values.add(v);
  }

  /** Identifiers learnt so far (with `learn`): pass them to a second pass over the same file. */
  learnt(): string[] {
    return [...this.values];
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) this.utf16 = "utf-16le";
      else if (chunk[0] === 0xfe && chunk[1] === 0xff) this.utf16 = "utf-16be";
      if (this.utf16) {
        this.write(chunk.subarray(0, 2));
        this.text = new TextDecoder(this.utf16, { ignoreBOM: true });
        chunk = chunk.subarray(2);
      }
    }
    if (this.text) return this.pushText(this.text.decode(chunk, { stream: true }));
    let pos = 0;
    if (this.lastWasCR && chunk[0] === 10) {
      this.write(chunk.subarray(0, 1));
      pos = 1;
    }
    this.lastWasCR = false;
    const n = chunk.length;
    while (pos < n) {
      let end = pos;
      while (end < n && chunk[end] !== 10 && chunk[end] !== 13) end++;
      if (end === n) {
        this.keep(chunk.subarray(pos));
        return;
      }
      let after = end + 1;
      if (chunk[end] === 13) {
        if (after < n) {
          if (chunk[after] === 10) after++;
        } else this.lastWasCR = true;
      }
      this.lines++;
      this.line(this.take(chunk.subarray(pos, end)));
      this.write(chunk.subarray(end, after));
      pos = after;
    }
  }

  end(): void {
    if (this.text) {
      this.pushText(this.text.decode());
      if (this.pendingText.length > 0) {
        this.lines++;
        this.write(this.encodeText(this.redact(this.pendingText)));
        this.pendingText = "";
      }
      return;
    }
    if (this.pendingLen > 0) {
      this.lines++;
      this.line(this.take(new Uint8Array(0)));
    }
  }

  private keep(piece: Uint8Array): void {
    // (a copy: Buffer's slice() is a view, and the caller may reuse its buffer)
    this.pending.push(new Uint8Array(piece));
    this.pendingLen += piece.length;
    if (this.pendingLen <= this.maxSegment) return;
    // a very long line: redact and write it in pieces of at most maxSegment bytes, each cut after a
    // separator near its end (a secret value has none), the rest kept for the next piece
    const all = this.take(new Uint8Array(0));
    let pos = 0;
    while (all.length - pos > this.maxSegment) {
      const limit = pos + this.maxSegment;
      let cut = limit;
      for (let i = limit - 1; i >= Math.max(pos, limit - 4096); i--) {
        const c = all[i]!;
        if (c === 0x20 || c === 0x2c || c === 0x3b || c === 0x09 || c === 0x26 || c === 0x7c) {
          cut = i + 1;
          break;
        }
      }
      this.line(all.subarray(pos, cut));
      pos = cut;
    }
    if (pos < all.length) {
      this.pending.push(all.slice(pos));
      this.pendingLen = all.length - pos;
    }
  }

  private take(last: Uint8Array): Uint8Array {
    if (this.pendingLen === 0) return last;
    const out = new Uint8Array(this.pendingLen + last.length);
    let o = 0;
    for (const p of this.pending) {
      out.set(p, o);
      o += p.length;
    }
    out.set(last, o);
    this.pending = [];
    this.pendingLen = 0;
    return out;
  }

  /** One line (or piece of one) without its line end. */
  private line(bytes: Uint8Array): void {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++)
      if (bytes[i]! >= 0x80) {
        ascii = false;
        break;
      }
    let s: string;
    let utf8 = false;
    if (ascii) s = latin1(bytes);
    else {
      try {
        s = this.utf8.decode(bytes);
        utf8 = true;
      } catch {
        // GBK or binary: one character per byte keeps every byte that is not masked
        s = latin1(bytes);
      }
    }
    const r = this.redact(s);
    if (r === s) this.write(bytes);
    else {
      this.changed++;
      this.write(utf8 ? this.enc.encode(r) : fromLatin1(r));
    }
  }

  private sorted?: string[];

  private redact(s: string): string {
    if (this.opts.learn || this.opts.ids) {
      for (const v of learnIds(s))
        if (this.values.size < 64 && !this.values.has(v)) {
          this.values.add(v);
          this.sorted = undefined;
        }
    }
    if (!this.opts.secrets && !this.opts.ids) return s;
    // longest first, so that a DeviceName containing the ProductKey is masked whole
    this.sorted ??= [...this.values].sort((a, b) => b.length - a.length);
    return redactText(s, { secrets: this.opts.secrets, ids: this.opts.ids, values: this.sorted });
  }

  // ---- UTF-16 files
  private pushText(t: string): void {
    let s = this.pendingText + t;
    this.pendingText = "";
    let pos = 0;
    if (this.lastWasCR && s.charCodeAt(0) === 10) {
      this.write(this.encodeText("\n"));
      pos = 1;
    }
    this.lastWasCR = false;
    const re = /\r\n|\r|\n/g;
    re.lastIndex = pos;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s))) {
      // a CR at the very end may be the first half of a CRLF split between chunks
      if (m[0] === "\r" && m.index === s.length - 1) {
        this.lastWasCR = true;
      }
      this.lines++;
      this.write(this.encodeText(this.redact(s.slice(pos, m.index)) + m[0]));
      pos = re.lastIndex;
    }
    s = s.slice(pos);
    if (s.length > this.maxSegment) {
      this.write(this.encodeText(this.redact(s)));
      s = "";
    }
    this.pendingText = s;
  }

  private encodeText(s: string): Uint8Array {
    const out = new Uint8Array(s.length * 2);
    const le = this.utf16 === "utf-16le";
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[2 * i + (le ? 0 : 1)] = c & 0xff;
      out[2 * i + (le ? 1 : 0)] = c >> 8;
    }
    return out;
  }
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}
