import { log, ruleTester } from "../../../test/rule-tester.js";
import { connectOk16, espGotIp } from "../../../test/snippets.js";

ruleTester("device.crash-reboot", {
  valid: [
    { name: "a plain power-on boot", log: log("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)", "ets Jun  8 2016 00:22:57", espGotIp(), ...connectOk16(4000)) },
    {
      name: "a crash, then a later boot that connects (reported as a warning only)",
      log: log("[inf](506) zconfig_callback_channel_locked(139): channel lock @ 6", "Guru Meditation Error: Core  0 panic'ed (StoreProhibited). Exception was unhandled.", "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)", espGotIp(), ...connectOk16(4000)),
      allowNote: true,
    },
  ],
  invalid: [
    {
      name: "stack overflow during provisioning",
      log: log("[crt] enable awss", "[inf](506) zconfig_callback_channel_locked(139): channel lock @ 6", "***ERROR*** A stack overflow in task ppT has been detected.", "abort() was called at PC 0x40223c07 on core 0", "Guru Meditation Error: Core  0 panic'ed (StoreProhibited). Exception was unhandled."),
      primary: true,
      evidence: [2, 3],
      title: ["wifi"],
    },
    {
      name: "watchdog reset loop right after Wi-Fi, the banner cut by the ROM",
      log: log("[004810]<V> wifi_service_event config.ssid fix-ssid", "Guru Medets Jun  8 2016 00:22:57", "", "rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)", "ets Jun  8 2016 00:22:57", "rst:0x7 (TG0WDT_SYS_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)", "configsip: 0, SPIWP:0xee"),
      primary: true,
    },
  ],
});
