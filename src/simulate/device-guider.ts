/**
 * The SDK's guider (infra/system/guider.c) on the device: the region from provisioning, kv mqtt_url and the direct
 * connect counter, the HTTPS bootstrap, and the banners it prints before every connect.
 */
import type { DeviceConfig } from "./device.js";
import { httpsRequest, type NetContext } from "./device-net.js";
import type { LogWriter } from "./logwriter.js";
import { GUIDER_HOST } from "./cloud.js";
import { GUIDER_TS } from "./sign.js";

const DOTS = ".................................";
/** IOTX_CLOUD_REGION_* */
const REGION_NAMES = ["cn-shanghai", "ap-southeast-1", "ap-northeast-1", "us-east-1", "eu-central-1", "us-west-1"];
/** consecutive direct connects without success before the guider bootstraps again */
const GUIDER_MAX_DIRECT_CONNECT_COUNT = 6;

export interface GuiderHost {
  log: LogWriter;
  cfg: DeviceConfig;
  net: NetContext;
  ca: string;
  say: (msg: string) => void;
}

export class Guider {
  readonly kv: { mqtt_url?: string; regionid?: number };
  private directCount = 0;

  constructor(private readonly h: GuiderHost) {
    this.kv = { ...h.cfg.kv };
  }

  /** the direct target from kv mqtt_url ("dyna url:%s count:%d"), or undefined when the guider must bootstrap */
  direct(): { host: string; port: number } | undefined {
    if (!this.kv.mqtt_url || this.directCount >= GUIDER_MAX_DIRECT_CONNECT_COUNT) return undefined;
    this.directCount++;
    const url = this.kv.mqtt_url;
    this.h.log.sdk("inf", "sys", "iotx_guider_authenticate", 1282, `dyna url:${url} count:${this.directCount}`);
    const [host, port] = this.splitUrl(url);
    return { host, port };
  }

  /** mqtt connect success! resets the direct-connect counter */
  connected(): void {
    this.directCount = 0;
  }

  /** thing.bootstrap.notify: kv mqtt_url and regionid are deleted, the next open bootstraps */
  clear(): void {
    delete this.kv.mqtt_url;
    delete this.kv.regionid;
  }

  /**
   * iotx_guider_set_dynamic_region: smart-config carries no region, so kv mqtt_url and regionid are cleared and the
   * first connect bootstraps; a region id from the app (device-AP provisioning) is stored, and for regions 0..5 the
   * regional host is written to kv mqtt_url (port from the secure mode: 443 TLS / 1883 TCP).
   */
  setRegionFromApp(id: number | undefined): void {
    const { log } = this.h;
    if (id === undefined) {
      log.sdk("inf", "sys", "iotx_guider_set_dynamic_region", 298, "no region from app so clear region in kv");
      if (this.kv.mqtt_url === undefined) log.esp("E", "wrapper_kv", "nvs erase key mqtt_url failed with 1102");
      if (this.kv.regionid === undefined) log.esp("E", "wrapper_kv", "nvs erase key regionid failed with 1102");
      delete this.kv.mqtt_url;
      delete this.kv.regionid;
      return;
    }
    if (id < 0 || id > 19999) {
      log.sdk("err", "sys", "iotx_guider_set_dynamic_region", 305, `region:${id} err`);
      return;
    }
    log.sdk("inf", "sys", "iotx_guider_set_dynamic_region", 310, `APP region id:${id}`);
    this.kv.regionid = id;
    log.sdk("inf", "sys", "iotx_guider_set_dynamic_region", 318, `set regionid:${id},ret=0`);
    const name = REGION_NAMES[id];
    if (name) {
      this.kv.mqtt_url = `${this.h.cfg.tuple.productKey}.iot-as-mqtt.${name}.aliyuncs.com`;
      log.sdk("inf", "sys", "iotx_guider_set_dynamic_mqtt_url", 202, `set dyna mqtt:${this.kv.mqtt_url},ret=0`);
    } else {
      log.sdk("wrn", "sys", "iotx_guider_set_dynamic_region", 326, `del mqtt_url:${id}`);
      delete this.kv.mqtt_url;
    }
  }

  splitUrl(url: string): [string, number] {
    const u = url.replace(/^[a-z]+:\/\//i, "");
    const i = u.lastIndexOf(":");
    if (i > 0 && /^\d+$/.test(u.slice(i + 1))) return [u.slice(0, i), Number(u.slice(i + 1))];
    return [u, this.h.cfg.tls ? 443 : 1883];
  }

  deviceBanner(url: string | undefined, sm: string): void {
    const { log } = this.h;
    log.raw(DOTS);
    log.raw(`   PK : ${this.h.cfg.tuple.productKey}`);
    log.raw(`   DN : ${this.h.cfg.tuple.deviceName}`);
    log.raw(`   DS : ${this.h.cfg.tuple.deviceSecret.slice(0, 10)}`);
    log.raw(`  PID : ${this.h.cfg.pid}`);
    log.raw(`  MID : ${this.h.cfg.mid}`);
    if (url) log.raw(`  URL : ${url}`);
    log.raw(`   SM : ${sm}`);
    log.raw(`   TS : ${GUIDER_TS}`);
    log.raw(DOTS);
  }

  connBanner(host: string, port: number, clientId: string): void {
    const { log } = this.h;
    const b64 = this.h.ca.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    log.raw(DOTS);
    log.raw(`      Host : ${host}`);
    log.raw(`      Port : ${port}`);
    log.raw(`  ClientID : ${clientId}`);
    log.raw(`        CA : ('... ${b64.slice(64, 80)} ...')`);
    log.raw(DOTS);
  }

  /** the guider's HTTPS bootstrap (or by region id): writes kv mqtt_url; the next pass connects directly */
  async bootstrap(): Promise<boolean> {
    const { log } = this.h;
    this.directCount = 0;
    log.esp("W", "wrapper_kv", "nvs get blob mqtt_url failed with 1102");
    log.sdk("wrn", "sys", "iotx_guider_authenticate", 1297, "no dyna url in kv");
    const guider = this.h.cfg.env === 2 ? GUIDER_HOST.pre : this.h.cfg.env === 1 ? "iot-auth.alibaba.net" : GUIDER_HOST.online;
    let path = "/auth/bootstrap";
    if (this.kv.regionid !== undefined) {
      log.sdk("inf", "sys", "iotx_guider_authenticate", 1305, `region id(${this.kv.regionid})`);
      path = `/auth/bootstrap/regionId/${this.kv.regionid}`;
    } else {
      log.esp("W", "wrapper_kv", "nvs get blob regionid failed with 1102");
      log.sdk("wrn", "sdk", "iotx_guider_get_region_id", 274, "kv get region id fail");
    }
    this.deviceBanner(`https://${guider}${path}`, this.h.cfg.tls ? "TLS + Guider" : "TCP + Guider + Plain");
    log.sdk("inf", "util", "httpclient_common", 866, `host: '${guider}', port: 443`);
    this.h.say(`guider: HTTPS ${path} at ${guider}`);
    const clientId = `${this.h.cfg.tuple.productKey}.${this.h.cfg.tuple.deviceName}|securemode=-1,timestamp=${GUIDER_TS},signmethod=hmacsha1|`;
    const form = `productKey=${this.h.cfg.tuple.productKey}&deviceName=${this.h.cfg.tuple.deviceName}&clientId=${encodeURIComponent(clientId)}&timestamp=${GUIDER_TS}&resources=mqtt`;
    const r = this.kv.regionid !== undefined
      ? await httpsRequest(this.h.net, guider, 443, "GET", `${path}?productKey=${this.h.cfg.tuple.productKey}`)
      : await httpsRequest(this.h.net, guider, 443, "POST", path, form);
    const fail = (why: string) => {
      log.sdk("err", "sys", "iotx_guider_authenticate", 1320, `Request MQTT URL failed:${this.kv.regionid ?? -1}`);
      log.sdk("err", "sys", "iotx_guider_authenticate", 1330, "guider auth fail");
      this.h.say(`guider: bootstrap failed (${why})`);
      if (this.kv.regionid !== undefined) delete this.kv.regionid;
      return false;
    };
    if (!r.ok) {
      log.sdk("err", "util", "httpclient_common", 880, `httpclient connect failed (${r.why})`);
      return fail(r.why);
    }
    log.sdk("inf", "util", "httpclient_common", 906, "close http channel");
    log.sdk("inf", "util", "httpclient_close", 855, "client disconnected");
    let j: { code?: number; data?: { resources?: { mqtt?: { host?: string; port?: number } } } } = {};
    try {
      j = JSON.parse(r.body) as typeof j;
    } catch {
      log.sdk("err", "sys", "guider_get_host_port", 720, "no code in resp");
      return fail("bad reply");
    }
    log.sdk("inf", "sys", "guider_get_host_port", 740, "MQTT URL:");
    for (const line of JSON.stringify(j, null, 4).replace(/": /g, '":').split("\n")) log.raw(`> ${line}`);
    if (j.code !== 200) {
      log.sdk("err", "sys", "guider_get_host_port", 728, `ret_code = ${j.code ?? -1} (!= 200), abort!`);
      return fail(`code ${j.code}`);
    }
    const mqtt = j.data?.resources?.mqtt;
    if (!mqtt?.host || !mqtt.port) {
      log.sdk("err", "sys", "guider_get_host_port", 745, "no resources.mqtt.host in resp");
      return fail("no host");
    }
    const url = `${mqtt.host}:${mqtt.port}`;
    log.esp("E", "wrapper_kv", "Set mqtt_url blob value");
    log.sdk("inf", "sys", "iotx_guider_set_dynamic_mqtt_url", 202, `set dyna mqtt:${url},ret=0`);
    this.kv.mqtt_url = url;
    this.h.say(`guider: MQTT host ${url}`);
    return true;
  }
}
