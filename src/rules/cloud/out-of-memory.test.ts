import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.out-of-memory", {
  valid: [
    { name: "connect succeeds with little heap", log: log("after heap 21000 min 18000", espGotIp(), ...connectOk16(4000)) },
    { name: "certificate verify failure is not memory", log: log("E (2372699) esp-tls: mbedtls_ssl_handshake returned -0x2700") },
  ],
  invalid: [
    {
      name: "-0x7F00 during the handshake on ESP8266",
      log: log("I (4000) MQTT: free heap size:23880", espGotIp(), "E (5000) esp-tls: mbedtls_ssl_handshake returned -0x7F00", "E (5001) esp-tls: Failed to open new connection", "[err] wrapper_mqtt_connect(2702): TCP or TLS Connection failed"),
      messageId: "alloc",
      primary: true,
      explanation: ["23880"],
    },
    {
      name: "X509_ALLOC_FAILED (-0x2880) while parsing the server certificate",
      log: log("E (2372699) esp-tls: mbedtls_ssl_handshake returned -0x2880", "I (2372699) esp-tls: Certificate verified.", "E (2372709) esp-tls: Failed to open new connection"),
      primary: true,
    },
  ],
});
