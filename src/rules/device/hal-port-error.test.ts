import { log, ruleTester } from "../../../test/rule-tester.js";

const scan = (rssi: (i: number) => number) =>
  Array.from({ length: 6 }, (_, i) => `[00${2050 + i * 10}]<F> [${i + 1}] ssid:ap-${i}, mac:20f41b885b5${i}, chn:${(i % 11) + 1}, rssi:${rssi(i)}, adha:0`);

ruleTester("device.hal-port-error", {
  valid: [
    { name: "real RSSI values", log: log("[002006]<I> zconfig_init", "[002018]<F> chan 1", ...scan((i) => -60 - i * 5)) },
    { name: "a zero MAC of the sender in zconfig is not the device MAC", log: log("[inf] zconfig_callback_over(136): zconfig done. ssid:fix-ssid, mac:000000000000") },
  ],
  invalid: [
    {
      name: "every AP at RSSI -1",
      log: log("[002006]<I> zconfig_init", "Soft_AP_start", "[002018]<F> chan 1", ...scan(() => -1)),
      messageId: "rssi",
      primary: true,
    },
    {
      name: "device MAC 00:00:00:00:00:00 in the device info",
      log: log('[inf](19000) awss_build_dev_info(88): {"awssVer":{"smartconfig":"2.0"},"productKey":"a1Test00001","deviceName":"dev01","mac":"00:00:00:00:00:00","ip":"192.168.1.7"}', "[crt] chan 1"),
      messageId: "mac",
      primary: true,
    },
  ],
});
