import { log, ruleTester } from "../../../test/rule-tester.js";
import { connackTimeout16, connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.connack-timeout", {
  valid: [
    { name: "connect succeeds", log: log(espGotIp(), ...connectOk16(4000)) },
    { name: "a refusal is not a timeout", log: log("[108189]<E> recvConnackProc error,result = -35", "[108196]<E> wait connect ACK timeout, or receive a ACK indicating error!") },
  ],
  invalid: [
    {
      name: "seed S8 pattern, SDK version unknown: both waits named, the observed 2.7 s shown",
      log: log(
        "[110626]<E> env prerelease or daily not set ssl hostname",
        "[110638]<E> kv get failed len=384,ret = -2",
        "[113287]<E> wait connack timeout",
        "[113292]<E> wait connect ACK timeout, or receive a ACK indicating error!",
        "[113292]<E> err_code 50438, state_code:-0x0344, str_msg=mqtt ack unknown fail",
        "[113293]<E> iotx_mc_connect failed",
        "[113393]<E> handle is NULL",
      ),
      messageId: "timeout",
      primary: true,
      evidence: [3, 5, 6],
      explanation: ["2 s", "6 s", "2.7 s"],
    },
    {
      name: "SDK 1.6 found in the ClientID: 6 s",
      log: log(espGotIp(), ...connackTimeout16(4000)),
      messageId: "timeout",
      primary: true,
      explanation: ["SDK 1.6.0: 6 s", "7.0 s"],
    },
    {
      name: "connection closed while waiting for the CONNACK",
      log: log(espGotIp(), "[inf](4000) _TLSConnectNetwork(410): Performing the SSL/TLS handshake...", "[inf](5000) _TLSConnectNetwork(418):  ok", "[err](6000) iotx_mc_wait_CONNACK(1780): readPacket error,result = -1", "[err](6001) IOT_MQTT_Construct(3000): iotx_mc_connect failed"),
      messageId: "closed",
      primary: true,
    },
  ],
});
