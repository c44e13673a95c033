import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.tls-buffer-too-small", {
  valid: [
    { name: "connect succeeds", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "another handshake error", log: log("[prt] failed  ! mbedtls_ssl_handshake returned -0x7780") },
  ],
  invalid: [
    {
      name: "hex -0x7200 in the handshake",
      log: log(espGotIp(), "[prt] Performing the SSL/TLS handshake...", "[prt] failed  ! mbedtls_ssl_handshake returned -0x7200", "[err](5000) iotx_mc_connect(2700): TCP or TLS Connection failed"),
      messageId: "record",
      primary: true,
      evidence: [3],
    },
    {
      name: "decimal -29184 on read after connecting, three times",
      log: log(
        espGotIp(),
        ...[0, 1, 2].flatMap((i) => [
          `[inf](${5000 + i * 4000}) iotx_mc_connect(2769): mqtt connect success!`,
          `[inf](${6000 + i * 4000}) _network_ssl_read(456): ssl recv error: code = -29184, err_str = ''`,
          `[err](${6001 + i * 4000}) iotx_mc_keepalive(1871): network is disconnected!`,
          `[err](${7000 + i * 4000}) iotx_mc_handle_reconnect(2841): start to reconnect`,
        ]),
      ),
      primary: true,
    },
  ],
});
