import { log, ruleTester } from "../../../test/rule-tester.js";
import { banner16, connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("wifi.in-progress", {
  valid: [{ name: "provisioning finished", log: log("[crt] enable awss", espGotIp(9000)) }],
  invalid: [{ name: "channel hopping when the log ends", log: log("[ 228.820]<A>AOS do_awss_active 1", "[ 228.960]<F>awss chan 1", "[ 239.220]<F>awss chan 11"), explanation: ["10.4 s"] }],
});

ruleTester("cloud.in-progress", {
  valid: [{ name: "connected", log: log(espGotIp(), ...connectOk16(4000)) }],
  invalid: [{ name: "connect params printed, log cut", log: log(espGotIp(), ...banner16(4000)) }],
});

ruleTester("token.in-progress", {
  valid: [{ name: "no binding at all", log: log(espGotIp(), ...connectOk16(4000)) }],
  invalid: [{ name: "one send, 2 s later the log ends", log: log(espGotIp(), ...connectOk16(4000), "[inf](6000) awss_report_token_to_cloud(366): report token res:14", "[inf](8000) iotx_mc_cycle(1500): receive ping response!") }],
});

ruleTester("bind.in-progress", {
  valid: [{ name: "no migration", log: log(espGotIp(), ...connectOk16(4000)) }],
  invalid: [
    {
      name: "migration notice, log ends before the reconnect",
      log: log(espGotIp(), ...connectOk16(4000), "[inf](6300) awss_report_token_reply(117): awss_report_token_reply", "[inf](30000) reconnect_msg_cb(88): reconnect_msg_cb called", "[dbg](30010) _iotx_linkkit_event_callback(260): Cloud Redirect"),
    },
  ],
});
