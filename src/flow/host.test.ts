import { describe, expect, it } from "vitest";
import { diagnose } from "../index.js";
import { log } from "../../test/rule-tester.js";

describe("host source (seed S6)", () => {
  const banner = (host: string) => [".................................", `      Host : ${host}`, "      Port : 443", "  ClientID : a1Test00001.dev01|securemode=2,_fy=1.6.0|"];
  it("a host starting with the ProductKey without any bootstrap came from the provisioning region", () => {
    const r = diagnose(log("[inf](3012) iotx_guider_set_dynamic_region(530): APP region id:1", ...banner("a1Test00001.iot-as-mqtt.ap-southeast-1.aliyuncs.com")));
    expect(r.facts.hostSource).toBe("region");
  });
  it("an HTTP address request before the direct connect means the cloud returned it, even with the ProductKey prefix", () => {
    const r = diagnose(log("[wrn](3102) iotx_guider_authenticate(712): no dyna url in kv", "[inf](4012) _iotx_guider_bootstrap(402): MQTT URL:", "[inf](4020) _iotx_guider_bootstrap(430): set dyna mqtt:a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com:443,ret=0", ...banner("a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com")));
    expect(r.facts.hostSource).toBe("cloud");
  });
  it("kv set mqtt_url typed on the console", () => {
    const r = diagnose(log("# kv set mqtt_url 10.0.0.9:1883", ...banner("10.0.0.9")));
    expect(r.facts.hostSource).toBe("kv");
  });
});
