/** The simulator's parts (signing, CoAP, TLS record gate, log dialects, network, clock) and its CLI. */
import net from "node:net";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { diagnose } from "../src/index.js";
import { SimClock, StoppedError } from "../src/simulate/clock.js";
import { CON, CONTENT, POST, decodeCoap, encodeCoap } from "../src/simulate/coap.js";
import { causeMatches } from "../src/simulate/faults.js";
import { LogWriter, type Dialect } from "../src/simulate/logwriter.js";
import { buildClientId, parseClientId, signPassword, verifyConnect } from "../src/simulate/sign.js";
import { SimNet } from "../src/simulate/simnet.js";
import { RecordGate, RecordTooLargeError } from "../src/simulate/tlsrecord.js";

async function cli(args: string[]) {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe("Link Kit signing", () => {
  const t = { productKey: "a1QdKm5axuO", deviceName: "test_004", deviceSecret: "JmWp9zlCHSxxxxxxxxxxxxxxxxxxxxxx", productSecret: "x" };

  it("password = HMAC-SHA1(DeviceSecret, clientId<pk>.<dn>deviceName<dn>productKey<pk>timestamp2524608000000)", () => {
    // openssl dgst -sha1 -hmac JmWp9zlCHSxxxxxxxxxxxxxxxxxxxxxx
    expect(signPassword(t)).toBe("d1bf4210b650018ec0c506458859b2347d1bb2ce");
  });

  it("the cloud accepts the right credentials and says why it refuses the others", () => {
    const cid = buildClientId({ productKey: t.productKey, deviceName: t.deviceName, secureMode: 2, tokenType: 255, token: "0".repeat(32), fy: "1.6.0", pid: "p", mid: "m", customIlop: true });
    expect(cid).toMatch(/^a1QdKm5axuO\.test_004\|securemode=2,tokenType=255,token=0{32},_v=sdk-c-2\.3\.0_FY_1\.6\.0,timestamp=2524608000000,signmethod=hmacsha1,.*_fy=1\.6\.0,_ss=1\|$/);
    expect(parseClientId(cid)?.params.signmethod).toBe("hmacsha1");
    const lookup = (pk: string, dn: string) => (pk === t.productKey && dn === t.deviceName ? t : undefined);
    const pw = Buffer.from(signPassword(t));
    expect(verifyConnect(cid, "test_004&a1QdKm5axuO", pw, lookup)).toMatchObject({ ok: true });
    expect(verifyConnect(cid, "test_004&a1QdKm5axuO", Buffer.from(signPassword({ ...t, deviceSecret: "other" })), lookup)).toMatchObject({ ok: false, reason: "bad-signature" });
    expect(verifyConnect(cid, "a1QdKm5axuO&test_004", pw, lookup)).toMatchObject({ ok: false, reason: "bad-username" });
    expect(verifyConnect(cid, "test_004&a1QdKm5axuO", pw, () => undefined)).toMatchObject({ ok: false, reason: "unknown-device" });
    expect(verifyConnect("plain-client", "u", pw, lookup)).toMatchObject({ ok: false, reason: "malformed" });
  });
});

describe("CoAP framing", () => {
  it("round-trips a request with long path segments and a JSON payload", () => {
    const m = { type: CON, code: POST, messageId: 0x1234, token: Buffer.from("a1b2c3d4", "hex"), path: "/sys/a1QdKm5axuO/test_004_with_a_long_name/device/info/get", payload: Buffer.from('{"id":"1"}') };
    const d = decodeCoap(encodeCoap(m));
    expect(d).toEqual(m);
    expect(decodeCoap(encodeCoap({ ...m, code: CONTENT, path: "", payload: Buffer.alloc(0) }))).toMatchObject({ code: CONTENT, path: "/", payload: Buffer.alloc(0) });
    expect(decodeCoap(Buffer.from([0xff, 0, 0]))).toBeUndefined();
  });
});

describe("TLS record gate (the device's mbedTLS input buffer)", () => {
  async function serve(records: Buffer) {
    const server = net.createServer((s) => s.end(records));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return { port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
  }
  const record = (len: number) => Buffer.concat([Buffer.from([22, 3, 3, len >> 8, len & 0xff]), Buffer.alloc(len, 7)]);

  it("passes records that fit and stops at the first one larger than the buffer", async () => {
    const s = await serve(Buffer.concat([record(700), record(5000)]));
    const raw = net.connect(s.port, "127.0.0.1");
    const gate = new RecordGate(raw, 4096);
    let passed = 0;
    gate.on("data", (b: Buffer) => (passed += b.length));
    const err = await new Promise<Error>((resolve) => gate.on("error", resolve));
    expect(err).toBeInstanceOf(RecordTooLargeError);
    expect(err).toMatchObject({ recordLength: 5000, limit: 4096 });
    expect(passed).toBeLessThanOrEqual(705);
    await s.close();
  });

  it("forwards everything when the buffer is large enough", async () => {
    const data = Buffer.concat([record(700), record(5000)]);
    const s = await serve(data);
    const gate = new RecordGate(net.connect(s.port, "127.0.0.1"), 16384);
    const chunks: Buffer[] = [];
    gate.on("data", (b: Buffer) => chunks.push(b));
    await new Promise((r) => gate.on("end", r));
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(gate.maxRecord).toBe(5000);
    gate.destroy();
    await s.close();
  });
});

describe("device log dialects", () => {
  const shapes: Record<Dialect, { re: RegExp; parser: string }> = {
    linkkit: { re: /^\[err\]\(1234\) iotx_mc_wait_CONNACK\(1791\): wait connack timeout$/, parser: "linkkit" },
    aos: { re: /^\[001234\]<E> wait connack timeout$/, parser: "aos" },
    "aos-verbose": { re: /^ \[   1\.234\]<E> MQTT \[iotx_mc_wait_CONNACK#1791\] : wait connack timeout$/, parser: "aos-verbose" },
    esp: { re: /^E \(1234\) MQTT: wait connack timeout$/, parser: "esp-idf" },
  };
  for (const [dialect, want] of Object.entries(shapes) as [Dialect, (typeof shapes)[Dialect]][]) {
    it(`${dialect}: the SDK's line shape, recognised by the analyzer`, () => {
      const lines: string[] = [];
      const log = new LogWriter(dialect, () => 1234, (l) => lines.push(l), { level: 4, diagnosis: true });
      log.sdk("err", "MQTT", "iotx_mc_wait_CONNACK", 1791, "wait connack timeout");
      expect(lines[0]).toMatch(want.re);
      const r = diagnose(lines.join("\n") + "\n");
      expect(Object.keys(r.input.dialects)).toContain(want.parser);
    });
  }

  it("linkkit cuts messages at 255 characters like LITE_syslog, and prints log_crit as [crt]", () => {
    const lines: string[] = [];
    const log = new LogWriter("linkkit", () => 5, (l) => lines.push(l), { level: 4, diagnosis: false });
    log.sdk("inf", "awss", "f", 1, "x".repeat(300));
    log.sdk("crt", "awss", "awss_config_press", 1, "enable awss", true);
    log.sdk("dbg", "sdk", "f", 1, "hidden at level 4");
    log.diag(0x0812, "report token timeout", 50440);
    expect(lines).toEqual([`[inf](5) f(1): ${"x".repeat(255)} ...`, "[crt] enable awss", ""]);
  });
});

describe("simulated network and clock", () => {
  it("routes the SDK's host names to loopback services, refuses other ports, and does not resolve unknown names", async () => {
    const n = new SimNet();
    await n.reserveClosedPort();
    n.addService(/^\w+\.iot-as-mqtt\.cn-shanghai\.aliyuncs\.com$/, 1883, 40000, "broker");
    expect(n.route("a1x.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883)).toMatchObject({ address: "127.0.0.1", port: 40000 });
    expect(n.route("a1x.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1884)).toMatchObject({ port: n.closedPort });
    expect(n.closedPort).toBeGreaterThan(0);
    expect(n.route("example.com", 443)).toBeUndefined();
  });

  it("sleeps scaled, times out with undefined, and stops with StoppedError", async () => {
    const ac = new AbortController();
    const c = new SimClock(0.01, ac.signal);
    const t = performance.now();
    await c.sleep(2000);
    expect(performance.now() - t).toBeLessThan(500);
    expect(c.now()).toBeGreaterThanOrEqual(1900);
    expect(await c.within(new Promise(() => {}), 500)).toBeUndefined();
    expect(await c.within(Promise.resolve(3), 500)).toBe(3);
    const pending = c.sleep(100_000);
    ac.abort();
    await expect(pending).rejects.toBeInstanceOf(StoppedError);
    c.dispose();
  });

  it("a finer diagnosis id counts as its prefix", () => {
    expect(causeMatches("cloud.tls-cert-invalid.clock-not-set", "cloud.tls-cert-invalid")).toBe(true);
    expect(causeMatches("cloud.tls-cert", "cloud.tls-cert-invalid")).toBe(false);
    expect(causeMatches("ok", "ok")).toBe(true);
  });
});

describe("linkkit-doctor simulate (CLI)", () => {
  it("--json prints fault, expected and the report, and exits 0 when the diagnosis names the fault", async () => {
    const r = await cli(["simulate", "--fault", "wrong-secret", "--dialect", "aos", "--time-scale", "0.05", "--json", "--no-progress"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ fault: "wrong-secret", expected: "cloud.auth-rejected", match: true, dialect: "aos" });
    expect(j.report.verdict.primaryCause).toBe("cloud.auth-rejected");
    expect(j.report.stages.cloud.status).toBe("fail");
  });

  it("prints the device log, then the report; --log writes the log to a file", async () => {
    const r = await cli(["simulate", "--time-scale", "0.05", "--dialect", "esp", "--no-progress", "--no-color", "--lang", "en"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^I \(\d+\) app main: IOTX_CONN_CLOUD_SUC$/m);
    expect(r.out).toMatch(/simulate: injected none, diagnosed ok \(expected ok\) ✓/);
    const dir = mkdtempSync(join(tmpdir(), "lkd-sim-"));
    const file = join(dir, "device.log");
    const f = await cli(["simulate", "--fault", "closed-port", "--time-scale", "0.05", "--log", file, "--progress", "--no-color", "--lang", "en"]);
    expect(f.code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/failed ! net_connect returned -0x0044/);
    expect(f.out).not.toMatch(/^\[prt\] Connecting to \//m);
    expect(f.out).toMatch(/cloud\.tcp-connect-failed/);
    expect(f.err).toMatch(/^\s+\d+\.\d{3} s device +TCP .*:1884 → 127\.0\.0\.1:\d+ \(nothing\)$/m);
  });

  it("usage errors exit 2", async () => {
    expect((await cli(["simulate", "--time-scale", "0"])).code).toBe(2);
    expect((await cli(["simulate", "--fault", "bogus"])).code).toBe(2);
    expect((await cli(["simulate", "--tls-buffer", "12"])).code).toBe(2);
  });
});
