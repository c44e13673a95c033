/**
 * One simulation run: start the cloud, the phone and the device on 127.0.0.1, let the device run until it has
 * nothing more to do, shut everything down, and diagnose the device's log with the analyzer.
 */
import { setMaxListeners } from "node:events";
import { diagnose, type Report } from "../index.js";
import type { Lang } from "../diagnostics/finding.js";
import { Rng, SimClock, isStopped } from "./clock.js";
import { Cloud } from "./cloud.js";
import { Device, type DeviceOutcome, type SdkVersion } from "./device.js";
import { causeMatches, scenarioFor, type Fault, type StageStatus } from "./faults.js";
import { LogWriter, type Dialect } from "./logwriter.js";
import { Phone, type PhoneResult } from "./phone.js";
import { SimNet } from "./simnet.js";

export type Actor = "device" | "cloud" | "phone";

export interface SimulateOptions {
  fault: Fault;
  dialect: Dialect;
  sdk?: SdkVersion;
  /** real seconds per simulated second (1 = real time) */
  timeScale?: number;
  seed?: number;
  /** TLS (securemode=2, default) or plain MQTT (securemode=3) */
  tls?: boolean;
  /** the app provisions this region id (host selection by region instead of the bootstrap) */
  regionId?: number;
  /** the device's TLS input buffer (MBEDTLS_SSL_IN_CONTENT_LEN), default 4096 */
  tlsBuffer?: number;
  lang?: Lang;
  /** each device log line as it is printed */
  onLine?: (line: string) => void;
  /** what each actor does, with the device's uptime in ms */
  onProgress?: (actor: Actor, simMs: number, msg: string) => void;
  /** stop everything after this much simulated time (default 300 s) */
  limitMs?: number;
}

export interface SimulateResult {
  fault: Fault;
  expected: string;
  expectedStages: Record<"wifi" | "cloud" | "token" | "bind", StageStatus>;
  match: boolean;
  stagesMatch: boolean;
  log: string;
  report: Report;
  device: DeviceOutcome | "limit";
  phone: PhoneResult;
  /** simulated and real duration of the run */
  simMs: number;
  realMs: number;
}

export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const scale = o.timeScale ?? 1;
  if (!(scale > 0)) throw new Error("time scale must be a positive number");
  const seed = o.seed ?? 1;
  const rng = new Rng(seed);
  const scenario = scenarioFor(o.fault, rng, o.regionId !== undefined ? { regionId: o.regionId } : {});
  const abort = new AbortController();
  setMaxListeners(0, abort.signal);
  const clock = new SimClock(scale, abort.signal);
  const started = performance.now();
  // progress times are the device's uptime, so they line up with the log
  let t0 = clock.now();
  const uptime = () => scenario.device.bootUptime + clock.now() - t0;
  const progress = (actor: Actor) => (msg: string) => o.onProgress?.(actor, Math.max(0, uptime()), msg);
  const lines: string[] = [];
  const net = new SimNet();
  await net.reserveClosedPort();

  let cloud: Cloud | undefined;
  let phone: Phone | undefined;
  let device: Device | undefined;
  let outcome: DeviceOutcome | "limit" = "limit";
  try {
    cloud = await Cloud.start({
      clock,
      rng,
      net,
      devices: scenario.cloudDevices,
      faults: scenario.cloudFaults,
      throttle: scenario.throttle,
      progress: progress("cloud"),
    });
    phone = new Phone({ clock, rng, net, ca: cloud.ca, say: progress("phone") }, scenario.accountRegion);
    await phone.start();
    t0 = clock.now();
    const log = new LogWriter(
      o.dialect,
      uptime,
      (line) => {
        lines.push(line);
        o.onLine?.(line);
      },
      { level: 4, diagnosis: o.dialect !== "esp" },
    );
    const ph = phone;
    device = new Device(
      {
        ...scenario.device,
        sdk: o.sdk ?? "1.6",
        tls: o.tls ?? true,
        tlsBuffer: o.tlsBuffer ?? scenario.device.tlsBuffer ?? 4096,
        broadcast: { address: "127.0.0.1", port: phone.port },
      },
      { clock, rng, net, ca: cloud.ca, log, say: progress("device"), holdOpen: () => ph.busy },
    );
    progress("device")(`power on (${o.fault === "none" ? "no fault" : `fault ${o.fault}: ${scenario.info.how}`})`);
    const limit = clock.sleep(o.limitMs ?? 300_000).then(() => "limit" as const);
    limit.catch(() => {});
    try {
      outcome = await Promise.race([device.run(), limit]);
    } catch (e) {
      if (!isStopped(e)) throw e;
    }
    progress("device")(`power off (${outcome})`);
    // let a phone that is still waiting for a migrated device see the end of it
    if (phone.busy && outcome !== "limit") await clock.within(new Promise<void>(() => {}), 2500).catch(() => {});
  } finally {
    const closing = [device?.close(), phone?.stop()];
    abort.abort();
    clock.dispose();
    await Promise.all([...closing, cloud?.close()]);
  }
  const text = lines.join("\n") + "\n";
  const report = diagnose(text, { lang: o.lang ?? "en", name: `simulate ${o.fault} (${o.dialect})` });
  const expected = scenario.info.expected;
  const stagesMatch = (["wifi", "cloud", "token", "bind"] as const).every((s) => report.stages[s].status === scenario.info.stages[s]);
  return {
    fault: o.fault,
    expected,
    expectedStages: scenario.info.stages,
    match: causeMatches(report.verdict.primaryCause, expected),
    stagesMatch,
    log: text,
    report,
    device: outcome,
    phone: { ...phone!.result },
    simMs: Math.round(clock.now()),
    realMs: Math.round(performance.now() - started),
  };
}
