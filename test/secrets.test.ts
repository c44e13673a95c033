/** No secret from the logs reaches any output by default (terminal, JSON, Markdown). */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose, renderJson, renderMarkdown, renderTerminal } from "../src/index.js";
import { main } from "../src/cli/main.js";
import { labelledLogs } from "./labelled.js";
import { countLines } from "./fuzz.js";

/** Secret values as the SDK, the ESP examples and the AWSS trace print them. */
export function secretsIn(text: string): string[] {
  const out = new Set<string>();
  const patterns = [
    /(?:DeviceSecret|ProductSecret|device_?secret|product_?secret|\bDS|\bPS|\bPW)"?\s*[:=]\s*"?([^\s",]{6,})/gi,
    /\bpassword: (.{4,}?), channel: ?\d/g,
    /passw(?:or)?d"?\s*[:=]\s*"?([^\s",*]{4,})/gi,
    /token=([0-9A-Fa-f]{32})/g,
    /"token"\s*:\s*"([^"]{8,})"/g,
    /report token:([0-9A-Fa-f]{32})/g,
    /app token set \(\d+\):(\S{8,})/g,
    /\bsign(?:ature)?"?\s*[:=]\s*"?([0-9A-Za-z+/=]{8,})/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (!/^\*+$/.test(m[1]!)) out.add(m[1]!);
  return [...out];
}

/** Every log we have: the labelled ones and the nasty fixtures. */
function allLogs(): { dir: string; log: string }[] {
  const nastyDir = join(__dirname, "fixtures", "nasty");
  return [...labelledLogs(), ...readdirSync(nastyDir).filter((n) => n.endsWith(".log")).map((log) => ({ dir: nastyDir, log }))];
}

/** The redact command through main(), its bytes collected. */
async function redactCli(args: string[]): Promise<{ code: number; out: Buffer; err: string }> {
  const parts: Uint8Array[] = [];
  let err = "";
  const code = await main(["redact", ...args], { out: () => {}, err: (s: string) => void (err += s), outBytes: (b: Uint8Array) => void parts.push(Buffer.from(b)) } as never);
  return { code, out: Buffer.concat(parts), err };
}

describe("secrets", () => {
  const logs = labelledLogs();
  const withSecrets = logs.map((c) => ({ ...c, text: readFileSync(join(c.dir, c.log), "latin1") })).filter((c) => secretsIn(c.text).length > 0);
  it("the fixtures do contain secrets (so this test can fail)", () => {
    expect(withSecrets.length).toBeGreaterThan(5);
  });
  for (const c of withSecrets) {
    it(`none leaks from ${c.log}`, () => {
      const r = diagnose(readFileSync(join(c.dir, c.log)), { name: c.log });
      const out = renderJson(r) + renderMarkdown(r) + renderTerminal(r, { verbose: true });
      for (const s of secretsIn(c.text)) expect(out.includes(s), s).toBe(false);
      const shown = diagnose(readFileSync(join(c.dir, c.log)), { showSecrets: true });
      expect(renderJson(shown).length).toBeGreaterThan(0);
    });
  }
  const every = allLogs().map((c) => ({ ...c, bytes: readFileSync(join(c.dir, c.log)) }));
  it("the redact command leaves no secret of any log we have, and keeps every line", async () => {
    let checked = 0;
    for (const c of every) {
      const r = await redactCli([join(c.dir, c.log)]);
      expect(r.code, c.log).toBe(0);
      const text = c.bytes.toString("latin1");
      const out = r.out.toString("latin1");
      for (const s of secretsIn(text)) {
        expect(out.includes(s), `${c.log}: ${s}`).toBe(false);
        checked++;
      }
      expect(countLines(r.out), c.log).toBe(countLines(c.bytes));
      // the copy still reads as the same log
      expect(diagnose(r.out).verdict.primaryCause, c.log).toBe(diagnose(c.bytes).verdict.primaryCause);
    }
    expect(checked).toBeGreaterThan(50);
  });
  it("redact --redact-ids also hides the ProductKey, DeviceName, SSID, MAC and IPs of every log", async () => {
    for (const c of every) {
      const text = c.bytes.toString("latin1");
      const ids = new Set<string>();
      for (const m of text.matchAll(/(?:ProductKey|DeviceName)\s*:\s*(\S{4,})/g)) ids.add(m[1]!);
      for (const m of text.matchAll(/ClientID : ([A-Za-z0-9]+)\.([A-Za-z0-9_-]+)\|/g)) ids.add(m[1]!).add(m[2]!);
      for (const m of text.matchAll(/\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}\b/g)) ids.add(m[0]);
      const out = (await redactCli([join(c.dir, c.log), "--redact-ids"])).out.toString("latin1");
      for (const id of ids) expect(out.includes(id), `${c.log}: ${id}`).toBe(false);
    }
  });

  it("--show-secrets shows them, --redact-ids also hides identifiers", () => {
    const log = "  ClientID : a1Test00001.dev01|securemode=2,token=0123456789ABCDEF0123456789ABCDEF,_fy=1.6.0|\n[err](4500) iotx_mc_wait_CONNACK(1791): recvConnackProc error,result = -35\n      Host : a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com\n";
    expect(renderJson(diagnose(log, { showSecrets: true }))).toContain("0123456789ABCDEF0123456789ABCDEF");
    const ids = renderJson(diagnose(log, { redactIds: true }));
    expect(ids).not.toContain("a1Test00001");
    expect(ids).not.toContain("dev01");
  });
});
