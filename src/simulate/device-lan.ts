/**
 * The device's LAN side (dev_bind/awss_notify.c, awss_info.c): CoAP over UDP on loopback. The "connected" notify
 * after provisioning, the bind notify (device.info.notify, 30 sends with +100 ms intervals until the phone
 * answers) and the answer to the phone's device-info query, which starts a new token cycle.
 */
import dgram from "node:dgram";
import { ACK, CON, CONTENT, NON, POST, closeSocket, decodeCoap, encodeCoap, jsonPayload, type CoapMessage } from "./coap.js";
import type { Rng, SimClock } from "./clock.js";
import type { LogWriter } from "./logwriter.js";
import type { Route } from "./simnet.js";

export interface LanHost {
  log: LogWriter;
  clock: SimClock;
  rng: Rng;
  productKey: string;
  deviceName: string;
  mac: string;
  ip: string;
  /** the LAN's broadcast address (255.255.255.255:5683 on a real LAN; the phone's socket here) */
  broadcast: Route;
  say: (msg: string) => void;
  token(): { token: string; tokenType: number; remainTime: number };
  tokenState(): "idle" | "reporting" | "ok" | "failed";
  /** the phone got the device info: new token and a new report cycle */
  queryAnswered(): void;
}

const NOTIFY_MAX = 30;

export class DeviceLan {
  private sock?: dgram.Socket;
  private mid = 1;
  private notifyId = 1;
  private sucAcked = false;
  private bindAcked = false;
  /** a bind notify round is running */
  notifying = false;
  /** the phone's query was answered at least once */
  answered = false;

  constructor(private readonly h: LanHost) {}

  async start(): Promise<void> {
    const s = dgram.createSocket("udp4");
    this.sock = s;
    s.on("message", (b, rinfo) => this.onMessage(b, rinfo));
    s.on("error", () => {});
    await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", () => resolve()));
  }

  close(): Promise<void> {
    const s = this.sock;
    this.sock = undefined;
    return closeSocket(s);
  }

  private send(m: CoapMessage, to: Route): Promise<boolean> {
    const s = this.sock;
    if (!s) return Promise.resolve(false);
    return new Promise((resolve) => s.send(encodeCoap(m), to.port, to.address, (e) => resolve(!e)));
  }

  private info(): Record<string, unknown> {
    const t = this.h.token();
    return {
      awssVer: { smartconfig: "2.0", zconfig: "2.0", router: "2.0", ap: "2.0", softap: "2.0" },
      productKey: this.h.productKey,
      deviceName: this.h.deviceName,
      mac: this.h.mac.toUpperCase(),
      ip: this.h.ip,
      cipherType: 4,
      token: t.token,
      tokenType: t.tokenType,
      remainTime: t.remainTime,
      type: 0,
    };
  }

  /** CoAP tokens of the notifies sent, to tell which one the phone answers */
  private readonly sent = new Map<string, "suc" | "bind">();

  private notifyMessage(kind: "suc" | "bind", path: string, method: string, params: Record<string, unknown>): CoapMessage {
    const payload = JSON.stringify({ id: String(this.notifyId++), version: "1.0", method, params });
    const token = Buffer.from(this.h.rng.chars(8, "0123456789abcdef"), "hex");
    this.sent.set(token.toString("hex"), kind);
    return { type: NON, code: POST, messageId: this.mid++ & 0xffff, token, path, payload: Buffer.from(payload) };
  }

  /** IOTX_AWSS_SUC_NOTIFY: "connected to the router" broadcast after provisioning */
  async connectedNotify(): Promise<void> {
    const { log, clock } = this.h;
    log.app("IOTX_AWSS_SUC_NOTIFY");
    for (let i = 0; i < NOTIFY_MAX && !this.sucAcked; i++) {
      log.diag(0x041f, "connect ap notify");
      log.sdk("inf", "awss", "awss_notify_dev_info", 232, "topic:/sys/awss/event/connectap/notify", true);
      const ok = await this.send(this.notifyMessage("suc", "/sys/awss/event/connectap/notify", "awss.event.connectap.notify", this.info()), this.h.broadcast);
      log.sdk("inf", "awss", "awss_notify_dev_info", 236, ok ? "coap send notify success" : "coap send notify fail");
      await clock.sleep(100 * (i + 1) + 100);
    }
  }

  /** IOTX_AWSS_BIND_NOTIFY: waits (300 ms polls) for the token report to succeed, then announces the device */
  async bindNotify(): Promise<"acked" | "exhausted" | "no-token"> {
    const { log, clock } = this.h;
    this.notifying = true;
    try {
      while (this.h.tokenState() !== "ok") {
        if (this.h.tokenState() === "failed") return "no-token"; // the SDK keeps polling; nothing more happens
        await clock.sleep(300);
      }
      log.app("IOTX_AWSS_BIND_NOTIFY");
      this.h.say("bind notify (device.info.notify) on the LAN");
      for (let i = 0; i < NOTIFY_MAX; i++) {
        if (this.bindAcked) return "acked";
        log.sdk("inf", "awss", "awss_notify_dev_info", 232, "topic:/sys/device/info/notify", true);
        const ok = await this.send(this.notifyMessage("bind", "/sys/device/info/notify", "device.info.notify", this.info()), this.h.broadcast);
        log.sdk("inf", "awss", "awss_notify_dev_info", 236, ok ? "coap send notify success" : "coap send notify fail");
        await clock.sleep(100 * (i + 1));
      }
      return this.bindAcked ? "acked" : "exhausted";
    } finally {
      this.notifying = false;
    }
  }

  private onMessage(b: Buffer, rinfo: dgram.RemoteInfo): void {
    const m = decodeCoap(b);
    if (!m) return;
    const from: Route = { address: rinfo.address, port: rinfo.port };
    if (m.code === CONTENT) {
      // the phone's answer to one of our notifies
      const j = jsonPayload(m);
      const kind = this.sent.get(m.token.toString("hex"));
      if (j?.code !== 200 || !kind) return;
      if (kind === "suc") this.sucAcked = true;
      else this.bindAcked = true;
      return;
    }
    const pkdn = `/sys/${this.h.productKey}/${this.h.deviceName}/device/info/get`;
    if (m.code === POST && (m.path === "/sys/device/info/get" || m.path === pkdn)) void this.answerQuery(m, from);
  }

  private async answerQuery(m: CoapMessage, from: Route): Promise<void> {
    const { log } = this.h;
    log.diag(0x0806, "recv token query");
    this.h.say(`device-info query from the phone (${m.path})`);
    const req = jsonPayload(m);
    const reply = JSON.stringify({ id: String(req?.id ?? "1"), code: 200, data: this.info() });
    const ok = await this.send({ type: m.type === CON ? ACK : NON, code: CONTENT, messageId: m.messageId, token: m.token, path: "", payload: Buffer.from(reply) }, from);
    if (!ok) {
      log.sdk("err", "awss", "awss_process_get_devinfo", 330, "sending failed.");
      return;
    }
    log.sdk("inf", "awss", "awss_process_get_devinfo", 315, `sending message to app: ${reply}`);
    log.diag(0x0807, "sending message to app");
    this.answered = true;
    this.h.queryAnswered();
  }
}
