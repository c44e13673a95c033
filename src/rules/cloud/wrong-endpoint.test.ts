import { log, ruleTester } from "../../../test/rule-tester.js";
import { banner16, connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.wrong-endpoint", {
  valid: [
    { name: "production host, connected", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "production host, TCP failure is not an endpoint problem", log: log(espGotIp(), ...banner16(4000), "[prt]  failed ! net_connect returned -0x0044", "[err](5000) iotx_mc_connect(2700): TCP or TLS Connection failed") },
  ],
  invalid: [
    {
      name: "a hand-set kv mqtt_url that does not answer",
      log: log(
        "# kv set mqtt_url 10.0.0.9:1883",
        "[001000]<I> Got ip : 192.168.1.23, gw : 192.168.1.1, mask : 255.255.255.0",
        "[002000]<I> dyna url:10.0.0.9:1883 count:1",
        "      Host : 10.0.0.9",
        "      Port : 1883",
        "[002500]<E> failed ! net_connect returned -0x0044",
        "[002501]<E> TCP or TLS Connection failed",
        "[002502]<E> iotx_mc_connect failed",
      ),
      messageId: "kv",
      primary: true,
      evidence: [1],
    },
    {
      name: "prerelease address that refuses the device",
      log: log(espGotIp(), ...banner16(4000, "47.111.216.79", "1883"), "[err](4500) iotx_mc_wait_CONNACK(1791): recvConnackProc error,result = -35"),
      messageId: "environment",
      primary: true,
    },
    {
      name: "non-production warning when it works",
      id: "cloud.wrong-endpoint.non-production",
      log: log(espGotIp(), ...banner16(4000, "47.111.216.79", "1883"), "[inf](5500) iotx_mc_connect(2769): mqtt connect success!"),
      primary: false,
    },
  ],
});
