/**
 * The faults the simulation can inject, each as a change to what the cloud, the device or the phone really do
 * (never a printed line), with the diagnosis the analyzer must reach and the stage statuses it must report.
 */
import type { Rng } from "./clock.js";
import type { CloudDevice, CloudFaults, Region } from "./cloud.js";
import type { DeviceConfig } from "./device.js";
import type { FourTuple } from "./sign.js";

export const FAULTS = [
  "none",
  "wrong-secret",
  "slow-connack",
  "closed-port",
  "throttle",
  "token-no-reply",
  "region-mismatch",
  "region-mismatch-unregistered",
  "prerelease",
  "tls-record",
] as const;
export type Fault = (typeof FAULTS)[number];

export type StageStatus = "ok" | "fail" | "not_reached" | "unknown";
export interface ExpectedStages {
  wifi: StageStatus;
  cloud: StageStatus;
  token: StageStatus;
  bind: StageStatus;
}

const OK: ExpectedStages = { wifi: "ok", cloud: "ok", token: "ok", bind: "ok" };
const CLOUD_FAIL: ExpectedStages = { wifi: "ok", cloud: "fail", token: "not_reached", bind: "not_reached" };

export interface FaultInfo {
  /** diagnosis-taxonomy.md id the analyzer must name */
  expected: string;
  stages: ExpectedStages;
  /** what is done to produce it */
  how: string;
}

export const FAULT_INFO: Record<Fault, FaultInfo> = {
  none: { expected: "ok", stages: OK, how: "healthy flow: connect, token acknowledged, bind notify, phone bound" },
  "wrong-secret": {
    expected: "cloud.auth-rejected",
    stages: CLOUD_FAIL,
    how: "the device is flashed with another DeviceSecret: its HMAC password does not verify, the broker answers CONNACK 4",
  },
  "slow-connack": {
    expected: "cloud.connack-timeout",
    stages: CLOUD_FAIL,
    how: "the broker answers every CONNECT 8 s late, after the device stopped waiting",
  },
  "closed-port": {
    expected: "cloud.tcp-connect-failed",
    stages: CLOUD_FAIL,
    how: "kv mqtt_url points at port 1884, where nothing listens: the TCP connect is refused",
  },
  throttle: {
    expected: "cloud.rate-limited",
    stages: CLOUD_FAIL,
    how: "a product task opens a new MQTT connection every 4 s; from the 6th CONNECT within 60 s the broker stops answering",
  },
  "token-no-reply": {
    expected: "token.report-timeout",
    stages: { wifi: "ok", cloud: "ok", token: "fail", bind: "not_reached" },
    how: "the cloud never answers thing.awss.enrollee.match",
  },
  "region-mismatch": {
    expected: "ok",
    stages: OK,
    how: "the user's account is in ap-southeast-1, the device first lands in cn-shanghai: after the bind the cloud migrates it (thing.bootstrap.notify), it bootstraps again and connects in ap-southeast-1",
  },
  "region-mismatch-unregistered": {
    expected: "bind.region-migration",
    stages: { wifi: "ok", cloud: "ok", token: "ok", bind: "fail" },
    how: "as region-mismatch, but the ap-southeast-1 registry does not hold the device: every CONNECT there is refused",
  },
  prerelease: {
    expected: "ok",
    stages: OK,
    how: "the firmware runs on the prerelease environment (guider env 2, iot-auth-pre): everything works, the analyzer warns",
  },
  "tls-record": {
    expected: "cloud.tls-buffer-too-small",
    stages: CLOUD_FAIL,
    how: "the MQTT endpoint presents a certificate with 150 extra names: its handshake record (~7.5 KB) exceeds the device's 4 KB TLS input buffer",
  },
};

/** A finer id counts as its prefix (diagnosis-taxonomy.md). */
export function causeMatches(actual: string, expected: string): boolean {
  return actual === expected || actual.startsWith(`${expected}.`);
}

export interface Scenario {
  fault: Fault;
  info: FaultInfo;
  tuple: FourTuple;
  cloudDevices: CloudDevice[];
  cloudFaults: CloudFaults;
  throttle: { max: number; windowMs: number };
  accountRegion: Region;
  /** DeviceConfig without the run-time parts (broadcast address) */
  device: Omit<DeviceConfig, "broadcast" | "sdk" | "tls" | "tlsBuffer"> & { tlsBuffer?: number };
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function makeTuple(rng: Rng): FourTuple {
  return {
    productKey: `a1${rng.chars(9, ALNUM)}`,
    productSecret: rng.chars(32, ALNUM),
    deviceName: `simdev${rng.chars(4, "0123456789")}`,
    deviceSecret: rng.chars(32, ALNUM),
  };
}

export interface ScenarioOptions {
  /** the app sends this region id with the provisioning data (host selection by region) */
  regionId?: number;
}

const SERVED: Region[] = ["cn-shanghai", "ap-southeast-1"];

export function scenarioFor(fault: Fault, rng: Rng, o: ScenarioOptions = {}): Scenario {
  const tuple = makeTuple(rng);
  const mac = Array.from({ length: 6 }, (_, i) => (i === 0 ? "24" : rng.chars(2, "0123456789abcdef"))).join(":");
  const host = `${tuple.productKey}.iot-as-mqtt.cn-shanghai.aliyuncs.com`;
  const s: Scenario = {
    fault,
    info: FAULT_INFO[fault],
    tuple,
    cloudDevices: [{ tuple, registeredIn: ["cn-shanghai"], guiderRegion: "cn-shanghai" }],
    cloudFaults: {},
    throttle: { max: 5, windowMs: 60_000 },
    accountRegion: "cn-shanghai",
    device: {
      tuple,
      env: 3,
      provision: true,
      kv: {},
      firmware: "linkkit",
      ssid: "sim-ssid",
      ip: `192.168.1.${rng.int(20, 200)}`,
      gw: "192.168.1.1",
      mac,
      pid: "example.demo.partner-id",
      mid: "example.demo.module-id",
      bootUptime: rng.int(250, 450),
    },
  };
  switch (fault) {
    case "none":
      break;
    case "wrong-secret":
      s.device.tuple = { ...tuple, deviceSecret: makeTuple(rng).deviceSecret };
      break;
    case "slow-connack":
      s.cloudFaults.slowConnackMs = 8000;
      break;
    case "closed-port":
      // Wi-Fi from flash, a hand-set kv mqtt_url with a wrong port
      s.device.provision = false;
      s.device.kv = { mqtt_url: `${host}:1884` };
      break;
    case "throttle":
      s.device.provision = false;
      s.device.kv = { mqtt_url: `${host}:1883` };
      s.device.firmware = "report-task";
      s.device.reportIdleMs = 4000;
      break;
    case "token-no-reply":
      s.cloudFaults.tokenNoReply = true;
      break;
    case "region-mismatch":
      s.cloudDevices[0]!.registeredIn = ["cn-shanghai", "ap-southeast-1"];
      s.accountRegion = "ap-southeast-1";
      break;
    case "region-mismatch-unregistered":
      s.accountRegion = "ap-southeast-1";
      break;
    case "prerelease":
      s.device.env = 2;
      break;
    case "tls-record":
      s.cloudFaults.bigCertificate = true;
      s.device.provision = false;
      s.device.kv = { mqtt_url: `${host}:1883` };
      break;
  }
  if (o.regionId !== undefined && s.device.provision) {
    s.device.appRegionId = o.regionId;
    // the user's account, and so the device's registration, is in the region the app chose
    const r = SERVED[o.regionId];
    if (r && !fault.startsWith("region-mismatch")) {
      s.accountRegion = r;
      for (const d of s.cloudDevices) {
        d.guiderRegion = r;
        if (!d.registeredIn.includes(r)) d.registeredIn.push(r);
      }
    }
  }
  return s;
}
