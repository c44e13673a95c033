/**
 * The device: an emulator of the smartliving SDK 1.6 state machine (flow-messages.md). Provisioning and the
 * router join are simulated steps that print the SDK's lines; from the guider on, everything is real traffic:
 * HTTPS bootstrap, TCP, TLS, MQTT CONNECT/CONNACK, token report, CoAP notifies and the phone's query, the
 * region redirect. Timing follows the SDK: 6 s CONNACK wait (2 s before 1.6), 10 s connect window with
 * 1 s/2 s/4 s… + random back-off, token report 3 tries 3 s apart, notify intervals +100 ms.
 */
import type { IConnackPacket } from "mqtt-packet";
import { isStopped, type Rng, type SimClock } from "./clock.js";
import { DeviceLan } from "./device-lan.js";
import { Guider } from "./device-guider.js";
import { openTransport, type NetContext } from "./device-net.js";
import type { LogWriter } from "./logwriter.js";
import { MqttLink, type Incoming } from "./mqttlink.js";
import type { Route, SimNet } from "./simnet.js";
import { buildClientId, signPassword, username, type FourTuple } from "./sign.js";

export type SdkVersion = "1.6" | "1.5";

export interface DeviceConfig {
  /** the four-tuple as flashed (may differ from the cloud's registry) */
  tuple: FourTuple;
  sdk: SdkVersion;
  tls: boolean;
  /** MBEDTLS_SSL_IN_CONTENT_LEN of the firmware */
  tlsBuffer: number;
  /** guider env: 1 daily, 2 prerelease, 3 online */
  env: 1 | 2 | 3;
  /** a smart-config round before the cloud (else the Wi-Fi credentials are in flash) */
  provision: boolean;
  /** region id the app sends with the provisioning data (device-AP mode); undefined: smart-config, no region */
  appRegionId?: number;
  /** KV store at boot */
  kv: { mqtt_url?: string; regionid?: number };
  /** the stock linkkit example, or a product task that opens a new MQTT connection for every report */
  firmware: "linkkit" | "report-task";
  /** report-task: rounds and idle time between them */
  reportRounds?: number;
  reportIdleMs?: number;
  ssid: string;
  ip: string;
  gw: string;
  mac: string;
  pid: string;
  mid: string;
  /** uptime when the log starts */
  bootUptime: number;
  /** where the LAN broadcast goes (the phone) */
  broadcast: Route;
}

export interface DeviceEnv {
  clock: SimClock;
  rng: Rng;
  net: SimNet;
  ca: string;
  log: LogWriter;
  say: (msg: string) => void;
  /** the harness keeps the device running while this is true (the phone is in the middle of binding) */
  holdOpen: () => boolean;
}

export type DeviceOutcome = "connect-failed" | "token-failed" | "settled" | "dropped" | "report-task-done";

const CONNACK_WAIT: Record<SdkVersion, number> = { "1.6": 6000, "1.5": 2000 };
const FY: Record<SdkVersion, string> = { "1.6": "1.6.0", "1.5": "1.5.0" };
const CONNECT_WINDOW_MS = 10_000;
const TOKEN_TIMEOUT_MS = 120_000;
/** quiet time after which a connected device with nothing left to do is considered settled */
const SETTLE_MS = 4000;

interface Session {
  link: MqttLink;
  host: string;
  gen: number;
}

type PassResult = { kind: "connected"; session: Session } | { kind: "bootstrapped" } | { kind: "failed" };

export class Device {
  private readonly cfg: DeviceConfig;
  private readonly env: DeviceEnv;
  private readonly log: LogWriter;
  private readonly clock: SimClock;
  private readonly guider: Guider;
  private readonly netCtx: NetContext;
  private readonly lan: DeviceLan;
  private readonly sockets = new Set<{ destroy(): unknown }>();
  private session?: Session;
  private gen = 0;
  private packetId = 1;
  private msgId = 1;
  private token: string;
  private tokenType: number;
  private tokenAt = 0;
  private tokenStateV: "idle" | "reporting" | "ok" | "failed" = "idle";
  private tokenCycle = 0;
  private lastReportId = 0;
  private tokenReplied?: () => void;
  private redirect = false;
  private provisioned = false;
  private statisSent = false;

  constructor(cfg: DeviceConfig, env: DeviceEnv) {
    this.cfg = cfg;
    this.env = env;
    this.log = env.log;
    this.clock = env.clock;
    this.token = env.rng.token();
    this.tokenType = 255;
    this.netCtx = { log: env.log, net: env.net, clock: env.clock, ca: env.ca, tls: cfg.tls, tlsBuffer: cfg.tlsBuffer, sockets: this.sockets, say: env.say };
    this.guider = new Guider({ log: env.log, cfg, net: this.netCtx, ca: env.ca, say: env.say });
    const t = cfg.tuple;
    this.lan = new DeviceLan({
      log: env.log,
      clock: env.clock,
      rng: env.rng,
      productKey: t.productKey,
      deviceName: t.deviceName,
      mac: cfg.mac,
      ip: cfg.ip,
      broadcast: cfg.broadcast,
      say: env.say,
      token: () => ({ token: this.token, tokenType: this.tokenType, remainTime: Math.max(0, Math.round(TOKEN_TIMEOUT_MS - (this.clock.now() - this.tokenAt))) }),
      tokenState: () => this.tokenStateV,
      queryAnswered: () => this.updateToken(),
    });
  }

  private get pk(): string {
    return this.cfg.tuple.productKey;
  }
  private get dn(): string {
    return this.cfg.tuple.deviceName;
  }

  /** Runs the firmware until it has nothing more to do (or fails); the harness then powers it off. */
  async run(): Promise<DeviceOutcome> {
    await this.lan.start();
    this.boot();
    await this.wifi();
    if (this.cfg.firmware === "report-task") return this.reportTask();
    for (let reopen = false; ; reopen = true) {
      const r = await this.linkkitSession(reopen);
      if (r !== "redirect") return r;
    }
  }

  /** power off: close every socket */
  close(): Promise<void> {
    this.session?.link.close("power off");
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return this.lan.close();
  }

  // ---- boot and Wi-Fi (simulated steps) ----

  private boot(): void {
    const { log } = this;
    if (log.dialect === "esp") {
      log.esp("I", "boot", "ESP-IDF v3.3.2 2nd stage bootloader");
      log.esp("I", "wifi", `mode : sta (${this.cfg.mac})`);
    } else if (log.dialect === "aos" || log.dialect === "aos-verbose") {
      log.raw("             Welcome to AliOS Things           ");
    }
    log.raw(`[prt] log level set as: [ ${log.opts.level} ]`);
  }

  private async wifi(): Promise<void> {
    const { log, clock, cfg } = this;
    const chan = 6;
    if (cfg.provision) {
      this.env.say("provisioning (smart-config, simulated)");
      log.sdk("crt", "awss", "awss_config_press", 210, "enable awss", true);
      log.app("IOTX_AWSS_ENABLE");
      log.app("IOTX_AWSS_START");
      log.sdk("crt", "awss", "__awss_start", 87, "__awss_start", true);
      log.sdk("inf", "awss", "zconfig_init", 261, "zconfig_init");
      log.esp("I", "awss", "Open monitor mode");
      for (const c of [1, 6, 11, 1, 6]) {
        log.sdk("crt", "awss", "aws_switch_channel", 376, `chan ${c}`, true);
        await clock.sleep(200);
      }
      log.sdk("inf", "awss", "zconfig_callback_channel_locked", 139, `channel lock @ ${chan}`);
      log.app("IOTX_AWSS_LOCK_CHAN");
      await clock.sleep(1200 + this.env.rng.int(0, 400));
      log.sdk("crt", "awss", "awss_recv_callback_smartconfig", 352, `SSID0: [${cfg.ssid}]`, true);
      this.guider.setRegionFromApp(cfg.appRegionId);
      this.tokenType = 1; // the app's token came with the provisioning data
      log.app("IOTX_AWSS_GOT_SSID_PASSWD");
      log.esp("I", "awss", "Close monitor mode");
      log.sdk("crt", "awss", "zconfig_force_destroy", 512, `adjust chan ${chan}`, true);
      await clock.sleep(100);
      log.app("IOTX_AWSS_CONNECT_ROUTER");
      log.esp("I", "awss", `ssid: ${cfg.ssid}, password: ******, channel: ${chan}`);
      for (let i = 0; i < 3; i++) {
        log.esp("I", "awss", "Connecting AP");
        await clock.sleep(500);
      }
    } else {
      log.esp("I", "conn_mgr", `Found ssid ${cfg.ssid}`);
      await clock.sleep(1500 + this.env.rng.int(0, 500));
    }
    log.esp("I", "wifi", `connected with ${cfg.ssid}, aid = 2, channel ${chan}, BW20, bssid = 74:05:a5:3c:e1:90`);
    await clock.sleep(600 + this.env.rng.int(0, 600));
    if (log.dialect === "esp") log.esp("I", "event", `sta ip: ${cfg.ip}, mask: 255.255.255.0, gw: ${cfg.gw}`);
    else if (log.dialect === "linkkit") log.raw(`wifi_service|142 :: Got ip : ${cfg.ip}, gw : ${cfg.gw}, mask : 255.255.255.0`);
    else log.sdk("inf", "netmgr", "netmgr_ip_got_event", 134, `Got ip : ${cfg.ip}, gw : ${cfg.gw}, mask : 255.255.255.0`);
    this.env.say(`joined ${cfg.ssid}, IP ${cfg.ip} (simulated)`);
    if (cfg.provision) {
      this.provisioned = true;
      log.esp("I", "awss", "AP connected");
      log.diag(0x0404, `awss connect ssid:${cfg.ssid} success`);
      log.app("IOTX_AWSS_GOT_IP");
      void this.lan.connectedNotify().catch(() => {});
      await clock.sleep(300);
    }
    log.esp("I", "conn_mgr", "SNTP get time success");
    await clock.sleep(400 + this.env.rng.int(0, 400));
  }

  // ---- the linkkit example: IOT_Linkkit_Open / Connect, then run until there is nothing left to do ----

  private async linkkitSession(reopen: boolean): Promise<DeviceOutcome | "redirect"> {
    const { log } = this;
    log.sdk("inf", "DM", "dm_client_open", 37, "CM Fd: 0");
    log.app("IOTX_CONN_CLOUD");
    this.env.say(reopen ? "IOT_Linkkit_Open again after the redirect" : "IOT_Linkkit_Connect");
    const session = await this.connectWindow();
    if (!session) {
      log.sdk("err", "CM", "_mqtt_connect", 288, "mqtt connect failed");
      log.app("IOTX_CONN_CLOUD_FAIL", true);
      if (reopen) log.sdk("err", "sdk", "user_handle_redirect", 1700, "IOT_Linkkit_Connect Failed, retry after 5s...\n", true);
      else log.raw("linkkit_thread.454: IOT_Linkkit_Connect Failed");
      this.env.say("connect window over: IOT_Linkkit_Connect failed");
      return "connect-failed";
    }
    await this.cloudConnected(session, reopen);
    for (;;) {
      await this.clock.sleep(200);
      if (this.redirect) {
        await this.closeForRedirect(session);
        return "redirect";
      }
      if (session.link.isClosed) {
        log.sdk("err", "MQTT", "iotx_mc_keepalive", 1798, "network is disconnected!");
        return "dropped";
      }
      const busy = this.tokenStateV === "reporting" || this.lan.notifying || this.env.holdOpen();
      if (!busy && this.clock.now() - this.lastLine() >= SETTLE_MS) return this.tokenStateV === "failed" ? "token-failed" : "settled";
    }
  }

  private lastLineAt = 0;
  private lastLineCount = -1;
  /** simulated time of the last line the device printed */
  private lastLine(): number {
    if (this.log.lines !== this.lastLineCount) {
      this.lastLineCount = this.log.lines;
      this.lastLineAt = this.clock.now();
    }
    return this.lastLineAt;
  }

  /** _mqtt_connect: passes until connected or the 10 s window is over */
  private async connectWindow(): Promise<Session | undefined> {
    const start = this.clock.now();
    let interval = 1000;
    for (;;) {
      const r = await this.connectPass();
      if (r.kind === "connected") return r.session;
      await this.clock.sleep(interval + this.env.rng.int(0, 1000));
      interval *= 2;
      if (this.clock.now() - start >= CONNECT_WINDOW_MS) return undefined;
    }
  }

  /** one pass: IOT_SetupConnInfo (guider) then IOT_MQTT_Construct */
  private async connectPass(): Promise<PassResult> {
    const { log } = this;
    log.sdk("inf", "sdk", "iotx_guider_get_kv_env", 176, `guider set env:${this.cfg.env}`);
    const target = this.guider.direct();
    if (target) {
      this.guider.deviceBanner(undefined, this.cfg.tls ? "TLS + Direct" : "TCP + Direct + Plain");
      const clientId = this.clientId(true);
      this.guider.connBanner(target.host, target.port, clientId);
      const s = await this.construct(target.host, target.port, clientId);
      return s ? { kind: "connected", session: s } : { kind: "failed" };
    }
    return (await this.guider.bootstrap()) ? { kind: "bootstrapped" } : { kind: "failed" };
  }

  private clientId(customIlop: boolean): string {
    return buildClientId({
      productKey: this.pk,
      deviceName: this.dn,
      secureMode: this.cfg.tls ? 2 : 3,
      tokenType: this.tokenType,
      token: this.token,
      fy: FY[this.cfg.sdk],
      pid: this.cfg.pid,
      mid: this.cfg.mid,
      customIlop,
    });
  }

  /** IOT_MQTT_Construct: transport, CONNECT, the CONNACK wait, the bootstrap-notify subscription */
  private async construct(host: string, port: number, clientId: string): Promise<Session | undefined> {
    const { log, clock } = this;
    log.sdk("inf", "MQTT", "iotx_mc_init", 2349, "MQTT init success!");
    const t = await openTransport(this.netCtx, host, port);
    const teardown = async (hal: boolean) => {
      if (hal && log.platform === "hal") log.hal("err", "HAL_SSL_Destroy", 541, "handle is NULL");
      await clock.sleep(100);
      log.sdk("inf", "MQTT", "iotx_mc_disconnect", 2871, "mqtt disconnect!");
      await clock.sleep(100);
      log.sdk("inf", "MQTT", "iotx_mc_release", 2964, "mqtt release!");
    };
    if (!t.ok) {
      if (log.platform === "hal" && this.cfg.tls) {
        log.hal("inf", "_network_ssl_disconnect", 523, "ssl_disconnect");
        log.hal("err", "HAL_SSL_Destroy", 541, "handle is NULL");
      }
      log.sdk("err", "MQTT", "iotx_mc_connect", 2714, "TCP or TLS Connection failed");
      log.diag(0x0342, "network connect error", 50437);
      log.sdk("err", "MQTT", "IOT_MQTT_Construct", 3148, "iotx_mc_connect failed");
      await teardown(true);
      return undefined;
    }
    const link = new MqttLink(t.stream, this.packetId);
    const password = signPassword(this.cfg.tuple);
    const connack = link.connect({ clientId, username: username(this.cfg.tuple), password, keepalive: 120 });
    const wait = CONNACK_WAIT[this.cfg.sdk];
    let ack: IConnackPacket | undefined;
    let readError = false;
    try {
      ack = await clock.within(connack, wait);
    } catch (e) {
      if (isStopped(e)) throw e;
      readError = true;
    }
    this.packetId = link.packetId;
    if (!ack) {
      link.close("no connack");
      if (readError) log.sdk("err", "MQTT", "iotx_mc_wait_CONNACK", 1783, "readPacket error,result = -1");
      else log.sdk("err", "MQTT", "iotx_mc_wait_CONNACK", 1791, "wait connack timeout");
      log.sdk("err", "MQTT", "iotx_mc_connect", 2746, "wait connect ACK timeout, or receive a ACK indicating error!");
      log.diag(0x0344, "mqtt ack unknown fail", 50438);
      log.sdk("err", "MQTT", "IOT_MQTT_Construct", 3148, "iotx_mc_connect failed");
      this.env.say(readError ? "MQTT: connection closed while waiting for CONNACK" : `MQTT: no CONNACK within ${wait / 1000} s`);
      await teardown(this.cfg.tls);
      return undefined;
    }
    if (ack.returnCode !== 0) {
      const rc = ack.returnCode ?? 0;
      const iotx = [0, -38, -37, -36, -35, -34][rc] ?? -39;
      const state: Record<number, [number, string]> = {
        1: [0x0301, "mqtt ack version unaccept"],
        2: [0x0302, "mqtt ack ident reject"],
        3: [0x0303, "mqtt ack service na"],
        4: [0x0305, "mqtt ack bad userdata"],
        5: [0x0304, "mqtt ack not authorized"],
      };
      const [sc, sm] = state[rc] ?? [0x0344, "mqtt ack unknown fail"];
      link.close("refused");
      log.sdk("err", "MQTT", "iotx_mc_wait_CONNACK", 1803, `recvConnackProc error,result = ${iotx}`);
      if (log.platform === "hal" && this.cfg.tls) log.hal("inf", "_network_ssl_disconnect", 523, "ssl_disconnect");
      log.sdk("err", "MQTT", "iotx_mc_connect", 2746, "wait connect ACK timeout, or receive a ACK indicating error!");
      log.diag(sc, sm, rc === 3 ? 50437 : 50438);
      log.sdk("err", "MQTT", "IOT_MQTT_Construct", 3148, "iotx_mc_connect failed");
      this.env.say(`MQTT: CONNACK refused, return code ${rc}`);
      await teardown(this.cfg.tls);
      return undefined;
    }
    log.sdk("inf", "MQTT", "iotx_mc_connect", 2769, "mqtt connect success!");
    this.env.say(`MQTT: connected to ${host}`);
    this.guider.connected();
    const session: Session = { link, host, gen: ++this.gen };
    this.session = session;
    link.onPublish = (m) => this.onPublish(session, m);
    const notifyTopic = `/sys/${this.pk}/${this.dn}/thing/bootstrap/notify`;
    log.sdk("inf", "redirect", "iotx_reconnect_region_subscribe", 429, `p_topic:${notifyTopic}`);
    this.subscribe(session, notifyTopic);
    log.sdk("inf", "redirect", "iotx_reconnect_region_subscribe", 443, "sub success");
    return session;
  }

  private subscribe(s: Session, topic: string): number {
    const id = s.link.subscribe(topic);
    this.packetId = s.link.packetId;
    this.log.sdk("inf", "MQTT", "iotx_mc_subscribe", 2035, `mqtt subscribe packet sent,topic = ${topic}!`);
    return id;
  }

  private publish(s: Session, topic: string, payload: object, qos: 0 | 1 = 1): number {
    const id = s.link.publish(topic, JSON.stringify(payload), qos);
    this.packetId = s.link.packetId;
    return id;
  }

  /** after CONNACK: DM subscriptions, the cloud-connected event, token report and bind notify */
  private async cloudConnected(s: Session, reopen: boolean): Promise<void> {
    const { log, clock } = this;
    const base = `/sys/${this.pk}/${this.dn}/`;
    log.sdk("inf", "DM", "_dm_client_event_cloud_connected_handle", 142, "IOTX_CM_EVENT_CLOUD_CONNECTED");
    log.app("IOTX_CONN_CLOUD_SUC");
    this.subscribe(s, `${base}thing/event/+/post_reply`);
    log.sdk("inf", "DM", "dm_client_subscribe", 142, "Subscribe Result: 1");
    this.subscribe(s, "/sys/+/+/thing/service/property/set");
    log.sdk("inf", "DM", "dm_client_subscribe", 142, "Subscribe Result: 2");
    log.sdk("inf", "DM", "iotx_dm_subscribe", 240, "Devid 0 Sub Completed");
    await clock.sleep(200);
    log.sdk("inf", "sdk", "_iotx_linkkit_event_callback", 237, "Receive Message Type: 0");
    for (const t of ["thing/awss/enrollee/match_reply", "thing/awss/enrollee/checkin", "thing/awss/enrollee/found_reply", "thing/cipher/get_reply", "thing/awss/device/switchap"]) {
      this.subscribe(s, base + t);
    }
    void this.reportToken(s).catch(() => {});
    log.raw("user_connected_event_handler.50: Cloud Connected");
    if (this.provisioned && !reopen) void this.lan.bindNotify().catch(() => {});
  }

  // ---- token report (dev_bind/awss_report.c) ----

  private async reportToken(s: Session): Promise<void> {
    const { log, clock } = this;
    const cycle = ++this.tokenCycle;
    this.tokenStateV = "reporting";
    this.tokenAt = this.clock.now();
    const topic = `/sys/${this.pk}/${this.dn}/thing/awss/enrollee/match`;
    const replied = new Promise<void>((resolve) => (this.tokenReplied = resolve));
    for (let k = 0; k < 4; k++) {
      if (s.link.isClosed || cycle !== this.tokenCycle) return;
      if (k === 3) {
        log.sdk("inf", "awss", "awss_report_token_to_cloud", 321, "try 4 times fail");
        log.diag(0x0812, "report token timeout", 50440);
        this.tokenStateV = "failed";
        this.env.say("token report: no reply to 3 reports, gave up");
        return;
      }
      log.diag(0x0803, `report token:${this.token} to cloud`);
      const id = this.msgId++;
      this.lastReportId = id;
      const payload = { id: String(id), version: "1.0", method: "thing.awss.enrollee.match", params: { token: this.token } };
      log.sdk("dbg", "awss", "awss_report_token_to_cloud", 360, `report token:${JSON.stringify(payload)}`, true);
      const res = this.publish(s, topic, payload);
      log.sdk("inf", "awss", "awss_report_token_to_cloud", 366, `report token res:${res}`, true);
      this.env.say(`token report #${k + 1} (packet ${res})`);
      if (!this.statisSent) {
        this.statisSent = true;
        this.publish(s, `/sys/${this.pk}/${this.dn}/thing/log/post`, { id: String(this.msgId++), version: "1.0", params: [{ bind: "statis" }], method: "thing.log.post" }, 0);
        log.sdk("inf", "awss", "awss_bind_report_statis", 72, "bind report statis success");
      }
      const got = await clock.within(replied, 3000);
      if (got !== undefined || (this.tokenStateV as string) === "ok") return;
    }
  }

  private onTokenReply(body: { id?: string | number }): void {
    const id = Number(body.id);
    if (!Number.isFinite(id) || id < this.lastReportId) {
      this.log.diag(0x0809, "reply id invalid");
      return;
    }
    if (this.tokenStateV !== "reporting") return;
    this.log.sdk("inf", "awss", "awss_report_token_reply", 117, "awss_report_token_reply", true);
    this.log.diag(0x0804, "report token success");
    this.tokenStateV = "ok";
    this.env.say("token acknowledged by the cloud");
    this.tokenReplied?.();
  }

  /** after the phone's query: a new random token, reported again 10 ms later */
  private updateToken(): void {
    const s = this.session;
    this.log.sdk("inf", "awss", "awss_update_token", 72, "update token");
    this.token = this.env.rng.token();
    this.tokenType = 0;
    if (!s || s.link.isClosed) return;
    this.tokenStateV = "reporting";
    void this.clock
      .sleep(10)
      .then(() => this.reportToken(s))
      .catch(() => {});
  }

  // ---- messages from the cloud ----

  private onPublish(s: Session, m: Incoming): void {
    const { log } = this;
    let body: { id?: string | number; method?: string; params?: { cmd?: unknown } } = {};
    try {
      body = JSON.parse(m.payload.toString("utf8")) as typeof body;
    } catch {
      return;
    }
    const base = `/sys/${this.pk}/${this.dn}/`;
    if (m.topic === `${base}thing/awss/enrollee/match_reply`) return this.onTokenReply(body);
    if (m.topic === `${base}thing/bootstrap/notify`) {
      log.sdk("inf", "redirect", "reconnect_msg_cb", 314, "reconnect_msg_cb called");
      if (body.method !== "thing.bootstrap.notify") return log.sdk("err", "redirect", "reconnect_msg_cb", 320, `method:${body.method ?? ""} err`);
      if (String(body.params?.cmd) !== "0") return log.sdk("err", "redirect", "reconnect_msg_cb", 330, `cmd:${String(body.params?.cmd)} err`);
      log.esp("E", "wrapper_kv", "nvs erase key regionid failed with 1102");
      log.sdk("dbg", "sys", "iotx_guider_clear_dynamic_url", 361, "reset dyna url and regionid:0");
      log.sdk("dbg", "sdk", "user_redirect_event_handler", 1712, "Cloud Redirect");
      this.guider.clear();
      this.env.say("thing.bootstrap.notify: the cloud moves the device to another region");
      if (s === this.session) this.redirect = true;
      return;
    }
    if (m.topic.endsWith("/post_reply")) {
      log.sdk("inf", "sdk", "_iotx_linkkit_event_callback", 237, "Receive Message Type: 32");
      log.sdk("inf", "sdk", "_iotx_linkkit_event_callback", 239, `Receive Message: ${JSON.stringify({ ...body, devid: 0, payload: {} })}`);
    }
  }

  /** ITE_REDIRECT: on the next yield the example closes the device and opens it again */
  private async closeForRedirect(s: Session): Promise<void> {
    this.redirect = false;
    this.tokenCycle++;
    this.tokenStateV = "idle";
    await this.clock.sleep(200);
    s.link.disconnect();
    this.log.sdk("inf", "MQTT", "iotx_mc_disconnect", 2871, "mqtt disconnect!");
    await this.clock.sleep(100);
    this.log.sdk("inf", "MQTT", "iotx_mc_release", 2964, "mqtt release!");
    this.session = undefined;
    this.token = this.env.rng.token();
    await this.clock.sleep(40);
  }

  // ---- a product firmware that opens a new MQTT connection for every report (reconnect storm) ----

  private async reportTask(): Promise<DeviceOutcome> {
    const { log, clock, cfg } = this;
    const rounds = cfg.reportRounds ?? 7;
    const idle = cfg.reportIdleMs ?? 5000;
    log.raw("report_task|052 :: setup conn info");
    log.sdk("inf", "sdk", "iotx_guider_get_kv_env", 176, `guider set env:${cfg.env}`);
    let target = this.guider.direct();
    if (!target && (await this.guider.bootstrap())) target = this.guider.direct();
    if (!target) return "connect-failed";
    const { host, port } = target;
    this.guider.deviceBanner(undefined, cfg.tls ? "TLS + Direct" : "TCP + Direct + Plain");
    const clientId = this.clientId(true);
    this.guider.connBanner(host, port, clientId);
    let failures = 0;
    for (let round = 1; round <= rounds; round++) {
      log.raw(`report_task|071 :: round ${round}: connect, publish, disconnect`);
      this.env.say(`report task: round ${round}, new MQTT connection`);
      const s = await this.construct(host, port, clientId);
      if (s) {
        failures = 0;
        const res = this.publish(s, `/sys/${this.pk}/${this.dn}/thing/event/property/post`, {
          id: String(this.msgId++),
          version: "1.0",
          params: { LightSwitch: 1 },
          method: "thing.event.property.post",
        });
        log.raw(`report_task|093 :: publish /sys/${this.pk}/${this.dn}/thing/event/property/post, res = ${res}`);
        await clock.sleep(250);
        s.link.disconnect();
        this.session = undefined;
        log.sdk("inf", "MQTT", "iotx_mc_disconnect", 2871, "mqtt disconnect!");
        await clock.sleep(100);
        log.sdk("inf", "MQTT", "iotx_mc_release", 2964, "mqtt release!");
      } else {
        failures++;
        log.raw(`report_task|081 :: MQTT construct failed, retry in ${Math.round(idle / 1000)} s`);
        if (failures >= 2) break;
      }
      await clock.sleep(idle);
    }
    return "report-task-done";
  }
}
