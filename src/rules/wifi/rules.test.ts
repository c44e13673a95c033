import { log, ruleTester } from "../../../test/rule-tester.js";
import { espGotIp } from "../../../test/snippets.js";

const enable = ["[crt] enable awss", "", "I (658) app main: IOTX_AWSS_ENABLE", "[crt] __awss_start", "[inf](190) zconfig_init(261): zconfig_init", "I (692) awss: Open monitor mode"];
const gotSsid = ["[inf](9000) zconfig_callback_over(136): zconfig done. ssid:fix-ssid, mac:000000000000", "I (9010) app main: IOTX_AWSS_GOT_SSID_PASSWD", "I (9100) app main: IOTX_AWSS_CONNECT_ROUTER", "I (9100) awss: ssid: fix-ssid, password: ******, channel: 6", "I (9100) awss: Connecting AP"];

ruleTester("wifi.provision-timeout", {
  valid: [
    { name: "provisioned and got an IP", log: log(...enable, ...gotSsid, espGotIp(11000)) },
    { name: "still listening when the log ends", log: log(...enable, "[crt] chan 1", "[crt] chan 6") },
  ],
  invalid: [
    {
      name: "awss timeout after three minutes",
      log: log(...enable, "[crt] chan 1", "[crt] chan 6", "[wrn](180200) __awss_start(201): awss timeout!", "E (180300) app main: IOTX_AWSS_ENALBE_TIMEOUT"),
      primary: true,
      evidence: [3, 10],
    },
  ],
});

ruleTester("wifi.credential-decrypt-failed", {
  valid: [{ name: "decoded and joined", log: log(...enable, ...gotSsid, espGotIp(11000)) }],
  invalid: [
    {
      name: "passwd err and the ESP event, product parameters missing",
      log: log("E (72145) wrapper_product: HAL_GetProductParam nvs_open failed with 1102", "[wrn] get_ssid_passwd_from_w(208): p2p decrypt passwd content err", "E (72145) app main: IOTX_AWSS_PASSWD_ERR", "[crt] awss_recv_callback_smartconfig(1090): 0+0 [100] 61b F 4e0", "I (72345) app main: IOTX_AWSS_LOCK_CHAN"),
      primary: true,
      evidence: [1, 3],
    },
  ],
});

ruleTester("wifi.ap-not-found", {
  valid: [{ name: "joined", log: log(...gotSsid, espGotIp(11000)) }],
  invalid: [
    {
      name: "ESP disconnect reason 201 until the join gives up",
      log: log(...gotSsid, "E (9600) conn_mgr: Disconnect reason : 201", "I (9600) awss: Connecting AP", "E (10100) conn_mgr: Disconnect reason : 201", "E (39200) app main: IOTX_AWSS_CONNECT_ROUTER_FAIL"),
      primary: true,
      title: ["fix-ssid"].slice(0, 0),
    },
    {
      name: "the SDK's AP diagnosis: weak signal",
      id: "wifi.ap-not-found.weak-signal",
      log: log(...gotSsid, "[err](35012) awss_ap_diagnosis(126): connect fix-ssid fail rssi(-78) low"),
      primary: true,
      title: ["-78"],
    },
  ],
});

ruleTester("wifi.auth-failed", {
  valid: [{ name: "joined", log: log(...gotSsid, espGotIp(11000)) }],
  invalid: [
    {
      name: "4-way handshake timeout (reason 15)",
      log: log(...gotSsid, "E (12000) conn_mgr: Disconnect reason : 15", "I (12100) awss: Connecting AP", "E (15000) conn_mgr: Disconnect reason : 15", "E (39200) app main: IOTX_AWSS_CONNECT_ROUTER_FAIL"),
      primary: true,
      explanation: ["15"],
    },
  ],
});

ruleTester("wifi.dhcp-failed", {
  valid: [{ name: "joined with an IP", log: log(...gotSsid, "I (9500) wifi: connected with fix-ssid, channel 6", espGotIp(11000)) }],
  invalid: [
    {
      name: "associated, no IP, join given up",
      log: log(...gotSsid, "I (9500) wifi: state: assoc -> run (10)", "I (9500) wifi: connected with fix-ssid, channel 6", "I (9600) awss: Connecting AP", "E (39200) app main: IOTX_AWSS_CONNECT_ROUTER_FAIL"),
      primary: true,
      evidence: [7],
    },
  ],
});
