import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

function cycles(n: number, upFor: number): string[] {
  const out = [espGotIp(1000)];
  for (let i = 0; i < n; i++) {
    const t = 2000 + i * (upFor + 5000);
    out.push(
      `[inf](${t}) iotx_mc_connect(2769): mqtt connect success!`,
      `[inf](${t + upFor}) _network_ssl_read(456): ssl recv error: code = -30848, err_str = ''`,
      `[err](${t + upFor + 1}) iotx_mc_keepalive(1871): network is disconnected!`,
      `[err](${t + upFor + 1000}) iotx_mc_handle_reconnect(2841): start to reconnect`,
    );
  }
  return out;
}

ruleTester("cloud.duplicate-client", {
  valid: [
    { name: "connected and stays up", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "two quick kicks are not yet a pattern", log: log(...cycles(2, 3000)), allowNote: true },
    { name: "drops hours apart", log: log(...cycles(3, 3_600_000)), allowNote: true },
  ],
  invalid: [
    {
      name: "kicked four times within seconds of each connect",
      log: log(...cycles(4, 3000), "[inf](40000) iotx_mc_connect(2769): mqtt connect success!"),
      messageId: "kicked",
      primary: true,
      title: ["4"],
    },
  ],
});
