import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.tls-cert-invalid", {
  valid: [
    { name: "verification result 0x00 and connected", log: log(espGotIp(), "[inf] _real_confirm(81): certificate verification result: 0x00", ...connectOk16(4000)) },
    { name: "a server alert is not a certificate problem", log: log("[prt] failed  ! mbedtls_ssl_handshake returned -0x7780") },
  ],
  invalid: [
    {
      name: "esp-tls cannot verify the peer certificate",
      log: log("E (12122) esp-tls: wolfSSL_connect returned -0x1", "E (12122) esp-tls: Failed to verify peer certificate 28!", "E (12122) esp-tls: Failed to open new connection", "[err] wrapper_mqtt_connect(2702): TCP or TLS Connection failed"),
      messageId: "verify",
      primary: true,
      evidence: [2],
    },
    {
      name: "X.509 parse error -0x2562 (composite code)",
      log: log("[inf] _TLSConnectNetwork(369): Performing the SSL/TLS handshake...", "[inf] _TLSConnectNetwork(373): failed  ! mbedtls_ssl_handshake returned -0x2562"),
      messageId: "parse",
      primary: true,
    },
    {
      name: "SNTP failed, then the certificate looks expired",
      id: "cloud.tls-cert-invalid.clock-not-set",
      log: log(espGotIp(), "I (15012) conn_mgr: SNTP get 10 time failed, break", "[prt] ! fail ! ERROR_CERTIFICATE_EXPIRED", "[prt] failed  ! mbedtls_ssl_handshake returned -0x2700", "[err](16000) iotx_mc_connect(2700): TCP or TLS Connection failed"),
      messageId: "clock",
      primary: true,
      evidence: [2, 3],
    },
  ],
});
