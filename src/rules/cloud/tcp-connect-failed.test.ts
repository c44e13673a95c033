import { log, ruleTester } from "../../../test/rule-tester.js";
import { banner16, connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.tcp-connect-failed", {
  valid: [
    { name: "connect succeeds", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "a TLS failure after TCP connected", log: log("[prt] Performing the SSL/TLS handshake...", "[prt] failed  ! mbedtls_ssl_handshake returned -0x7780", "[err](5000) iotx_mc_connect(2700): TCP or TLS Connection failed") },
  ],
  invalid: [
    {
      name: "seed S9 pattern",
      log: log(
        "[005458]<E> failed ! net_connect returned -0x0044",
        "",
        "[005459]<I> ssl_disconnect",
        "[005460]<E> TCP or TLS Connection failed",
        "[005461]<E> err_code 50437, state_code:-0x0342, str_msg=network connect error",
        "[005464]<E> iotx_mc_connect failed",
      ),
      messageId: "tcp",
      primary: true,
      evidence: [1, 4, 6],
    },
    {
      name: "a wrong port in the Host banner",
      log: log(espGotIp(), ...banner16(4000, "a1Test00001.iot-as-mqtt.cn-shanghai.aliyuncs.com", "8883"), "[prt]  failed ! net_connect returned -0x0044", "[err](5000) iotx_mc_connect(2700): TCP or TLS Connection failed"),
      messageId: "port",
      primary: true,
      title: ["8883"],
    },
  ],
});
