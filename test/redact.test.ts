/** `linkkit-doctor redact`: a shareable copy, same bytes and line ends except the masked values, streaming. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { LineRedactor, redactText } from "../src/diagnostics/redact.js";
import { chunked, countLines, logBytes } from "./fuzz.js";

const root = join(__dirname, "..");
const bin = join(root, "bin", "linkkit-doctor.js");
const fixture = (n: string) => join(root, "test", "fixtures", "flows", n);

async function redact(args: string[], stdin?: Buffer) {
  const parts: Uint8Array[] = [];
  let err = "";
  const io = {
    out: () => {},
    err: (s: string) => void (err += s),
    outBytes: (b: Uint8Array) => void parts.push(Buffer.from(b)),
    ...(stdin !== undefined ? { stdin: (await import("node:stream")).Readable.from([stdin]) } : {}),
  };
  const code = await main(["redact", ...args], io as never);
  return { code, out: Buffer.concat(parts), err };
}

function viaRedactor(chunks: Uint8Array[], ids = false): Buffer {
  const parts: Uint8Array[] = [];
  const r = new LineRedactor({ secrets: true, ids }, (b) => parts.push(Buffer.from(b)));
  for (const c of chunks) r.push(c);
  r.end();
  return Buffer.concat(parts);
}

const tmp = () => mkdtempSync(join(tmpdir(), "lkd-redact-"));

describe("redact secrets (redactText)", () => {
  const S = { secrets: true, ids: false };
  it.each([
    ["I (60991) awss: ssid: home, password: my pass phrase, channel: 6", "I (60991) awss: ssid: home, password: ***, channel: 6"],
    ["[crt] ssid:fix-ssid, password: ****, bssid: 00:00:00:00:00:00", "[crt] ssid:fix-ssid, password: ****, bssid: 00:00:00:00:00:00"],
    ["        DeviceSecret : 9PnUrD5eOeQTQoay7yjY0kg1kQzdkEyf", "        DeviceSecret : ***"],
    ["       ProductSecret : OFLDVc0zO8xtfuR2rJkDVs7bf5draTbI", "       ProductSecret : ***"],
    ["   DS : xqbAlQCzYR", "   DS : ***"],
    ["  ClientID : a1Fix000011.fixdev11|securemode=2,tokenType=255,token=24D68953FD155B444B416886818E2769,_v=sdk", "  ClientID : a1Fix000011.fixdev11|securemode=2,tokenType=255,token=***,_v=sdk"],
    ['{"ssid":"fix-ssid","passwd":"4984a14c42d6","token":"BACB61B12B8955ADE11885B85BD73840"}', '{"ssid":"fix-ssid","passwd":"***","token":"***"}'],
    ['{\\"token\\":\\"a b c\\",\\"x\\":1}', '{\\"token\\":\\"***\\",\\"x\\":1}'],
    ['{"password":"with spaces, and commas"}', '{"password":"***"}'],
    ["[016013]<I> state_code:-0x0803, str_msg=report token:24D68953FD155B444B416886818E2769 to cloud", "[016013]<I> state_code:-0x0803, str_msg=report token:*** to cloud"],
    ["[inf](7000) awss_set_token(100): bind: app token set (1):9f86d081884c7d659a2feaa0", "[inf](7000) awss_set_token(100): bind: app token set (1):***"],
    ["username=dev0019&a1Fake00019, password=8C3A1B9E0F7D, sign=ab12cd34ef", "username=dev0019&a1Fake00019, password=***, sign=***"],
    ["mqtt connect: clientid=x&signmethod=hmacsha1 pwd=hunter2 psk: sesame", "mqtt connect: clientid=x&signmethod=hmacsha1 pwd=*** psk: ***"],
  ])("%s", (line, want) => {
    expect(redactText(line, S)).toBe(want);
  });
  it("leaves lines without secrets alone (and quickly)", () => {
    for (const l of ["I (3360) event: sta ip: 192.168.3.84, mask: 255.255.255.0", "[inf](6920) iotx_mc_connect(2769): mqtt connect success!", "report token res:14", "signmethod=hmacsha1", "passwd err"]) expect(redactText(l, S)).toBe(l);
  });
});

describe("linkkit-doctor redact", () => {
  it("keeps line ends (LF, CRLF, CR), the last line without end, and every byte that is not masked", async () => {
    const gbk = Buffer.from([0xc9, 0xe8, 0xb1, 0xb8, 0xd2, 0xd1, 0xc1, 0xac, 0xbd, 0xd3]); // 设备已连接
    const input = Buffer.concat([
      Buffer.from("I (1) app: start\r\n        DeviceSecret : 9PnUrD5eOeQTQoay7yjY0kg1kQzdkEyf\r"),
      Buffer.from("[inf](2) user(1): "),
      gbk,
      Buffer.from(" password=hunter22\n\n\x1b[0;32mI (3) app: 设备 token=0123456789ABCDEF0123456789ABCDEF\x1b[0m\n\0\0binary\xff\xfe\r\nno end DS : abcdefghij"),
    ]);
    const r = await redact(["-"], input);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const want = Buffer.concat([
      Buffer.from("I (1) app: start\r\n        DeviceSecret : ***\r"),
      Buffer.from("[inf](2) user(1): "),
      gbk,
      Buffer.from(" password=***\n\n\x1b[0;32mI (3) app: 设备 token=***\x1b[0m\n\0\0binary\xff\xfe\r\nno end DS : ***"),
    ]);
    expect(r.out.toString("hex")).toBe(want.toString("hex"));
    expect(countLines(r.out)).toBe(countLines(input));
  });

  it("gives the same bytes whatever the chunking (line ends split between chunks included)", () => {
    fc.assert(
      fc.property(logBytes(60), fc.array(fc.nat({ max: 3000 }), { maxLength: 10 }), fc.boolean(), (bytes, cuts, ids) => {
        const whole = viaRedactor([bytes], ids);
        expect(viaRedactor(chunked(bytes, cuts), ids).equals(whole)).toBe(true);
        expect(countLines(whole)).toBe(countLines(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps its own copy of a line cut between chunks (the CLI reuses its read buffers)", () => {
    const log = Buffer.from("I (1) wifi: connected to my-ap\n[inf](2) f(3): mqtt connect success!\n", "latin1");
    const whole = viaRedactor([log], false);
    const out: Buffer[] = [];
    const r = new LineRedactor({ secrets: true, ids: false }, (b) => out.push(Buffer.from(b)));
    const buf = Buffer.alloc(log.length);
    log.copy(buf, 0, 0, 40);
    r.push(buf.subarray(0, 40));
    buf.fill(0x41); // the next read goes into the same buffer
    log.copy(buf, 0, 40);
    r.push(buf.subarray(0, log.length - 40));
    r.end();
    expect(Buffer.concat(out).toString("latin1")).toBe(whole.toString("latin1"));
  });

  it("UTF-16 files stay UTF-16 (BOM kept), secrets masked", async () => {
    const text = "I (1) app: hello\r\nDeviceSecret : 9PnUrD5eOeQTQoay7yjY0kg1kQzdkEyf\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const dir = tmp();
    writeFileSync(join(dir, "u16.log"), le);
    const r = await redact([join(dir, "u16.log")]);
    expect(r.out.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(r.out.subarray(2).toString("utf16le")).toBe("I (1) app: hello\r\nDeviceSecret : ***\r\n");
  });

  it("reads .gz (writes the plain copy); a cut .gz is an input error after writing what could be read", async () => {
    const dir = tmp();
    const log = readFileSync(fixture("connack-timeout-16.log"));
    writeFileSync(join(dir, "a.log.gz"), gzipSync(log));
    const r = await redact([join(dir, "a.log.gz")]);
    expect(r.code).toBe(0);
    expect(countLines(r.out)).toBe(countLines(log));
    expect(r.out.toString()).not.toContain("wdoCan7KuQaXn5H5WtOjLez3btardtVX");
    const gz = gzipSync(log);
    writeFileSync(join(dir, "cut.log.gz"), gz.subarray(0, gz.length >> 1));
    const c = await redact([join(dir, "cut.log.gz")]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/^linkkit-doctor: gzip data is damaged or cut .*\n$/);
    expect(c.out.length).toBeGreaterThan(0);
  });

  it("--redact-ids masks the ProductKey, DeviceName, SSID, MAC and IPs, even before the line that names them", async () => {
    const dir = tmp();
    const log = [
      "[inf](1) awss(1): topic /sys/a1Fix000006/fixdev06/thing/event/property/post",
      "I (2) wifi: connected with HomeNet-5G, aid = 1, channel 6, bssid = 74:05:a5:3c:e1:90",
      "I (3) event: sta ip: 192.168.0.108, mask: 255.255.255.0, gw: 192.168.0.1",
      "          DeviceName : fixdev06",
      "          ProductKey : a1Fix000006",
      "  ClientID : a1Fix000006.fixdev06|securemode=2,token=E8D362C654B2021FAB471C21FEE2AC17|",
      "[crt] softap ssid: adh_a1Fix000006_3CE190, HomeNet-5G",
      "",
    ].join("\n");
    writeFileSync(join(dir, "d.log"), log);
    const out = (await redact([join(dir, "d.log"), "--redact-ids"])).out.toString();
    for (const id of ["a1Fix000006", "fixdev06", "HomeNet-5G", "74:05:a5:3c:e1:90", "192.168.0.108", "E8D362C654B2021FAB471C21FEE2AC17"]) expect(out, id).not.toContain(id);
    expect(out.split("\n")).toHaveLength(log.split("\n").length);
  });

  it("-o writes a file, never over its input; a missing input is one line on stderr and exit 2", async () => {
    const dir = tmp();
    const r = await redact([fixture("token-failed.log"), "-o", join(dir, "out.log")]);
    expect(r.code).toBe(0);
    expect(countLines(readFileSync(join(dir, "out.log")))).toBe(countLines(readFileSync(fixture("token-failed.log"))));
    writeFileSync(join(dir, "same.log"), "DS : abcdefghij\n");
    const same = await redact([join(dir, "same.log"), "-o", join(dir, "same.log")]);
    expect(same.code).toBe(2);
    expect(same.err).toMatch(/^linkkit-doctor: the output would overwrite the input: .*same\.log\n$/);
    expect(readFileSync(join(dir, "same.log"), "utf8")).toBe("DS : abcdefghij\n");
    const missing = spawnSync(process.execPath, [bin, "redact", "/nonexistent.log"], { encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("linkkit-doctor: no such file or directory: /nonexistent.log\n");
  });

  it("streams: a 64 MB log and a 10 MB single line with a 32 MB heap, output as long as the input", async () => {
    const dir = tmp();
    const f = join(dir, "big.log");
    const one = readFileSync(join(root, "samples", "device.log"));
    const ws = createWriteStream(f);
    for (let n = 0; n < (64 << 20); n += one.length) if (!ws.write(one)) await once(ws, "drain");
    ws.write(Buffer.alloc(10 << 20, "x password=abc "));
    ws.end("\n");
    await once(ws, "finish");
    const out = join(dir, "out.log");
    const r = spawnSync("/bin/sh", ["-c", `"${process.execPath}" --max-old-space-size=32 "${bin}" redact "${f}" > "${out}"`], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // each secret line got shorter, nothing else changed
    expect(statSync(out).size).toBeLessThan(statSync(f).size);
    expect(statSync(out).size).toBeGreaterThan(statSync(f).size - (12 << 20));
    const head = readFileSync(out).subarray(0, one.length * 2);
    expect(countLines(head)).toBeGreaterThan(300);
    expect(head.toString()).not.toContain("9PnUrD5eOeQTQoay7yjY0kg1kQzdkEyf");
  }, 120_000);
});
