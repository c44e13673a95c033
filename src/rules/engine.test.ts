import { describe, expect, it } from "vitest";
import { diagnose } from "../index.js";
import { log } from "../../test/rule-tester.js";
import { connectOk16, espGotIp, tokenOk } from "../../test/snippets.js";

describe("engine and verdict", () => {
  it("decodes codes that no finding cites in general.codes", () => {
    const r = diagnose(log(espGotIp(), ...connectOk16(4000), "[012345]<D> state_code:-0x0803, str_msg=report token:0123456789ABCDEF0123456789ABCDEF to cloud", ...tokenOk(6000)));
    expect(r.verdict.status).toBe("ok");
    const f = r.findings.find((x) => x.id === "general.codes")!;
    expect(f.severity).toBe("info");
    expect(f.codes.map((c) => c.name)).toEqual(["STATE_BIND_REPORT_TOKEN"]);
  });

  it("names the earliest failed stage when several stages show trouble", () => {
    const r = diagnose(log("E (72145) app main: IOTX_AWSS_PASSWD_ERR", "[108189]<E> recvConnackProc error,result = -35"));
    expect(r.verdict.failedStage).toBe("cloud");
  });

  it("a healthy full flow is ok with every stage ok and no error findings", () => {
    const r = diagnose(log("[crt] enable awss", espGotIp(), ...connectOk16(4000), ...tokenOk(6000)));
    expect(r.verdict).toMatchObject({ status: "ok", primaryCause: "ok", failedStage: null });
    expect(Object.values(r.stages).map((s) => s.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("a failed stage that nothing explains is unknown, and says how to get more", () => {
    const r = diagnose(log(espGotIp(), "I (4590) app main: IOTX_CONN_CLOUD", "E (14590) app main: IOTX_CONN_CLOUD_FAIL"));
    expect(r.verdict).toMatchObject({ status: "fail", failedStage: "cloud", primaryCause: "unknown" });
    expect(r.findings[0]!.actions.join(" ")).toMatch(/IOT_SetLogLevel/);
  });

  it("describes the last attempt when an earlier one failed differently", () => {
    const r = diagnose(log("[005458]<E> failed ! net_connect returned -0x0044", "[005460]<E> TCP or TLS Connection failed", "[005464]<E> iotx_mc_connect failed", "[009000]<E> recvConnackProc error,result = -35", "[009001]<E> iotx_mc_connect failed"));
    expect(r.verdict.primaryCause).toBe("cloud.auth-rejected");
    expect(r.findings.find((f) => f.id === "cloud.tcp-connect-failed")?.severity).toBe("warning");
    expect(r.attempts.total).toBe(2);
  });
});
