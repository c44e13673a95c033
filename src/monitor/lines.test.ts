import { describe, expect, it } from "vitest";
import { ByteLines, decodeLine, detectLevel, looksLikeNoise, passes, sanitize } from "./lines.js";

function split(chunks: (string | Buffer)[], max = 4096) {
  const s = new ByteLines(max);
  const out: string[] = [];
  const emit = (b: Uint8Array, t: boolean) => out.push(Buffer.from(b).toString("latin1") + (t ? "<cut>" : ""));
  for (const c of chunks) s.push(typeof c === "string" ? Buffer.from(c, "latin1") : c, emit);
  s.end(emit);
  return out;
}

describe("ByteLines", () => {
  it("splits at LF, CRLF and lone CR, across chunks", () => {
    expect(split(["a\nb\r\nc\rd"])).toEqual(["a", "b", "c", "d"]);
    expect(split(["a\r", "\nb", "c\n"])).toEqual(["a", "bc"]);
    expect(split(["a\r\r\nb\n"])).toEqual(["a", "", "b"]);
    expect(split(["\n\n"])).toEqual(["", ""]);
  });
  it("keeps its own copy of a line cut between chunks (the caller may reuse its buffer)", () => {
    const s = new ByteLines(1 << 16);
    const out: string[] = [];
    const buf = Buffer.from("hello wor", "latin1");
    s.push(buf, (b) => out.push(Buffer.from(b).toString("latin1")));
    buf.write("ld\nnext\n", "latin1");
    s.push(buf.subarray(0, 8), (b) => out.push(Buffer.from(b).toString("latin1")));
    expect(out).toEqual(["hello world", "next"]);
  });
  it("cuts a line that never ends and resumes at the next line", () => {
    expect(split(["x".repeat(10), "y".repeat(10), "\nok\n"], 8)).toEqual(["xxxxxxxx<cut>", "ok"]);
  });
});

describe("decodeLine", () => {
  it("reads UTF-8, and GBK when the bytes are not UTF-8", () => {
    expect(decodeLine(Buffer.from("连接成功", "utf8"))).toBe("连接成功");
    expect(decodeLine(Buffer.from([0xc1, 0xac, 0xbd, 0xd3]))).toBe("连接");
    expect(decodeLine(Buffer.from([0xc1, 0xac, 0xbd, 0xd3]), "gb18030")).toBe("连接");
    expect(decodeLine(Buffer.from([0xc1, 0x41]), "utf-8")).toBe("\ufffdA");
  });
});

describe("sanitize", () => {
  it("strips colours, cursor moves, OSC titles, C1 controls and remnants; keeps the text", () => {
    expect(sanitize("\x1b[0;32mI (550) wifi: ok\x1b[0m")).toBe("I (550) wifi: ok");
    expect(sanitize("a\x1b]0;pwned\x07b\x1b[2J\x1b[Hc")).toBe("abc");
    expect(sanitize("x\u009b31my\x07\x08\x00z")).toBe("xyz");
    expect(sanitize("[0;31mE (1) t: e[0m")).toBe("E (1) t: e");
    expect(sanitize("a\tb")).toBe("a    b");
    expect(sanitize("\x1bc")).toBe("");
    expect(sanitize("\x1b")).toBe("");
    expect(sanitize("中文 ok")).toBe("中文 ok");
  });
});

describe("detectLevel", () => {
  it("knows the dialects' levels", () => {
    expect(detectLevel("[err](1234) iotx_mc_connect(12): failed")).toBe("error");
    expect(detectLevel("[wrn] f(1): x")).toBe("warn");
    expect(detectLevel("[crt] chan 6")).toBe("info");
    expect(detectLevel("[113287]<E> wait connack timeout")).toBe("error");
    expect(detectLevel(" [  12.345]<W> netmgr [f#1] : x")).toBe("warn");
    expect(detectLevel("E (2899) wrapper_kv: nvs erase")).toBe("error");
    expect(detectLevel("[10:00:01.123] D (5) tag: x")).toBe("debug");
    expect(detectLevel("   PK : a1Fix000001")).toBeUndefined();
  });
});

describe("passes", () => {
  it("filters by level (no level counts as info) and by regex", () => {
    expect(passes("x", "warn", { level: "warn" })).toBe(true);
    expect(passes("x", "info", { level: "warn" })).toBe(false);
    expect(passes("x", undefined, { level: "warn" })).toBe(false);
    expect(passes("x", undefined, { level: "info" })).toBe(true);
    expect(passes("x", "debug", { level: "info" })).toBe(false);
    const grep = /connack/i;
    expect(passes("wait CONNACK timeout", "error", { grep })).toBe(true);
    expect(passes("wait CONNACK timeout", "error", { grep })).toBe(true);
    expect(passes("chan 6", "info", { grep })).toBe(false);
  });
});

describe("looksLikeNoise", () => {
  it("spots wrong-baud-rate garbage", () => {
    expect(looksLikeNoise("\ufffd\ufffd\x02\ufffd\ufffdx\ufffd\x10\ufffd")).toBe(true);
    expect(looksLikeNoise("I (550) wifi: mode : sta")).toBe(false);
  });
});
