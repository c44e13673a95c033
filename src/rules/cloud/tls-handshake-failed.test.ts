import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.tls-handshake-failed", {
  valid: [
    { name: "connect succeeds", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "memory failure is its own cause", log: log("E (5000) esp-tls: mbedtls_ssl_handshake returned -0x7F00") },
  ],
  invalid: [
    {
      name: "fatal alert from the server (-0x7780)",
      log: log(espGotIp(), "[prt] Performing the SSL/TLS handshake...", "[prt] failed  ! mbedtls_ssl_handshake returned -0x7780", "[err](5000) iotx_mc_connect(2700): TCP or TLS Connection failed"),
      messageId: "handshake",
      primary: true,
      title: ["-0x7780"],
    },
  ],
});
