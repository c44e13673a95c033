/**
 * Closed loop, cloud-stage faults: each fault is produced on the wire (CONNACK refused, late CONNACK, refused TCP,
 * throttled CONNECTs, an oversized TLS record) and the analyzer must name it from the device's log alone.
 */
import { describe, expect, it } from "vitest";
import { simulate, type Actor } from "../src/simulate/run.js";
import { FAULT_INFO, FAULTS, causeMatches, type Fault } from "../src/simulate/faults.js";
import type { Dialect } from "../src/simulate/logwriter.js";
import { SCALE, dialectsFor, expectDiagnosed, runScenario } from "./simulate-helpers.js";

const run = (fault: Fault, dialect: Dialect) => runScenario(fault, dialect, 7);

/** what the cloud or the device must have done on the wire */
const WIRE: Partial<Record<Fault, RegExp[]>> = {
  "wrong-secret": [/cloud: cn-shanghai: CONNECT \S+ refused \(bad-signature\): CONNACK 4/],
  "slow-connack": [/cloud: .*answering in 8\.0 s/, /device: MQTT: no CONNACK within 6 s/],
  "closed-port": [/device: TCP .*:1884 → 127\.0\.0\.1:\d+ \(nothing\)/, /ECONNREFUSED/],
  throttle: [/cloud: .*CONNECT #6 of \S+ within 60 s: throttled, no CONNACK/, /device: MQTT: no CONNACK within 6 s/],
  "tls-record": [/device: TLS handshake with \S+ failed: TLS record of \d{4} bytes .* exceeds the 4096-byte input buffer \(mbedTLS -0x7200\)/],
};

describe("linkkit-doctor simulate: cloud faults (closed loop)", () => {
  for (const fault of ["wrong-secret", "slow-connack", "closed-port", "throttle", "tls-record"] as const) {
    for (const dialect of dialectsFor(fault)) {
      it(`${fault} (${dialect}) → ${FAULT_INFO[fault].expected}`, async () => {
        const result = await run(fault, dialect);
        const { r, why } = result;
        expectDiagnosed(fault, result, WIRE[fault]);
        expect(r.device).toBe(fault === "throttle" ? "report-task-done" : "connect-failed");
        expect(r.phone.status).toBe("waiting");
        expect(r.realMs).toBeLessThan(30_000);
      });
    }
  }

  it("slow-connack with SDK 1.5: the device waits 2 s and the diagnosis says so", async () => {
    const progress: string[] = [];
    const r = await simulate({ fault: "slow-connack", dialect: "aos", sdk: "1.5", timeScale: SCALE, seed: 3, onProgress: (a, _t, m) => progress.push(`${a}: ${m}`) });
    expect(r.report.verdict.primaryCause).toBe("cloud.connack-timeout");
    expect(progress.join("\n")).toMatch(/no CONNACK within 2 s/);
    expect(r.report.facts.sdkVersion).toBe("1.5.0");
    const f = r.report.findings.find((x) => x.id === "cloud.connack-timeout");
    expect(f?.explanation).toMatch(/2 s/);
  });

  it("wrong-secret over plain MQTT (securemode=3): CONNACK refused, no TLS", async () => {
    const r = await simulate({ fault: "wrong-secret", dialect: "esp", tls: false, timeScale: SCALE, seed: 5 });
    expect(r.report.verdict.primaryCause).toBe("cloud.auth-rejected");
    expect(r.log).toMatch(/SM : TCP \+ Direct \+ Plain/);
    expect(r.log).toMatch(/securemode=3,/);
    expect(r.log).not.toMatch(/mbedtls|SSL\/TLS/);
  });

  // Known analyzer misdiagnosis, reported to the lead (not fixed here): HAL_TCP_Establish prints "connect error"
  // and then "fail to establish tcp" for one refused connect; the flow builder opens a second attempt on the
  // second line, so four refused connects in 9 s count as eight and cloud.rate-limited wins over
  // cloud.tcp-connect-failed. Flip to `it` once the rule is fixed.
  it("closed-port over plain MQTT is diagnosed as a TCP failure (one attempt per refused connect)", async () => {
    const r = await simulate({ fault: "closed-port", dialect: "esp", tls: false, timeScale: SCALE, seed: 5 });
    expect(r.log).toMatch(/iot_import_tcp: connect error\nE \(\d+\) iot_import_tcp: fail to establish tcp/);
    expect(r.report.verdict.primaryCause).toBe("cloud.tcp-connect-failed");
  });
});
