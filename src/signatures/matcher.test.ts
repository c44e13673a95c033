import { describe, expect, it } from "vitest";
import { knowledge } from "../knowledge/index.js";
import { DialectParser, numberGroups } from "../dialects/registry.js";
import { SignatureMatcher, messageKey, stringKey, NO_MEMO } from "./matcher.js";
import fc from "fast-check";
import { Analyzer } from "../analyzer.js";
import type { FlowEvent } from "./event.js";

describe("signatures (knowledge/signatures)", () => {
  const parser = new DialectParser();
  const m = new SignatureMatcher();
  const k = knowledge();
  for (const s of k.signatures) {
    s.samples.forEach((sample, i) => {
      it(`${s.id} matches its sample ${i + 1}`, () => {
        // the regex alone must match the message (lnav: a pattern that matches none of its samples is an error)
        const recs = parser.parse(1, sample.line);
        const rec = recs[recs.length - 1]!;
        expect(s.regex.test(rec.msg), `${s.re} on "${rec.msg}"`).toBe(true);
        const events = m.match(rec);
        const ev = events.find((e) => e.sig === s.id);
        expect(ev, `events: ${events.map((e) => e.sig).join(",")}`).toBeDefined();
        for (const [key, v] of Object.entries(sample.fields ?? {})) expect(ev!.fields[key.replace(/\d+$/, "")] ?? ev!.fields[key]).toBe(String(v));
      });
    });
  }

  it("every signature regex with its groups numbered matches as the named one does (the matcher uses those)", () => {
    for (const s of k.signatures) {
      const numbered = numberGroups(s.re, s.flags ?? "");
      for (const sample of s.samples) {
        const recs = parser.parse(1, sample.line);
        const msg = recs[recs.length - 1]!.msg;
        for (const text of [msg, msg.slice(1), msg.toUpperCase(), `x ${msg} y`]) {
          const a = s.regex.exec(text), b = numbered.regex.exec(text);
          expect(b?.index, `${s.id} on ${text}`).toBe(a?.index);
          expect(b?.[0]).toBe(a?.[0]);
          for (const [name, i] of Object.entries(numbered.group)) expect(b?.[i], `${s.id} ${name}`).toBe(a?.groups?.[name]);
        }
      }
    }
  });

  it("maps diagnosis lines to the flow event of their state code", () => {
    const [rec] = parser.parse(3, "[108196]<E> err_code 50438, state_code:-0x0305, str_msg=mqtt ack bad userdata");
    const [ev] = m.match(rec!);
    expect(ev).toMatchObject({ type: "mqtt.connack-refused", line: 3 });
    expect(ev!.codes.map((c) => `${c.family} ${c.raw}`).sort()).toEqual(["device-err 50438", "state -0x0305"]);
  });

  it("maps app event names and numbers", () => {
    expect(m.match(parser.parse(1, "I (165259) app main: IOTX_AWSS_GOT_IP")[0]!)[0]?.type).toBe("wifi.got-ip");
    expect(m.match(parser.parse(1, "user_awss_status_event_handler.68: Awss Status 4111")[0]!)[0]?.type).toBe("bind.notify");
  });

  it("does not take a subscription to the reply topic for the reply", () => {
    const rec = parser.parse(1, "[inf](6897) iotx_mc_subscribe(2035): mqtt subscribe packet sent,topic = /sys/a1X/d/thing/awss/enrollee/match_reply!")[0]!;
    expect(m.match(rec).map((e) => e.type)).toEqual(["mqtt.session"]);
  });

  it("remembers a message's events by message and function (a signature may require its function)", () => {
    const matcher = new SignatureMatcher();
    const line = (func: string) => parser.parse(1, `[inf](9) ${func}(12): HomeWifi not found`)[0]!;
    // the same message, first where the signature's function constraint holds, then where it does not, then again
    expect(matcher.match(line("awss_ap_diagnosis")).map((e) => e.type)).toEqual(["wifi.ap-not-found"]);
    expect(matcher.match(line("awss_other_task"))).toEqual([]);
    expect(matcher.match(line("awss_ap_diagnosis")).map((e) => e.type)).toEqual(["wifi.ap-not-found"]);
    expect(matcher.match(line("awss_other_task"))).toEqual([]);
  });

  it("works out a message's memo key from its bytes as from its string (none with a digit or over 64 characters)", () => {
    const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
    fc.assert(
      fc.property(printable, fc.nat({ max: 5 }), (msg, pad) => {
        const b = Buffer.from(" ".repeat(pad) + msg + " x", "latin1");
        const key = messageKey(b, pad, pad + msg.length);
        expect(key).toBe(stringKey(msg));
        expect(key === NO_MEMO).toBe(msg.length > 64 || /\d/.test(msg));
      }),
      { numRuns: 2000 },
    );
    expect(stringKey("receive ping response")).toBeGreaterThanOrEqual(0);
    expect(stringKey("free heap size:35211")).toBe(NO_MEMO);
  });

  it("gives a record the same events with the key worked out from bytes, and remembers them under it", () => {
    const parser = new DialectParser();
    const lines = [
      "[inf](12) iotx_mc_keepalive(2008): receive ping response",
      "[inf](13) iotx_mc_connect(2769): mqtt connect success!",
      "[err](14) iotx_mc_wait_CONNACK(1791): wait connack timeout",
      "I (15) app main: IOTX_AWSS_BIND_NOTIFY",
    ];
    const plain = new SignatureMatcher();
    const keyed = new SignatureMatcher();
    for (let round = 0; round < 2; round++)
      for (const line of lines) {
        const rec = parser.parse(1, line)[0]!;
        const b = Buffer.from(`${line}`, "latin1");
        const at = line.length - rec.msg.length;
        const key = messageKey(b, at, line.length);
        expect(key).not.toBe(NO_MEMO);
        expect(keyed.match(rec, undefined, key)).toEqual(plain.match(rec));
        expect(plain.match(rec).length).toBeGreaterThan(0);
      }
  });

  it("events of one message share their fields: what the flow adds to one event does not reach the others", () => {
    // the two result lines are the same message (one memo entry); each takes the topic of the line before it
    const events: FlowEvent[] = [];
    const a = new Analyzer({ onEvent: (e) => events.push(e) });
    a.writeText(
      [
        "[inf](100) awss_notify_dev_info(232): topic:/sys/awss/event/connectap/notify",
        "[inf](110) awss_notify_dev_info(236): coap send notify success",
        "[inf](200) awss_notify_dev_info(232): topic:/sys/device/info/notify",
        "[inf](210) awss_notify_dev_info(236): coap send notify success",
        "",
      ].join("\n"),
    );
    a.end();
    const results = events.filter((e) => e.type === "notify.result");
    expect(results.map((e) => e.fields.topic)).toEqual(["/sys/awss/event/connectap/notify", "/sys/device/info/notify"]);
  });

  it("ignores ordinary lines", () => {
    expect(m.match(parser.parse(1, "I (580) conn_mgr: Found ssid HUAWEI-008")[0]!)).toEqual([]);
    expect(m.match(parser.parse(1, "heap:52864, max:60000 hello")[0]!).map((e) => e.type)).toEqual(["device.heap"]);
  });
});
