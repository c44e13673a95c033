import { log, ruleTester } from "../../../test/rule-tester.js";
import { banner16, connectOk16, espGotIp, tokenOk } from "../../../test/snippets.js";

const up = [espGotIp(), ...connectOk16(4000)];
const migrate = ["[inf](30000) reconnect_msg_cb(88): reconnect_msg_cb called", "[dbg](30010) _iotx_linkkit_event_callback(260): Cloud Redirect", "[err](30100) iotx_mc_handle_reconnect(2841): start to reconnect"];

ruleTester("bind.failed", {
  valid: [{ name: "notify sent, phone answered", log: log(...up, ...tokenOk(6000), "[inf](9000) awss_process_get_devinfo(120): sending message to app: {\"id\":1,\"code\":200}") }],
  invalid: [
    {
      name: "bind notify storm with RTOS mutex errors",
      log: log(...up, "[inf](6300) awss_report_token_reply(117): awss_report_token_reply", "I (42047) app main: IOTX_AWSS_BIND_NOTIFY", "E (42057) in: lock mutex failed: - 'Invalid argument' (22)", "I (42057) app main: IOTX_AWSS_BIND_NOTIFY", "E (42067) in: lock mutex failed: - 'Invalid argument' (22)"),
      primary: true,
      evidence: [12],
    },
  ],
});

ruleTester("bind.region-migration", {
  valid: [{ name: "no migration", log: log(...up, ...tokenOk(6000)) }],
  invalid: [
    {
      name: "migrated, then refused in the new region",
      log: log(...up, ...tokenOk(6000), ...migrate, ...banner16(31000, "a1Test00001.iot-as-mqtt.ap-southeast-1.aliyuncs.com"), "[err](32000) iotx_mc_wait_CONNACK(1791): recvConnackProc error,result = -35", "[err](32001) IOT_MQTT_Construct(3000): iotx_mc_connect failed"),
      messageId: "failed",
      primary: true,
      evidence: [15, 24],
    },
    {
      name: "migrated and back online (information)",
      log: log(...up, ...tokenOk(6000), ...migrate, ...banner16(31000, "a1Test00001.iot-as-mqtt.ap-southeast-1.aliyuncs.com"), "[inf](32000) iotx_mc_connect(2769): mqtt connect success!"),
      messageId: "ok",
      primary: false,
    },
  ],
});

ruleTester("bind.notify-absent", {
  valid: [{ name: "notify present", log: log(...up, ...tokenOk(6000)) }],
  invalid: [
    {
      name: "token acknowledged, no notify",
      log: log(...up, "[inf](6000) awss_report_token_to_cloud(366): report token res:14", "[inf](6300) awss_report_token_reply(117): awss_report_token_reply"),
      primary: false,
    },
  ],
});
