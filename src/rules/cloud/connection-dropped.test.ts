import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.connection-dropped", {
  valid: [
    { name: "connected and stays up", log: log(espGotIp(), ...connectOk16(4000), "[inf](64000) iotx_mc_keepalive_sub(1700): send MQTT ping...", "[inf](64100) iotx_mc_cycle(1500): receive ping response!") },
    {
      name: "dropped once and reconnected (a warning only)",
      log: log(espGotIp(), ...connectOk16(4000), "[err](30000) iotx_mc_keepalive(1871): network is disconnected!", "[err](31000) iotx_mc_handle_reconnect(2841): start to reconnect", "[err](33000) iotx_mc_keepalive(1880): network is reconnected!"),
      allowNote: true,
    },
  ],
  invalid: [
    {
      name: "server closed the session (-30848) and the log ends disconnected",
      log: log(
        "[inf] _network_ssl_read(456): ssl recv error: code = -30848, err_str = ''",
        "[dbg] iotx_mc_read_packet(744): mqtt read error, rc=-2",
        "[dbg] iotx_mc_cycle(1239): readPacket error,result = -1",
        "[err] iotx_mc_keepalive(1871): network is disconnected!",
        "event_handle|098 :: MQTT disconnect.",
      ),
      messageId: "dropped",
      primary: true,
      evidence: [1, 4],
    },
  ],
});
