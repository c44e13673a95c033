import { log, ruleTester } from "../../../test/rule-tester.js";
import { banner16, connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("cloud.auth-rejected", {
  valid: [
    { name: "connect succeeds", log: log(espGotIp(), ...connectOk16(4000)) },
    {
      name: "a refusal, then a later success in the same boot",
      log: log(espGotIp(), ...banner16(4000), "[err](4500) iotx_mc_wait_CONNACK(1791): recvConnackProc error,result = -35", "[err](4501) IOT_MQTT_Construct(3000): iotx_mc_connect failed", ...connectOk16(8000)),
      allowNote: true,
    },
  ],
  invalid: [
    {
      name: "seed S7 pattern in the AliOS dialect",
      log: log(
        "[107787]<E> env prerelease or daily not set ssl hostname",
        "[107797]<E> kv get failed len=384,ret = -2",
        "[108189]<E> recvConnackProc error,result = -35",
        "[108196]<E> wait connect ACK timeout, or receive a ACK indicating error!",
        "[108196]<E> err_code 50438, state_code:-0x0305, str_msg=mqtt ack bad userdata",
        "[108197]<E> iotx_mc_connect failed",
      ),
      messageId: "connack",
      primary: true,
      evidence: [3, 5, 6],
      title: ["-35"],
    },
    {
      name: "not authorized (-34) in the old linkkit dialect",
      log: log(
        "[inf] _TLSConnectNetwork(418):  ok",
        "[inf] _real_confirm(81): certificate verification result: 0x00",
        "[err] iotx_mc_wait_CONNACK(1206): recvConnackProc error,result = -34",
        "[err] iotx_mc_connect(2027): wait connect ACK timeout, or receive a ACK indicating error!",
      ),
      messageId: "connack",
      primary: true,
      evidence: [3],
    },
    {
      name: "only the offline diagnosis record",
      log: log("[034567]<E> EC(0xc506) SC(-0x0305) SM(mqtt ack bad userdata)"),
      primary: true,
    },
    {
      name: "bootstrap answered with a refusal",
      log: log(espGotIp(), "[wrn](3102) iotx_guider_authenticate(712): no dyna url in kv", "[inf](4012) _iotx_guider_bootstrap(402): MQTT URL:", "[err](4020) _iotx_guider_bootstrap(411): ret_code = 400 (!= 200), abort!", "[err](4021) iotx_guider_authenticate(760): Request MQTT URL failed:-1"),
      messageId: "bootstrap",
      primary: true,
    },
  ],
});
