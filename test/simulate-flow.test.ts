/**
 * Closed loop, whole flow: the healthy run (connect, token acknowledged, bind notify, phone bound), the token
 * report nobody answers, the region migration (completed, and refused in the new region) and the prerelease
 * environment.
 */
import { describe, expect, it } from "vitest";
import { simulate, type Actor } from "../src/simulate/run.js";
import { FAULT_INFO, FAULTS, causeMatches, type Fault } from "../src/simulate/faults.js";
import type { Dialect } from "../src/simulate/logwriter.js";
import { SCALE, dialectsFor, expectDiagnosed, runScenario } from "./simulate-helpers.js";

const run = (fault: Fault, dialect: Dialect) => runScenario(fault, dialect, 11);

const PHONE: Record<string, string> = {
  none: "bound",
  "token-no-reply": "waiting",
  "region-mismatch": "migrated",
  "region-mismatch-unregistered": "not-online",
  prerelease: "bound",
};

const WIRE: Partial<Record<Fault, RegExp[]>> = {
  none: [/cloud: cn-shanghai: token \w+… of \S+ acknowledged/, /device: device-info query from the phone/, /cloud: bind \S+: bound/],
  "token-no-reply": [/cloud: cn-shanghai: token report \w+… from \S+: not answered/, /device: token report: no reply to 3 reports, gave up/],
  "region-mismatch": [/migrating it \(thing\.bootstrap\.notify\)/, /cloud: ap-southeast-1: CONNECT \S+ accepted/, /cloud: ap-southeast-1: token \w+… of \S+ acknowledged/],
  "region-mismatch-unregistered": [/migrating it/, /cloud: ap-southeast-1: CONNECT \S+ refused \(unknown-device\): CONNACK 4/],
  prerelease: [/device: guider: HTTPS \/auth\/bootstrap at iot-auth-pre\.cn-shanghai\.aliyuncs\.com/],
};

describe("linkkit-doctor simulate: the flow end to end (closed loop)", () => {
  for (const fault of ["none", "token-no-reply", "region-mismatch", "region-mismatch-unregistered", "prerelease"] as const) {
    for (const dialect of dialectsFor(fault)) {
      it(`${fault} (${dialect}) → ${FAULT_INFO[fault].expected}`, async () => {
        const result = await run(fault, dialect);
        const { r, why } = result;
        expectDiagnosed(fault, result, WIRE[fault]);
        expect(r.phone.status, why).toBe(PHONE[fault]);
        expect(r.realMs).toBeLessThan(30_000);
        const ids = r.report.findings.map((f) => `${f.id}:${f.severity}`);
        if (fault === "prerelease") {
          expect(r.report.facts.environment).toBe("prerelease");
          expect(ids).toContain("cloud.wrong-endpoint.non-production:warning");
        }
        if (fault === "region-mismatch") expect(ids).toContain("bind.region-migration:info");
        if (fault === "none") {
          // the SDK's real lines of a healthy bind, in this dialect's shape
          for (const m of ["mqtt connect success!", "report token res:", "awss_report_token_reply", "topic:/sys/device/info/notify", "coap send notify success", "sending message to app:", "update token"]) {
            expect(r.log).toContain(m);
          }
        }
      });
    }
  }

  it("host from the provisioning region (--region-id 1): kv mqtt_url is the regional host, port 443, no bootstrap", async () => {
    const r = await simulate({ fault: "none", dialect: "aos-verbose", regionId: 1, timeScale: SCALE, seed: 4 });
    expect(r.report.verdict.primaryCause).toBe("ok");
    expect(r.log).toMatch(/APP region id:1\n.*set regionid:1,ret=0/);
    expect(r.log).not.toMatch(/\/auth\/bootstrap/);
    expect(r.report.facts).toMatchObject({ host: expect.stringMatching(/\.iot-as-mqtt\.ap-southeast-1\.aliyuncs\.com$/), port: "443" });
    expect(r.phone.status).toBe("bound");
  });

  it("the printed uptimes stay real when time is scaled: the token report gives up ~9 s after its first send", async () => {
    const r = await simulate({ fault: "token-no-reply", dialect: "linkkit", timeScale: SCALE, seed: 2 });
    const t = (re: RegExp) => Number(re.exec(r.log)?.[1]);
    const first = t(/\[inf\]\((\d+)\) awss_report_token_to_cloud\(366\): report token res:/);
    const gaveUp = t(/\[inf\]\((\d+)\) awss_report_token_to_cloud\(321\): try 4 times fail/);
    expect(gaveUp - first).toBeGreaterThan(8500);
    expect(gaveUp - first).toBeLessThan(11_000);
    expect(r.log.match(/report token res:\d+/g)).toHaveLength(3);
  });
});
