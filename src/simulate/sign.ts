/**
 * The Link Kit device identity and MQTT signing scheme (public; what the SDK's guider computes):
 *   clientId  <pk>.<dn>|securemode=2,...,timestamp=2524608000000,signmethod=hmacsha1,...|
 *   username  <dn>&<pk>
 *   password  hex(HMAC-SHA1(DeviceSecret, "clientId<pk>.<dn>deviceName<dn>productKey<pk>timestamp2524608000000"))
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface FourTuple {
  productKey: string;
  productSecret: string;
  deviceName: string;
  deviceSecret: string;
}

/** the SDK's fixed signing timestamp (GUIDER_DEFAULT_TS_STR): the device clock does not matter */
export const GUIDER_TS = "2524608000000";

export function deviceId(pk: string, dn: string): string {
  return `${pk}.${dn}`;
}

export function signContent(pk: string, dn: string, ts = GUIDER_TS): string {
  return `clientId${pk}.${dn}deviceName${dn}productKey${pk}timestamp${ts}`;
}

export function signPassword(t: Pick<FourTuple, "productKey" | "deviceName" | "deviceSecret">, ts = GUIDER_TS): string {
  return createHmac("sha1", t.deviceSecret).update(signContent(t.productKey, t.deviceName, ts)).digest("hex");
}

export function username(t: Pick<FourTuple, "productKey" | "deviceName">): string {
  return `${t.deviceName}&${t.productKey}`;
}

export interface ClientIdOptions {
  productKey: string;
  deviceName: string;
  secureMode: number;
  tokenType: number;
  token: string;
  /** "1.6.0", "1.5.0" */
  fy: string;
  pid: string;
  mid: string;
  /** the host came from kv mqtt_url: authtype=custom-ilop */
  customIlop: boolean;
}

/** The 1.6 ClientID (guider.c): `<pk>.<dn>|securemode=%d,tokenType=%d,token=%s,_v=...,timestamp=...,signmethod=hmacsha1,...|` */
export function buildClientId(o: ClientIdOptions): string {
  const parts = [
    `securemode=${o.secureMode}`,
    `tokenType=${o.tokenType}`,
    `token=${o.token}`,
    `_v=sdk-c-2.3.0_FY_${o.fy}`,
    `timestamp=${GUIDER_TS}`,
    "signmethod=hmacsha1",
    "lan=C",
    `pid=${o.pid}`,
    `mid=${o.mid}`,
    ...(o.customIlop ? ["authtype=custom-ilop"] : []),
    `_fy=${o.fy}`,
    "_ss=1",
  ];
  return `${o.productKey}.${o.deviceName}|${parts.join(",")}|`;
}

export interface ParsedClientId {
  productKey: string;
  deviceName: string;
  params: Record<string, string>;
}

export function parseClientId(cid: string): ParsedClientId | undefined {
  const m = /^([A-Za-z0-9]{6,32})\.([^|]{1,64})\|([^|]*)\|$/.exec(cid);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const kv of m[3]!.split(",")) {
    const i = kv.indexOf("=");
    if (i > 0) params[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { productKey: m[1]!, deviceName: m[2]!, params };
}

export type AuthResult =
  | { ok: true; productKey: string; deviceName: string }
  | { ok: false; reason: "malformed" | "unknown-device" | "bad-username" | "bad-signature" | "unsupported-sign"; productKey?: string; deviceName?: string };

/** Checks a CONNECT the way the cloud does: client id shape, user name, the device in this registry, the HMAC. */
export function verifyConnect(
  clientId: string,
  user: string | undefined,
  password: Buffer | undefined,
  lookup: (pk: string, dn: string) => FourTuple | undefined,
): AuthResult {
  const p = parseClientId(clientId);
  if (!p) return { ok: false, reason: "malformed" };
  const ids = { productKey: p.productKey, deviceName: p.deviceName };
  if ((p.params.signmethod ?? "").toLowerCase() !== "hmacsha1") return { ok: false, reason: "unsupported-sign", ...ids };
  if (user !== `${p.deviceName}&${p.productKey}`) return { ok: false, reason: "bad-username", ...ids };
  const t = lookup(p.productKey, p.deviceName);
  if (!t) return { ok: false, reason: "unknown-device", ...ids };
  const ts = p.params.timestamp ?? GUIDER_TS;
  const want = Buffer.from(createHmac("sha1", t.deviceSecret).update(signContent(p.productKey, p.deviceName, ts)).digest("hex"));
  const got = Buffer.from((password ?? Buffer.alloc(0)).toString("utf8").toLowerCase());
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: "bad-signature", ...ids };
  return { ok: true, ...ids };
}
