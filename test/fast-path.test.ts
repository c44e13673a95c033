/**
 * The analyzer's fast path (raw bytes scanned by the keyword automaton, only flagged lines parsed) gives
 * the same report as the reference path that parses every line — except input.dialects, which then counts
 * the parsed lines only.
 */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { Analyzer, type Report } from "../src/index.js";
import { LineSplitter, type PhysicalLine } from "../src/input/lines.js";
import { cleanLine } from "../src/input/clean.js";
import { knowledge } from "../src/knowledge/index.js";
import { DialectParser, timeToMs } from "../src/dialects/registry.js";
import { QUICK_UNKNOWN, QuickLine } from "../src/dialects/quick-line.js";
import { keywordAutomaton, keywordsIn } from "../src/signatures/keywords.js";
import { SignatureMatcher } from "../src/signatures/matcher.js";
import { wasmScanner } from "../src/input/wasm-scan.js";
import { chunked, logBytes, logText } from "./fuzz.js";
import { labelledLogs } from "./labelled.js";

const root = join(__dirname, "..");

function analyse(bytes: Uint8Array, fast: boolean, chunk = 1 << 20): Report {
  const a = new Analyzer({ fast, name: "x" });
  for (let i = 0; i < bytes.length; i += chunk) a.write(bytes.subarray(i, i + chunk));
  const r = a.end();
  return { ...r, input: { ...r.input, dialects: {}, filter: "none" as const } };
}

/** the fast path, fed in the given chunks, gives the reference path's report */
function sameInChunks(bytes: Uint8Array, cuts: number[]): void {
  const a = new Analyzer({ name: "x" });
  for (const c of chunked(bytes, cuts)) a.write(c);
  const r = a.end();
  expect({ ...r, input: { ...r.input, dialects: {}, filter: "none" as const } }).toEqual(analyse(bytes, false));
}

function allLogs(): { name: string; bytes: Buffer }[] {
  const out = labelledLogs().map((c) => ({ name: c.log, bytes: readFileSync(join(c.dir, c.log)) }));
  const nasty = join(root, "test", "fixtures", "nasty");
  for (const n of readdirSync(nasty)) out.push({ name: n, bytes: readFileSync(join(nasty, n)) });
  out.push({ name: "device.log", bytes: readFileSync(join(root, "samples", "device.log")) });
  return out;
}

describe("keyword automaton", () => {
  const a = keywordAutomaton();
  const sigs = knowledge().signatures;
  /** the keywords a message holds, the way the matcher used to find them: every needle with its case rule */
  function naive(msg: string): Set<string> {
    const lower = msg.toLowerCase();
    const out = new Set<string>();
    for (const s of sigs) for (const k of s.keywords) if (s.flags === "i" ? lower.includes(k.toLowerCase()) : msg.includes(k)) out.add(k);
    return out;
  }
  it("finds exactly the keywords a message holds, with their case rules", () => {
    fc.assert(
      fc.property(fc.oneof(logText(12), fc.string({ unit: "binary", maxLength: 80 })), (msg) => {
        const found = new Set(keywordsIn(a, msg).map((id) => a.words[id]!));
        const want = naive(msg);
        // a keyword used case-insensitively by one signature is found in any case (the needle check decides)
        for (const k of want) expect(found.has(k), k).toBe(true);
        for (const k of found) expect(msg.toLowerCase().includes(k.toLowerCase()), k).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("the fast path skips only lines that hold no keyword and nothing to clean", () => {
    fc.assert(
      fc.property(logBytes(60), (bytes) => {
        const s = new LineSplitter();
        const skipped: PhysicalLine[] = [];
        const emitted: PhysicalLine[] = [];
        s.scan(new Uint8Array(16), a, () => {}, () => {}); // start the splitter (first chunk goes the slow way)
        s.scan(bytes, a, (l) => emitted.push(l), (run) => run.replay((l) => skipped.push(l)));
        for (const l of skipped) {
          expect(cleanLine(l.text), l.text).toBe(l.text);
          expect(/[^\x09\x20-\x7e]/.test(l.text), l.text).toBe(false);
          expect(naive(l.text).size, l.text).toBe(0);
        }
        for (const l of emitted) if (l.clean) expect(cleanLine(l.text)).toBe(l.text);
      }),
      { numRuns: 500 },
    );
  });
});

describe("the WebAssembly line filter", () => {
  const a = keywordAutomaton();
  /** everything scan() hands over: flagged lines and runs (with their first and last line) in order */
  function trace(bytes: Uint8Array, cuts: number[], wasm: boolean, maxLineLength?: number): unknown[] {
    const s = new LineSplitter({ wasm, ...(maxLineLength ? { maxLineLength } : {}) });
    const out: unknown[] = [];
    // (the first chunk goes push()'s way, to detect the encoding)
    s.scan(Buffer.from("#\n"), a, (l) => out.push({ ...l }), () => {});
    for (const c of chunked(bytes, cuts))
      s.scan(c, a, (l) => out.push({ ...l }), (run) => out.push({ run: run.count, start: run.start, first: run.first(), last: run.last(), stamp: run.si >= 0 ? [run.si, run.ss, run.se] : null, time: run.ti >= 0 ? [run.ti, run.ts, run.te] : null }));
    s.end((l) => out.push({ ...l }));
    out.push(s.stats);
    return out;
  }

  it("is in use here (Node.js runs WebAssembly)", () => {
    expect(wasmScanner(a)).toBeDefined();
  });

  it("notes the same lines that may start with a stamp (each shape, alone in its run)", () => {
    const shapes = [
      "11-18 20:38:45 x", "2024-05-01 08:00:00 x", "2024/05/01T08:00:00 x", "[1:00:00] x", "[12:00:00.5] x", "[2024-05-01 08:00:00] x",
      "\x1b[0m[12:00:00] x", "\x1b[0;32m\x1b[0m2024-05-01 08:00:00 x", "[1\x1b[0m2:00:00] x", "12\x1b[0m-18 20:38:45 x", "\x1b[0;32mI (1) wifi: x",
      "I (1) wifi: x", "[000123]<I> x", "2e7fc5db: 00 11 22", "[inf] f(1): x", "1-2", "[1:2", "12-", "\x1b[5;m[1:0", "\x1b[?25h[1:00:00] x",
    ];
    const flagged = "[inf](5) f(1): mqtt connect success!";
    const bytes = Buffer.from([flagged, ...shapes.flatMap((l) => [l, flagged])].join("\n") + "\n", "latin1");
    const wasm = trace(bytes, [], true);
    expect(trace(bytes, [], false)).toEqual(wasm);
    const noted = wasm.filter((x) => typeof x === "object" && x !== null && "stamp" in x).map((x) => (x as { stamp: unknown }).stamp !== null);
    // (the last shape, with another escape sequence, is flagged itself: no run of its own)
    expect(noted).toEqual([...Array(10).fill(true), ...Array(9).fill(false)]);
  });

  it("looks for an escape byte among the first six bytes of a line only, and not past its end", () => {
    // each line alone in its run, followed by a flagged line that starts with a colour sequence
    const flagged = "\x1b[0m mqtt connect success!";
    const lines = ["ab", "[inf] \x1b[0mxx", "[inf]\x1b[0m xx", "12345", "1234\x1b[0m"];
    const bytes = Buffer.from([flagged, ...lines.flatMap((l) => [l, flagged])].join("\n") + "\n", "latin1");
    const wasm = trace(bytes, [], true);
    expect(trace(bytes, [], false)).toEqual(wasm);
    const noted = wasm.filter((x) => typeof x === "object" && x !== null && "stamp" in x).map((x) => (x as { stamp: unknown }).stamp !== null);
    expect(noted).toEqual([false, false, true, false, true]);
  });

  it("notes the same last line that may show a time (each shape, alone in its run)", () => {
    const shapes: [string, boolean][] = [
      ["[inf] iotx_mc_connect(2805): x", false], ["[prt] x", false], ["[inf]", false], ["[dbg]x", false], ["[flw]\tx", false], ["[non] [12:00:00] I (1) x: y", false],
      ["[inf](12) f(1): x", true], ["[inx] f(1): x", true], ["[INF] x", true], ["[inf]\x1b[0m(12) f(1): x", true], ["\x1b[0m[inf] f(1): x", true],
      ["[inf] f(1): \x1b[0mx", true], ["I (12) wifi: x", true], ["plain text", true], ["[inf", true],
    ];
    const flagged = "[inf](5) f(1): mqtt connect success!";
    const bytes = Buffer.from([flagged, ...shapes.flatMap(([l]) => [l, flagged])].join("\n") + "\n", "latin1");
    const wasm = trace(bytes, [], true);
    expect(trace(bytes, [], false)).toEqual(wasm);
    const noted = wasm.filter((x) => typeof x === "object" && x !== null && "time" in x).map((x) => (x as { time: unknown }).time !== null);
    expect(noted).toEqual(shapes.map(([, t]) => t));
  });

  it("hands over the same lines and runs as the JavaScript loop, in arbitrary chunks", () => {
    fc.assert(
      fc.property(logBytes(80), fc.array(fc.nat({ max: 4000 }), { maxLength: 8 }), fc.constantFrom(undefined, 12, 40), (bytes, cuts, max) => {
        expect(trace(bytes, cuts, true, max)).toEqual(trace(bytes, cuts, false, max));
      }),
      { numRuns: 400 },
    );
  });

  describe("keyword hits handed to the matcher", () => {
    /** runs the analyzer over the lines; every message the matcher gets with its keywords from the filter's hits */
    function handed(lines: string[], cuts: number[] = []): { msg: string; given: number[]; own: number[] }[] {
      const out: { msg: string; given: number[]; own: number[] }[] = [];
      const spy = vi.spyOn(SignatureMatcher.prototype, "match").mockImplementation(function (this: SignatureMatcher, rec, keywords) {
        const given = keywords?.();
        if (given) out.push({ msg: rec.msg, given, own: keywordsIn(a, rec.msg) });
        return [];
      });
      try {
        const an = new Analyzer({ name: "x" });
        for (const c of chunked(Buffer.from(lines.join("\n") + "\n", "latin1"), cuts)) an.write(c);
        an.end();
      } finally {
        spy.mockRestore();
      }
      return out;
    }
    // (the forms the quick reader takes, and others the regexes read: AliOS Things, plain text, a prefix
    // embedded after other text, which makes two records of the line)
    const heads = [
      "[inf](12) iotx_mc_connect(2769): ", "[err] iotx_mc_wait_CONNACK(1206): ", "[prt] ", "[crt]", "I (3360) event: ", "E (1) MQTT_CLIENT:",
      "[12:00:00.123] [dbg](5) f(1):  ", "[2024-05-01 08:00:00] W (9) wifi: ", "[000123]<I> ", " [  13.002]<I> netmgr [f#134] : ",
      "[12:00:00.123]  [ 12.345]<E> app main [x#1] : ", "", "   Host : ", "user_connected_event_handler.46: ", "mqtt connect success I (5) x: ",
    ];

    it("are the keywords the matcher would find in the message itself, in the same order", () => {
      let checked = 0;
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...heads), logText(10).map((t) => t.replace(/[^\x20-\x7e]/g, ""))), { minLength: 1, maxLength: 12 }), fc.array(fc.nat({ max: 600 }), { maxLength: 4 }), (parts, cuts) => {
          for (const h of handed(["# log", ...parts.map(([head, body]) => head + body)], cuts)) {
            expect(h.given, h.msg).toEqual(h.own);
            checked++;
          }
        }),
        { numRuns: 300 },
      );
      // (the property above holds trivially when no hits are handed over)
      expect(checked).toBeGreaterThan(300);
    });

    it("leave out what lies before the message or across its start, and take each keyword once", () => {
      // IOTX_CONN_ (case respected) in the function name and the message; "mqtt connect success" twice; "Host :"
      // across the ESP-IDF tag and the message
      const out = handed(["# log", "[inf](12) IOTX_CONN_x(2): mqtt connect success, iotx_conn_ mqtt connect success IOTX_CONN_CLOUD", "I (1) Host : 10.0.0.2"]);
      expect(out.map((h) => h.given.map((id) => a.words[id]))).toEqual([["mqtt connect success", "IOTX_CONN_"], []]);
      for (const h of out) expect(h.given).toEqual(h.own);
    });

    it("a line with more hits than room has none: the matcher searches the message itself", () => {
      // more hits than LineHits holds; more than the cursor's hit area holds
      const lines = ["# log", `[inf](12) f(1): ${"+".repeat(100)} mqtt connect success`, `[inf](13) f(1): ${"+".repeat(20000)} mqtt connect success`, "[inf](14) f(1): + mqtt connect success"];
      const out = handed(lines);
      expect(out.map((h) => h.msg)).toEqual(["+ mqtt connect success"]);
      expect(out[0]!.given).toEqual(out[0]!.own);
    });

    it("the filter notes no hits for a line whose hits overflow its area, and every hit of the others", () => {
      const lines = [`[inf](13) f(1): ${"+".repeat(20000)} mqtt connect success`, "[inf](14) f(1): + mqtt connect success"];
      const bytes = Buffer.from(lines.join("\n") + "\n", "latin1");
      const counts: number[] = [];
      wasmScanner(a)!.scan(bytes, 0, bytes.length, 65536, (r) => void counts.push(r.hn), () => {});
      expect(counts).toEqual([-1, 2]);
    });
  });

  it("hands over the same runs as the JavaScript loop in logs of long runs (line ends of every kind, empty lines, stamps)", () => {
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(..."abcdefgh xyz:()[]-0123456789".split("")), maxLength: 40 }) },
      { weight: 1, arbitrary: fc.constantFrom("", "[12:00:00.125] I (5) w: x", "[inf] f(1): x", "[inf](5) f(1): x", "I (1) x: y", "2024-05-01 08:00:00 x", "\x1b[0;32mI (1) w: x\x1b[0m", "[1\x1b[0m2:00:00] x") },
      { weight: 1, arbitrary: fc.constantFrom("mqtt connect success", "[inf](9) f(1): mqtt connect success") },
    );
    const log = fc.array(fc.tuple(line, fc.constantFrom("\n", "\r\n", "\r")), { maxLength: 120 }).map((ls) => Buffer.from(ls.map(([l, e]) => l + e).join(""), "latin1"));
    fc.assert(
      fc.property(log, fc.array(fc.nat({ max: 3000 }), { maxLength: 4 }), fc.constantFrom(undefined, 30), (bytes, cuts, max) => {
        expect(trace(bytes, cuts, true, max)).toEqual(trace(bytes, cuts, false, max));
      }),
      { numRuns: 400 },
    );
  });

  it("cuts lines at the limit as the JavaScript loop does (a byte under, at and over it)", () => {
    const lines: string[] = [];
    for (const len of [39, 40, 41, 80])
      for (const body of ["x", " mqtt connect success ", "\u001b[0m", "\u00e9"]) {
        const line = (body + "y".repeat(len)).slice(0, len);
        lines.push(line, `${line}a`, "", line);
      }
    for (const eol of ["\n", "\r\n", "\r"]) {
      const bytes = Buffer.from(lines.join(eol) + eol);
      expect(trace(bytes, [], true, 40)).toEqual(trace(bytes, [], false, 40));
    }
  });

  it("a splitter fed from another one's callback gets a scanner of its own (the shared one is busy)", () => {
    const bytes = (n: number, tag: string) => {
      const lines: string[] = [];
      for (let i = 0; i < n; i++) lines.push(i % 7 === 0 ? `[inf](${i}) iotx_mc_connect(2769): mqtt connect success!` : `I (${i}) ${tag}: tick ${i}`);
      return Buffer.from(lines.join("\n") + "\n");
    };
    const a = bytes(3000, "a");
    const b = bytes(3000, "b");
    const alone = (x: Buffer) => {
      const an = new Analyzer({ name: "x" });
      an.write(Buffer.from("#\n"));
      an.write(x);
      return an.end();
    };
    const inner = new Analyzer({ name: "x" });
    inner.write(Buffer.from("#\n"));
    let fed = 0;
    const outer = new Analyzer({
      name: "x",
      // every event of the outer analysis feeds the inner one a piece of its log, from inside the scan
      onEvent: () => {
        if (fed < b.length) {
          const next = Math.min(b.length, fed + 4096);
          inner.write(b.subarray(fed, next));
          fed = next;
        }
      },
    });
    outer.write(Buffer.from("#\n"));
    outer.write(a);
    if (fed < b.length) inner.write(b.subarray(fed));
    const strip = (r: Report) => ({ ...r, input: { ...r.input, dialects: {}, filter: "none" as const } });
    expect(fed).toBeGreaterThan(0);
    expect(strip(inner.end())).toEqual(strip(alone(b)));
    expect(strip(outer.end())).toEqual(strip(alone(a)));
  });

  it("copies a chunk of more than 16 MB into WebAssembly memory in windows, with the same lines and runs", () => {
    const lines: string[] = [];
    for (let i = 0; lines.length < 700_000; i++) lines.push(i % 5003 === 0 ? `[inf](${i}) iotx_mc_connect(2769): mqtt connect success!` : `I (${i}) app: tick ${i}`);
    const bytes = Buffer.from(lines.join("\r\n") + "\r\n");
    expect(bytes.length).toBeGreaterThan(17 << 20);
    expect(trace(bytes, [], true)).toEqual(trace(bytes, [], false));
  }, 60_000);

  it("splits ranges longer than one call into several (CRLF, lone CR, long runs)", () => {
    const lines: string[] = [];
    for (let i = 0; i < 30000; i++) lines.push(i % 997 === 0 ? `[inf](${i}) iotx_mc_connect(2769): mqtt connect success!` : `I (${i}) app: tick ${i}`);
    for (const eol of ["\n", "\r\n", "\r"]) {
      const bytes = Buffer.from(lines.join(eol) + eol);
      expect(trace(bytes, [], true)).toEqual(trace(bytes, [], false));
      expect(trace(bytes, [65535, 65536, 131073], true)).toEqual(trace(bytes, [65535, 65536, 131073], false));
    }
  });
});

describe("fast path = reference path", () => {
  for (const c of allLogs()) {
    it(c.name, () => {
      const ref = analyse(c.bytes, false);
      for (const chunk of [1 << 20, 4093, 61]) expect(analyse(c.bytes, true, chunk), `chunk ${chunk}`).toEqual(ref);
    });
  }

  it("on arbitrary logs cut in arbitrary chunks", () => {
    fc.assert(
      fc.property(logBytes(80), fc.array(fc.nat({ max: 4000 }), { maxLength: 8 }), (bytes, cuts) => {
        sameInChunks(bytes, cuts);
      }),
      { numRuns: 300 },
    );
  });

  it("on logs with colour sequences anywhere (the filter passes over them; the cleaner joins the text around them)", () => {
    const lines = [
      "I ({up}) wifi: rssi -70 dBm", "W ({up}) relay: zero-cross missed", "I ({up}) app main: free heap size:46662", "I ({up}) mqtt: publish success",
      "[inf]({up}) iotx_mc_connect(2769): mqtt connect success!", "[inf] f({up}): Host : a1Fake00001.iot-as-mqtt.cn-shanghai.aliyuncs.com", "[dbg] x({up}): chatter",
      "I ({up}) boot: ESP-IDF v4.4", "[err]({up}) iotx_mc_wait_CONNACK(1791): wait connack timeout", "[inf]\x1b[0m({up}) f(3): hidden form",
      "D ({up}) wifi: rssi -61 dBm", "I ({up}) sensor: adc 812", "[dbg]({up}) cm(5): tick", "W ({up}) relay: retry 1",
    ];
    const stamp = fc.constantFrom("", "[08:19:25.709] ", "2024-05-03 08:19:26.000 ", "\x1b[0m[08:19:25.7] ", "[08:1\x1b[0m9:25] ");
    const sgr = fc.constantFrom("\x1b[0;32m", "\x1b[0m", "\x1b[1;31m", "\x1b[m", "\x1b[0;33m");
    const line = fc.tuple(fc.constantFrom(...lines), fc.array(fc.tuple(fc.nat(), sgr), { maxLength: 3 }), fc.boolean()).map(([l, ins, stamped]) => {
      let t = l;
      for (const [at, seq] of ins) {
        const cut = at % (t.length + 1);
        t = t.slice(0, cut) + seq + t.slice(cut);
      }
      return { t, stamped };
    });
    fc.assert(
      fc.property(stamp, fc.array(line, { minLength: 1, maxLength: 120 }), fc.array(fc.nat({ max: 6000 }), { maxLength: 6 }), (st, ls, cuts) => {
        // (some lines stamped, some not: a run may mix them; uptimes go up, as they do between the boot
        // lines that are keywords: a reset inside a run of keyword-free lines is a known approximation)
        const bytes = Buffer.from(["#", ...ls.map((l, k) => (l.stamped ? st : "") + l.t.replace("{up}", String(1000 + 100 * k)))].join("\n") + "\n", "latin1");
        sameInChunks(bytes, cuts);
      }),
      { numRuns: 300 },
    );
  });

  // of a run only the last timed line is read; when it shows an uptime only, an earlier line of the run with
  // a serial stamp still sets the time axis and the last time (the filter notes where such a line may be)
  it("a run that mixes a stamped line and later unstamped ones", () => {
    const bytes = Buffer.from(["#", "I (20) boot: ESP-IDF v4.4", "2024-05-03 08:19:26.000 I (1800) app: tick", "I (1200) wifi: rssi -70 dBm", ""].join("\n"), "latin1");
    expect(analyse(bytes, true)).toEqual(analyse(bytes, false));
  });

  it("does not parse coloured lines that hold no keyword (ESP-IDF's colours)", () => {
    const chatter = Array.from({ length: 2000 }, (_, i) => `\x1b[0;32mI (${1000 + i * 10}) wifi: rssi -${40 + (i % 30)} dBm, channel 6\x1b[0m`);
    const bytes = Buffer.from(["I (900) app main: IOTX_CONN_CLOUD", ...chatter, "\x1b[0;31mE (30000) mqtt: wait connack timeout\x1b[0m", ""].join("\n"), "latin1");
    const a = new Analyzer({ name: "x" });
    a.write(Buffer.from("#\n"));
    a.write(bytes);
    const r = a.end();
    const parsed = Object.values(r.input.dialects).reduce((n, c) => n + c, 0);
    expect(parsed).toBeLessThan(20);
    expect(analyse(Buffer.concat([Buffer.from("#\n"), bytes]), false)).toEqual({ ...r, input: { ...r.input, dialects: {}, filter: "none" as const } });
  });

  it("with a small line limit (long lines cut the same way)", () => {
    fc.assert(
      fc.property(logBytes(80), fc.array(fc.nat({ max: 4000 }), { maxLength: 8 }), (bytes, cuts) => {
        const run = (fast: boolean) => {
          const a = new Analyzer({ fast, maxLineLength: 40 });
          for (const c of chunked(bytes, cuts)) a.write(c);
          const r = a.end();
          return { ...r, input: { ...r.input, dialects: {}, filter: "none" as const } };
        };
        expect(run(true)).toEqual(run(false));
      }),
      { numRuns: 200 },
    );
  });

  it("a run of keyword-free lines that ends with lines without a time leaves the time of its last timed line", () => {
    const lines = ["I (100) app: start", "[inf](1000) iotx_mc_init(2349): MQTT init success!", "[err](3000) iotx_mc_wait_CONNACK(1791): wait connack timeout"];
    for (let t = 3100; t < 9000; t += 500) lines.push(`I (${t}) app: tick ${t}`);
    lines.push("....................", "    ", "--------");
    // "Host :" has no time of its own: it takes the time of the last line that had one
    lines.push("      Host : a1Bench0001.iot-as-mqtt.cn-shanghai.aliyuncs.com", "      Port : 443", "[err](9500) iotx_mc_wait_CONNACK(1791): wait connack timeout");
    const bytes = Buffer.from(lines.join("\n") + "\n");
    const run = (fast: boolean) => {
      const a = new Analyzer({ fast, name: "x" });
      a.write(Buffer.from("#\n")); // (the first chunk is read whole: the rest goes through the filter)
      a.write(bytes);
      const r = a.end();
      return { ...r, input: { ...r.input, dialects: {}, filter: "none" as const } };
    };
    const ref = run(false);
    expect(JSON.stringify(ref.attempts)).toMatch(/"t":8600/);
    expect(run(true)).toEqual(ref);
  });

  it("a reboot without a banner inside a run of keyword-free lines is found at the same line", () => {
    const lines: string[] = ["[inf](1000) iotx_mc_init(2349): MQTT init success!", "[err](8000) iotx_mc_wait_CONNACK(1791): wait connack timeout"];
    for (let t = 9000; t < 60000; t += 500) lines.push(`[dbg](${t}) app_task(12): tick ${t}`);
    for (let t = 100; t < 3000; t += 100) lines.push(`[dbg](${t}) app_task(12): tick ${t}`); // the uptime starts again
    lines.push("[inf](3100) iotx_mc_init(2349): MQTT init success!", "[inf](4200) iotx_mc_connect(2769): mqtt connect success!");
    const bytes = Buffer.from(lines.join("\n") + "\n");
    const ref = analyse(bytes, false);
    expect(ref.boots.count).toBe(2);
    expect(analyse(bytes, true)).toEqual(ref);
  });

  it("a generated log like the benchmark's (mixed dialects, time stamps, colours, GBK, noise)", async () => {
    const { generate } = await import("../scripts/bench.mjs" as string);
    const f = join(mkdtempSync(join(tmpdir(), "lkd-fast-")), "gen.log");
    await generate(f, 3 * 1024 * 1024);
    const bytes = readFileSync(f);
    const ref = analyse(bytes, false);
    expect(ref.attempts.total).toBeGreaterThan(5);
    expect(analyse(bytes, true)).toEqual(ref);
    expect(analyse(bytes, true, 65536)).toEqual(ref);

    // what keeps the analyzer fast, guarded without timing anything: the WebAssembly filter runs, and it
    // leaves only the lines that matter to parse (a too general keyword would make this share jump)
    const a = new Analyzer({ name: "x" });
    a.write(bytes);
    const fast = a.end();
    expect(fast.input.filter).toBe("wasm");
    const parsed = Object.values(fast.input.dialects).reduce((n, c) => n + c, 0);
    expect(parsed / fast.input.lines).toBeLessThan(0.15);
    expect(parsed).toBeGreaterThanOrEqual(fast.input.recognizedLines);
    // and most flagged lines and runs are read from their bytes by QuickLine (a dialect regex changed
    // without updating it turns it off: ~20 % slower, and this says so)
    const s = new LineSplitter();
    const p = new DialectParser();
    const q = new QuickLine();
    let clean = 0, records = 0, runs = 0, timed = 0, hits = 0, stamped = 0;
    s.scan(Buffer.from("#\n"), keywordAutomaton(), () => {}, () => {});
    s.scan(
      bytes,
      keywordAutomaton(),
      () => {},
      (run) => {
        runs++;
        if (run.findLastRange((b, s0, e) => q.time(b, s0, e) !== QUICK_UNKNOWN) >= 0) timed++;
        if (run.ti >= 0 && q.stampTime(run.bytes, run.ts, run.te) >= 0) stamped++;
      },
      (b, s0, e, no) => {
        clean++;
        if (p.parseClean(b, s0, e, no)) records++;
        if (s.hits.n >= 0) hits++;
        return false;
      },
    );
    expect(records / clean).toBeGreaterThan(0.8);
    expect(timed / runs).toBeGreaterThan(0.9);
    // (the filter hands over the keywords of nearly every clean flagged line; the runs of the parts of this
    // log with the two usual serial stamps, about a sixth of them here, end in lines whose time is read at once)
    expect(hits / clean).toBeGreaterThan(0.95);
    expect(stamped / runs).toBeGreaterThan(0.1);
  }, 60_000);
});

describe("time of day", () => {
  const TIME = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,:](\d{1,6}))?$/;
  const reference = (time: string) => {
    const m = TIME.exec(time);
    if (!m) return undefined;
    const frac = m[4] ? Number((m[4] + "000").slice(0, 3)) : 0;
    return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + frac;
  };
  it("parses like the regex it replaced", () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{1,3}:\d{1,3}:\d{1,3}([.,:;]\d{0,7})?$/), fc.string({ maxLength: 16 })), (t) => {
        expect(timeToMs(t)).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });
});
