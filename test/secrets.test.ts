/** No secret from the logs reaches any output by default (terminal, JSON, Markdown). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diagnose, renderJson, renderMarkdown, renderTerminal } from "../src/index.js";
import { labelledLogs } from "./labelled.js";

/** Secret values as the SDK and the ESP examples print them. */
function secretsIn(text: string): string[] {
  const out = new Set<string>();
  const patterns = [
    /(?:DeviceSecret|ProductSecret|\bDS|\bPS|PW)\s*:\s*([^\s]{6,})/g,
    /password\s*[:=]\s*([^\s,*]{4,})/gi,
    /token=([0-9A-Fa-f]{32})/g,
    /"token"\s*:\s*"([0-9A-Fa-f]{32})"/g,
    /report token:([0-9A-Fa-f]{32})/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) if (!/^\*+$/.test(m[1]!)) out.add(m[1]!);
  return [...out];
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
  it("--show-secrets shows them, --redact-ids also hides identifiers", () => {
    const log = "  ClientID : a1Test00001.dev01|securemode=2,token=0123456789ABCDEF0123456789ABCDEF,_fy=1.6.0|\n[err](4500) iotx_mc_wait_CONNACK(1791): recvConnackProc error,result = -35\n      Host : a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com\n";
    expect(renderJson(diagnose(log, { showSecrets: true }))).toContain("0123456789ABCDEF0123456789ABCDEF");
    const ids = renderJson(diagnose(log, { redactIds: true }));
    expect(ids).not.toContain("a1Test00001");
    expect(ids).not.toContain("dev01");
  });
});
