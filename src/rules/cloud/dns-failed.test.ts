import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.dns-failed", {
  valid: [
    { name: "connect succeeds", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "a refused TCP connect is not DNS", log: log("[005458]<E> failed ! net_connect returned -0x0044") },
  ],
  invalid: [
    {
      name: "esp-tls cannot resolve the MQTT host",
      log: log("E (21437) esp-tls: couldn't get hostname for :a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com:", "E (21437) esp-tls: Failed to open new connection", "[err] wrapper_mqtt_connect(2702): TCP or TLS Connection failed"),
      messageId: "dns",
      primary: true,
      title: ["a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com"],
      evidence: [1],
    },
    {
      name: "net_connect -0x0052 (unknown host) from the reference HAL",
      log: log("[prt]  failed ! net_connect returned -0x0052", "[err](5000) iotx_mc_connect(2700): TCP or TLS Connection failed"),
      primary: true,
    },
  ],
});
