import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explain, search } from "./explain.js";
import { knowledge } from "./index.js";

const REF = join(__dirname, "..", "..", "..", "shared", "reference");
const rows = (f: string) =>
  readFileSync(join(REF, f), "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split("\t"));

describe("explain: every row of the reference tables", () => {
  const tables: [string, string, number, number][] = [
    ["state-codes.tsv", "state", 0, 2],
    ["device-err-codes.tsv", "device-err", 0, 2],
    ["iotx-err.tsv", "iotx", 0, 1],
    ["mbedtls-codes.tsv", "mbedtls", 0, 2],
  ];
  for (const [file, family, codeCol, nameCol] of tables) {
    it(`${file}: the code as printed explains to its name and meaning`, () => {
      const bad: string[] = [];
      for (const r of rows(file)) {
        const e = explain(r[codeCol]!, "en");
        const hit = e.interpretations.find((i) => i.kind === "code" && i.family === family && i.name === r[nameCol]);
        if (!hit || hit.kind !== "code" || hit.meaning.length < 10) bad.push(`${r[codeCol]} ${r[nameCol]}`);
      }
      expect(bad).toEqual([]);
    });
    it(`${file}: the constant name explains to the same code`, () => {
      const bad = rows(file).filter((r) => !explain(r[nameCol]!, "zh").interpretations.some((i) => i.kind === "code" && i.name === r[nameCol] && /[\u4e00-\u9fff]/.test(i.meaning)));
      expect(bad.map((r) => r[nameCol])).toEqual([]);
    });
  }
});

describe("explain: forms and ambiguity", () => {
  const top = (q: string) => explain(q).interpretations[0]!;
  it("reads a code in any spelling", () => {
    for (const q of ["-0x0305", "0x0305", "-0X0305", "-773"]) expect(explain(q).interpretations.some((i) => i.kind === "code" && i.name === "STATE_MQTT_CONNACK_BAD_USERDATA"), q).toBe(true);
    expect(top("50438")).toMatchObject({ family: "device-err", code: "0xC506" });
    expect(top("0xC506")).toMatchObject({ family: "device-err", name: "DEV_ERRCODE_MQTT_AUTH_FAIL" });
  });
  it("splits composite and decimal mbedTLS codes", () => {
    const c = top("-0x2562");
    expect(c.kind === "code" && c.parts?.map((p) => p.name)).toEqual(["MBEDTLS_ERR_X509_INVALID_EXTENSIONS", "MBEDTLS_ERR_ASN1_UNEXPECTED_TAG"]);
    expect(top("-29184")).toMatchObject({ family: "mbedtls", code: "-0x7200", name: "MBEDTLS_ERR_SSL_INVALID_RECORD" });
  });
  it("ranks and explains ambiguous numbers", () => {
    expect(top("-0x0044")).toMatchObject({ family: "mbedtls", name: "MBEDTLS_ERR_NET_CONNECT_FAILED" });
    expect(top("-0x0344")).toMatchObject({ family: "state", name: "STATE_MQTT_CONNECT_UNKNOWN_FAIL" });
    const e = explain("-35").interpretations;
    expect(e[0]).toMatchObject({ family: "iotx", name: "MQTT_CONNACK_BAD_USERDATA_ERROR" });
    expect(e.length).toBeGreaterThan(1);
    expect(e[0]!.kind === "code" && e[0]!.note).toMatch(/iotkit-embedded 3\.x/);
  });
  it("links a state code to its device err_code", () => {
    const c = top("-0x0344");
    expect(c.kind === "code" && c.related.join(" ")).toMatch(/0xC506/);
  });
  it("finds codes by the SDK message and explains pasted log lines", () => {
    expect(top("mqtt ack bad userdata")).toMatchObject({ code: "-0x0305" });
    const line = explain("[005458]<E> failed ! net_connect returned -0x0044").interpretations;
    expect(line.map((i) => (i.kind === "code" ? i.code : i.kind === "event" ? i.event : i.id))).toEqual(["-0x0044", "net.connect-result"]);
    const diag = explain("[108196]<E> err_code 50438, state_code:-0x0305, str_msg=mqtt ack bad userdata").interpretations;
    expect(diag.filter((i) => i.kind === "code").map((i) => (i as { code: string }).code).sort()).toEqual(["-0x0305", "0xC506"]);
  });
  it("prints a diagnosis page for a rule id", () => {
    expect(top("cloud.connack-timeout")).toMatchObject({ kind: "rule", id: "cloud.connack-timeout" });
  });
  it("says not known with nearest matches", () => {
    const e = explain("-0x0399");
    expect(e.found).toBe(false);
    expect(e.suggestions.length).toBeGreaterThan(0);
    expect(explain("STATE_MQTT_CONNACK_BAD_USERDAT").suggestions[0]).toMatch(/STATE_MQTT_CONNACK_BAD_USERDATA/);
  });
  it("searches by keyword", () => {
    expect(search("connack").map((e) => e.name)).toEqual(expect.arrayContaining(["STATE_MQTT_CONNACK_BAD_USERDATA"]));
    expect(search("connack").length).toBeGreaterThan(3);
  });
  it("has a meaning for every code in both languages", () => {
    for (const e of knowledge().allCodes) expect(e.zh.meaning.length * e.en.meaning.length).toBeGreaterThan(0);
  });
});
