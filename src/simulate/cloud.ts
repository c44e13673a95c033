/**
 * The cloud, on 127.0.0.1: per region an aedes MQTT broker (TLS on "443", TLS-or-plain on "1883") with its device
 * registry, Link Kit authentication, token acknowledgement, migration notify and reconnect throttle; one HTTPS
 * server for the guider (/auth/bootstrap) and the app API the phone binds through. Certificates are generated at
 * start-up (selfsigned): a CA the device and phone trust, and the servers' certificate signed by it.
 */
import net from "node:net";
import tls from "node:tls";
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from "aedes";
import { generate } from "selfsigned";
import type { Rng, SimClock } from "./clock.js";
import type { SimNet } from "./simnet.js";
import { deviceId, parseClientId, verifyConnect, type FourTuple } from "./sign.js";

export const REGIONS = ["cn-shanghai", "ap-southeast-1"] as const;
export type Region = (typeof REGIONS)[number];
/** IOTX_CLOUD_REGION_* numbers */
export const REGION_IDS: Record<Region, number> = { "cn-shanghai": 0, "ap-southeast-1": 1 };
export const GUIDER_HOST = { online: "iot-auth-global.aliyuncs.com", pre: "iot-auth-pre.cn-shanghai.aliyuncs.com" } as const;
export const API_HOST = "api.link.aliyun.com";

export function mqttHost(pk: string, region: Region): string {
  return `${pk}.iot-as-mqtt.${region}.aliyuncs.com`;
}

export interface CloudDevice {
  tuple: FourTuple;
  /** regions whose registry holds the four-tuple */
  registeredIn: Region[];
  /** the region the guider sends the device to (until a migration changes it) */
  guiderRegion: Region;
}

export interface CloudFaults {
  /** answer every CONNECT this much (simulated ms) late */
  slowConnackMs?: number;
  /** never answer thing.awss.enrollee.match */
  tokenNoReply?: boolean;
  /** present a certificate whose TLS record is larger than small device buffers (hundreds of SANs) */
  bigCertificate?: boolean;
}

export interface CloudOptions {
  clock: SimClock;
  rng: Rng;
  net: SimNet;
  devices: CloudDevice[];
  faults: CloudFaults;
  /** more than `max` CONNECTs of one device within `windowMs`: no CONNACK any more */
  throttle?: { max: number; windowMs: number };
  progress: (msg: string) => void;
}

interface Pem {
  key: string;
  cert: string;
}

const BASE_NAMES = [
  ...REGIONS.map((r) => `*.iot-as-mqtt.${r}.aliyuncs.com`),
  GUIDER_HOST.online,
  GUIDER_HOST.pre,
  API_HOST,
  "localhost",
];

async function makeCertificates(big: boolean): Promise<{ ca: string; server: Pem; mqtt: Pem }> {
  const ca = await generate([{ name: "commonName", value: "linkkit-doctor simulation root CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = async (names: string[]) => {
    const r = await generate([{ name: "commonName", value: names[0]! }], {
      keyType: "ec",
      algorithm: "sha256",
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: "127.0.0.1" }] },
      ],
    });
    return { key: r.private, cert: `${r.cert.trim()}\n${ca.cert.trim()}\n` };
  };
  const server = await leaf(BASE_NAMES);
  // a CDN-style certificate: 150 more names make its Certificate message ~7.5 KB, sent in one TLS record
  const extra = Array.from({ length: 150 }, (_, i) => `edge-${String(i).padStart(3, "0")}.iot-as-mqtt.cn-shanghai.aliyuncs.com`);
  const mqtt = big ? await leaf([...BASE_NAMES, ...extra]) : server;
  return { ca: ca.cert, server, mqtt };
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** One region: broker, registry, throttle. */
class RegionBroker {
  readonly aedes: Aedes;
  private readonly sockets = new Set<net.Socket>();
  private readonly connects = new Map<string, number[]>();
  private tlsServer!: tls.Server;
  private muxServer!: net.Server;
  private directTls!: net.Server;
  /** online clients by device id */
  readonly online = new Map<string, Client>();

  constructor(
    readonly region: Region,
    private readonly cloud: Cloud,
  ) {
    this.aedes = new Aedes({
      authenticate: (client, user, password, done) => this.authenticate(client, user, password, done),
      authorizePublish: (client, packet, cb) => {
        const p = client ? parseClientId(client.id) : undefined;
        if (client && (!p || !packet.topic.startsWith(`/sys/${p.productKey}/${p.deviceName}/`))) return cb(new Error("topic not allowed"));
        cb(null);
      },
      heartbeatInterval: 3_600_000,
    });
    this.aedes.on("clientReady", (c) => {
      const p = parseClientId(c.id);
      if (p) this.online.set(deviceId(p.productKey, p.deviceName), c);
    });
    this.aedes.on("clientDisconnect", (c) => {
      const p = parseClientId(c.id);
      if (p && this.online.get(deviceId(p.productKey, p.deviceName)) === c) this.online.delete(deviceId(p.productKey, p.deviceName));
    });
    this.aedes.on("publish", (packet, client) => {
      if (client) this.cloud.devicePublished(this, client, packet);
    });
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on("close", () => this.sockets.delete(s));
    s.on("error", () => {});
  }

  async start(mqttCert: Pem): Promise<{ tls: number; mux: number }> {
    await this.aedes.listen();
    this.tlsServer = tls.createServer({ ...mqttCert, minVersion: "TLSv1.2" }, (s) => {
      s.on("error", () => {});
      this.aedes.handle(s);
    });
    this.tlsServer.on("tlsClientError", () => {});
    // "443": TLS only
    this.directTls = net.createServer((s) => {
      this.track(s);
      this.tlsServer.emit("connection", s);
    });
    // "1883": like the real endpoint, TLS (securemode=2) or plain MQTT (securemode=3) on one port
    this.muxServer = net.createServer((s) => {
      this.track(s);
      s.once("data", (first: Buffer) => {
        s.pause();
        s.unshift(first);
        if (first[0] === 0x16) this.tlsServer.emit("connection", s);
        else this.aedes.handle(s);
      });
    });
    return { tls: await listen(this.directTls), mux: await listen(this.muxServer) };
  }

  private authenticate(client: Client, user: string | undefined, password: Buffer | undefined, done: (e: AuthenticateError | null, ok: boolean | null) => void): void {
    const c = this.cloud;
    const p = parseClientId(client.id);
    const key = p ? deviceId(p.productKey, p.deviceName) : client.id;
    const now = c.clock.now();
    const th = c.opts.throttle;
    if (th) {
      const list = (this.connects.get(key) ?? []).filter((t) => now - t <= th.windowMs);
      list.push(now);
      this.connects.set(key, list);
      if (list.length > th.max) {
        c.say(`${this.region}: CONNECT #${list.length} of ${key} within ${Math.round(th.windowMs / 1000)} s: throttled, no CONNACK`);
        return; // never answer: the device waits for a CONNACK that does not come
      }
    }
    const r = verifyConnect(client.id, user, password, (pk, dn) => c.lookup(this.region, pk, dn));
    const answer = () => {
      if (r.ok) {
        c.say(`${this.region}: CONNECT ${key} accepted (CONNACK 0)`);
        done(null, true);
      } else {
        c.say(`${this.region}: CONNECT ${key} refused (${r.reason}): CONNACK 4`);
        done(Object.assign(new Error("bad user name or password"), { returnCode: 4 }) as unknown as AuthenticateError, false);
      }
    };
    const slow = c.opts.faults.slowConnackMs;
    if (slow) {
      c.say(`${this.region}: CONNECT ${key}: answering in ${(slow / 1000).toFixed(1)} s`);
      c.later(slow, answer);
    } else answer();
  }

  publishTo(topic: string, payload: object): void {
    const packet = { cmd: "publish", topic, payload: Buffer.from(JSON.stringify(payload)), qos: 0, retain: false, dup: false } as PublishPacket;
    this.aedes.publish(packet, () => {});
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await Promise.all([closeServer(this.directTls), closeServer(this.muxServer), closeServer(this.tlsServer)]);
  }
}

export interface BindResult {
  code: number;
  message?: string;
  data?: { bound: boolean; migrating?: Region };
}

export class Cloud {
  readonly clock: SimClock;
  ca = "";
  private readonly brokers = new Map<Region, RegionBroker>();
  private readonly devices = new Map<string, CloudDevice>();
  private readonly tokens = new Map<string, { token: string; at: number }[]>();
  private readonly bindings = new Map<string, Region>();
  private readonly cancels = new Set<() => void>();
  private api!: https.Server;
  private msgId = 100;

  private constructor(readonly opts: CloudOptions) {
    this.clock = opts.clock;
    for (const d of opts.devices) this.devices.set(deviceId(d.tuple.productKey, d.tuple.deviceName), { ...d, registeredIn: [...d.registeredIn] });
  }

  static async start(opts: CloudOptions): Promise<Cloud> {
    const c = new Cloud(opts);
    try {
      await c.startServers();
    } catch (e) {
      await c.close();
      throw e;
    }
    return c;
  }

  private async startServers(): Promise<void> {
    const certs = await makeCertificates(this.opts.faults.bigCertificate === true);
    this.ca = certs.ca;
    const net = this.opts.net;
    for (const region of REGIONS) {
      const b = new RegionBroker(region, this);
      this.brokers.set(region, b);
      const ports = await b.start(certs.mqtt);
      const host = new RegExp(`^[A-Za-z0-9]+\\.iot-as-mqtt\\.${region.replace(/-/g, "\\-")}\\.aliyuncs\\.com$`, "i");
      net.addService(host, 443, ports.tls, `${region} MQTT (TLS)`);
      net.addService(host, 1883, ports.mux, `${region} MQTT (TLS or TCP)`);
    }
    this.api = https.createServer({ ...certs.server }, (req, res) => void this.http(req, res));
    this.api.on("tlsClientError", () => {});
    const apiPort = await listen(this.api);
    for (const h of [GUIDER_HOST.online, GUIDER_HOST.pre, API_HOST]) net.addService(h, 443, apiPort, "cloud HTTPS (guider, app API)");
  }

  say(msg: string): void {
    this.opts.progress(msg);
  }

  /** a cloud-side delay in simulated time, cancelled at shutdown */
  later(ms: number, fn: () => void): void {
    const cancel = this.clock.after(ms, () => {
      this.cancels.delete(cancel);
      fn();
    });
    this.cancels.add(cancel);
  }

  lookup(region: Region, pk: string, dn: string): FourTuple | undefined {
    const d = this.devices.get(deviceId(pk, dn));
    return d && d.registeredIn.includes(region) ? d.tuple : undefined;
  }

  /** where the device is connected now */
  onlineRegion(id: string): Region | undefined {
    for (const [r, b] of this.brokers) if (b.online.has(id)) return r;
    return undefined;
  }

  devicePublished(b: RegionBroker, client: Client, packet: PublishPacket): void {
    const p = parseClientId(client.id);
    if (!p) return;
    const id = deviceId(p.productKey, p.deviceName);
    const base = `/sys/${p.productKey}/${p.deviceName}/`;
    let body: { id?: string | number; params?: Record<string, unknown> } = {};
    try {
      body = JSON.parse(Buffer.from(packet.payload as Buffer).toString("utf8")) as typeof body;
    } catch {
      return;
    }
    const topic = packet.topic;
    if (topic === `${base}thing/awss/enrollee/match`) {
      const token = String(body.params?.token ?? "");
      if (this.opts.faults.tokenNoReply) {
        this.say(`${b.region}: token report ${token.slice(0, 8)}… from ${id}: not answered`);
        return;
      }
      this.later(this.opts.rng.int(200, 450), () => {
        const list = (this.tokens.get(id) ?? []).filter((t) => this.clock.now() - t.at <= 300_000);
        list.push({ token, at: this.clock.now() });
        this.tokens.set(id, list);
        b.publishTo(`${topic}_reply`, { id: body.id, code: 200, data: {}, method: "thing.awss.enrollee.match" });
        this.say(`${b.region}: token ${token.slice(0, 8)}… of ${id} acknowledged (match_reply)`);
      });
    } else if (topic === `${base}thing/event/property/post`) {
      this.later(this.opts.rng.int(100, 300), () => b.publishTo(`${topic}_reply`, { id: body.id, code: 200, data: {} }));
    }
  }

  /** the phone binds with the token it got from the device */
  bind(pk: string, dn: string, token: string, accountRegion: Region): BindResult {
    const id = deviceId(pk, dn);
    const d = this.devices.get(id);
    if (!d) return { code: 404, message: "device not found" };
    const ok = (this.tokens.get(id) ?? []).some((t) => t.token === token && this.clock.now() - t.at <= 300_000);
    if (!ok) {
      this.say(`bind ${id} with token ${token.slice(0, 8)}…: token unknown or expired`);
      return { code: 400, message: "bind token invalid or expired" };
    }
    this.bindings.set(id, accountRegion);
    const at = this.onlineRegion(id);
    if (at && at !== accountRegion) {
      d.guiderRegion = accountRegion;
      this.say(`bind ${id}: bound to an account in ${accountRegion}; the device is in ${at}: migrating it (thing.bootstrap.notify)`);
      this.later(this.opts.rng.int(2500, 4000), () => {
        this.brokers.get(at)?.publishTo(`/sys/${pk}/${dn}/thing/bootstrap/notify`, {
          id: String(++this.msgId),
          version: "1.0",
          method: "thing.bootstrap.notify",
          params: { cmd: 0 },
        });
      });
      return { code: 200, data: { bound: true, migrating: accountRegion } };
    }
    this.say(`bind ${id}: bound (token ${token.slice(0, 8)}…)`);
    return { code: 200, data: { bound: true } };
  }

  private async http(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "https://cloud");
    const send = (obj: object, delay = 0) => {
      const out = () => {
        if (res.destroyed) return;
        const text = JSON.stringify(obj);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text), connection: "close" });
        res.end(text);
      };
      if (delay > 0) this.later(delay, out);
      else out();
    };
    const region = (r: Region, pk: string) => ({
      code: 200,
      data: { resources: { mqtt: { host: mqttHost(pk, r), port: 1883 } } },
      message: "success",
    });
    if (req.method === "POST" && url.pathname === "/auth/bootstrap") {
      const q = new URLSearchParams(body);
      const pk = q.get("productKey") ?? "";
      const dn = q.get("deviceName") ?? "";
      const d = this.devices.get(deviceId(pk, dn));
      if (!d) return send({ code: 404, message: "device not found" }, 400);
      this.say(`guider: bootstrap of ${deviceId(pk, dn)} → ${mqttHost(pk, d.guiderRegion)}:1883`);
      return send(region(d.guiderRegion, pk), this.opts.rng.int(900, 1800));
    }
    const byId = /^\/auth\/bootstrap\/regionId\/(\d+)$/.exec(url.pathname);
    if (req.method === "GET" && byId) {
      const r = REGIONS.find((x) => REGION_IDS[x] === Number(byId[1]));
      const pk = url.searchParams.get("productKey") ?? "device";
      return send(r ? region(r, pk) : { code: 400, message: "region not supported" }, this.opts.rng.int(900, 1800));
    }
    if (req.method === "POST" && url.pathname === "/app/bind") {
      let j: { productKey?: string; deviceName?: string; token?: string; accountRegion?: Region } = {};
      try {
        j = JSON.parse(body) as typeof j;
      } catch {
        return send({ code: 400, message: "bad request" });
      }
      const r = this.bind(j.productKey ?? "", j.deviceName ?? "", j.token ?? "", j.accountRegion ?? "cn-shanghai");
      return send(r, this.opts.rng.int(150, 400));
    }
    if (req.method === "GET" && url.pathname === "/app/device/status") {
      const id = deviceId(url.searchParams.get("productKey") ?? "", url.searchParams.get("deviceName") ?? "");
      const at = this.onlineRegion(id);
      return send({ code: 200, data: { online: at !== undefined, ...(at ? { region: at } : {}), bound: this.bindings.has(id) } });
    }
    res.writeHead(404, { connection: "close" });
    res.end();
  }

  async close(): Promise<void> {
    for (const c of this.cancels) c();
    this.cancels.clear();
    await Promise.all([...this.brokers.values()].map((b) => b.close()));
    if (this.api) {
      this.api.closeAllConnections();
      await closeServer(this.api);
    }
  }
}
