/**
 * The phone app: listens on the LAN (UDP) for the device's notifies, queries the device's info (CoAP), then binds
 * through the cloud's app API over HTTPS with the token the device gave it; after a migration it waits for the
 * device to come online in the account's region.
 */
import dgram from "node:dgram";
import { ACK, CON, CONTENT, POST, closeSocket, decodeCoap, encodeCoap, jsonPayload, type CoapMessage } from "./coap.js";
import type { Rng, SimClock } from "./clock.js";
import { API_HOST, type Region } from "./cloud.js";
import { httpsCall } from "./device-net.js";
import type { Route, SimNet } from "./simnet.js";

export interface PhoneEnv {
  clock: SimClock;
  rng: Rng;
  net: SimNet;
  ca: string;
  say: (msg: string) => void;
}

export type PhoneStatus = "waiting" | "querying" | "binding" | "migrating" | "bound" | "migrated" | "not-online" | "bind-failed" | "query-failed";

export interface PhoneResult {
  status: PhoneStatus;
  productKey?: string;
  deviceName?: string;
  token?: string;
  region?: Region;
  message?: string;
}

export class Phone {
  private sock?: dgram.Socket;
  private mid = 0x4000;
  private stopped = false;
  private readonly pending = new Map<number, (m: CoapMessage) => void>();
  private device?: Route;
  readonly result: PhoneResult = { status: "waiting" };
  /** the phone's UDP port: the simulated LAN's broadcast address */
  port = 0;

  constructor(
    private readonly env: PhoneEnv,
    private readonly accountRegion: Region,
  ) {}

  /** in the middle of binding: the harness keeps the device powered */
  get busy(): boolean {
    return ["querying", "binding", "migrating"].includes(this.result.status);
  }

  async start(): Promise<void> {
    const s = dgram.createSocket("udp4");
    this.sock = s;
    s.on("message", (b, rinfo) => this.onMessage(b, { address: rinfo.address, port: rinfo.port }));
    s.on("error", () => {});
    await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", () => resolve()));
    this.port = s.address().port;
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.busy) this.result.status = this.result.status === "migrating" ? "not-online" : "query-failed";
    for (const r of this.pending.values()) r({ type: 3, code: 0, messageId: 0, token: Buffer.alloc(0), path: "", payload: Buffer.alloc(0) });
    this.pending.clear();
    const s = this.sock;
    this.sock = undefined;
    return closeSocket(s);
  }

  private send(m: CoapMessage, to: Route): void {
    this.sock?.send(encodeCoap(m), to.port, to.address);
  }

  private reply(m: CoapMessage, to: Route, body: object): void {
    this.send({ type: ACK, code: CONTENT, messageId: m.messageId, token: m.token, path: "", payload: Buffer.from(JSON.stringify(body)) }, to);
  }

  private onMessage(b: Buffer, from: Route): void {
    const m = decodeCoap(b);
    if (!m || this.stopped) return;
    if (m.code !== POST) {
      this.pending.get(m.messageId)?.(m);
      this.pending.delete(m.messageId);
      return;
    }
    const j = jsonPayload(m);
    if (m.path === "/sys/awss/event/connectap/notify") {
      this.env.say("device joined the router (connectap notify): acknowledged");
      this.reply(m, from, { id: j?.id ?? "1", code: 200 });
      return;
    }
    if (m.path !== "/sys/device/info/notify") return;
    const params = (j?.params ?? {}) as { productKey?: string; deviceName?: string; token?: string };
    if (this.result.status === "waiting") {
      this.result.status = "querying";
      this.result.productKey = params.productKey;
      this.result.deviceName = params.deviceName;
      this.device = from;
      this.env.say(`bind notify from ${params.productKey}.${params.deviceName}: querying its info`);
      void this.env.clock
        .sleep(500 + this.env.rng.int(0, 400))
        .then(() => this.queryAndBind())
        .catch(() => {});
    } else if (this.result.token) {
      // the device's info is known: tell it to stop announcing itself
      this.reply(m, from, { id: j?.id ?? "1", code: 200 });
    }
  }

  private async query(): Promise<CoapMessage | undefined> {
    const to = this.device;
    const { productKey, deviceName } = this.result;
    if (!to) return undefined;
    for (let i = 0; i < 3 && !this.stopped; i++) {
      const messageId = this.mid++ & 0xffff;
      const got = new Promise<CoapMessage>((resolve) => this.pending.set(messageId, resolve));
      const payload = JSON.stringify({ id: String(this.env.rng.int(1000, 9999)), version: "1.0", method: "device.info.get", params: {} });
      this.send({ type: CON, code: POST, messageId, token: Buffer.from(this.env.rng.chars(8, "0123456789abcdef"), "hex"), path: `/sys/${productKey}/${deviceName}/device/info/get`, payload: Buffer.from(payload) }, to);
      const r = await this.env.clock.within(got, 2000);
      this.pending.delete(messageId);
      if (r && r.code === CONTENT) return r;
    }
    return undefined;
  }

  private async queryAndBind(): Promise<void> {
    const r = await this.query();
    const data = r ? ((jsonPayload(r)?.data ?? {}) as { token?: string }) : {};
    if (this.stopped) return;
    if (!data.token) {
      this.result.status = "query-failed";
      this.env.say("the device did not answer the info query");
      return;
    }
    this.result.token = data.token;
    this.result.status = "binding";
    this.env.say(`device info received (token ${data.token.slice(0, 8)}…): binding through the cloud`);
    const res = await this.api("POST", "/app/bind", {
      productKey: this.result.productKey,
      deviceName: this.result.deviceName,
      token: data.token,
      accountRegion: this.accountRegion,
    });
    if (this.stopped) return;
    const bind = res as { code?: number; message?: string; data?: { migrating?: Region } } | undefined;
    if (!bind || bind.code !== 200) {
      this.result.status = "bind-failed";
      this.result.message = bind?.message ?? "no answer";
      this.env.say(`bind refused: ${this.result.message}`);
      return;
    }
    if (!bind.data?.migrating) {
      this.result.status = "bound";
      this.env.say("bound: the device is in the user's account");
      return;
    }
    this.result.status = "migrating";
    this.env.say(`bound; the cloud migrates the device to ${bind.data.migrating}: waiting for it to come online there`);
    for (let i = 0; i < 40 && !this.stopped; i++) {
      await this.env.clock.sleep(2000);
      const st = (await this.api("GET", `/app/device/status?productKey=${this.result.productKey}&deviceName=${this.result.deviceName}`)) as
        | { data?: { online?: boolean; region?: Region } }
        | undefined;
      if (this.stopped) return;
      if (st?.data?.online && st.data.region === this.accountRegion) {
        this.result.status = "migrated";
        this.result.region = this.accountRegion;
        this.env.say(`the device is online in ${this.accountRegion}: bound`);
        return;
      }
    }
    if (!this.stopped) this.result.status = "not-online";
  }

  private async api(method: "GET" | "POST", path: string, body?: object): Promise<unknown> {
    const r = await httpsCall(this.env, { host: API_HOST, port: 443, method, path, ...(body ? { body: JSON.stringify(body), contentType: "application/json" } : {}) });
    if (!r.ok) return undefined;
    try {
      return JSON.parse(r.body);
    } catch {
      return undefined;
    }
  }
}
