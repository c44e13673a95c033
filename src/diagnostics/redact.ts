/**
 * Masks secrets in any text we print or serve: Wi-Fi passwords, DeviceSecret/ProductSecret, MQTT
 * passwords and signatures, bind tokens. With `ids`, also ProductKey, DeviceName, MAC, SSID and IPs.
 */
export interface RedactOptions {
  secrets: boolean;
  ids: boolean;
  /** with `ids`: literal identifiers known from the log (ProductKey, DeviceName) to mask wherever they appear */
  values?: string[];
}

const MASK = "***";

const SECRET_RULES: [RegExp, (m: string, ...g: string[]) => string][] = [
  // key: value / key=value / "key":"value" for secret-bearing keys
  [
    /((?:device_?secret|product_?secret|DeviceSecret|ProductSecret|\bDS|\bPS|\bPW|passw(?:or)?d|pwd|secret|sign|signature|\btoken|app_?token|password)\s*(?:"\s*)?[:=]\s*"?)([^\s",}|&']{3,})/gi,
    (_m, k, v) => (/^\*+$/.test(v!) ? `${k}${v}` : `${k}${MASK}`),
  ],
  // ClientID fields token=<hex>, and any 32/40/64-hex string (tokens, HMACs, secrets)
  [/\b[0-9a-fA-F]{32}\b|\b[0-9a-fA-F]{40}\b|\b[0-9a-fA-F]{64}\b/g, () => MASK],
  // bind token set lines: "app token set (1):<token>"
  [/(app token set \(\d+\):)\S+/g, (_m, k) => `${k}${MASK}`],
];

const ID_RULES: [RegExp, (m: string, ...g: string[]) => string][] = [
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, () => "x.x.x.x"],
  [/\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g, () => "xx:xx:xx:xx:xx:xx"],
  [/(\b(?:ssid|SSID)\s*[:=]\s*'?)([^,'\s]+)/g, (_m, k) => `${k}<ssid>`],
  [/(connected with |ready connect ap '|switch to ap: ')([^,']+)/g, (_m, k) => `${k}<ssid>`],
  [/\b(a1|b1|g)[A-Za-z0-9]{9}\b/g, () => "<ProductKey>"],
  [/((?:DN|DeviceName|deviceName|device_name)"?\s*[:=]\s*"?)([^\s",&|]+)/g, (_m, k) => `${k}<DeviceName>`],
];

export function redactText(text: string, opts: RedactOptions): string {
  let t = text;
  if (opts.secrets) for (const [re, fn] of SECRET_RULES) t = t.replace(re, fn as (m: string) => string);
  if (opts.ids) {
    for (const v of opts.values ?? []) if (v.length >= 3) t = t.split(v).join("<id>");
    for (const [re, fn] of ID_RULES) t = t.replace(re, fn as (m: string) => string);
  }
  return t;
}

/** Redacts a ClientID-like value used as a fact: keeps the structure, masks token/sign values. */
export function redactValue(value: string, opts: RedactOptions): string {
  return redactText(value, opts);
}
