import { log, ruleTester } from "../../../test/rule-tester.js";
import { connackTimeout16, connectOk16, espGotIp } from "../../../test/snippets.js";

/** n CONNACK timeouts starting every `gap` ms (one boot, uptime clock). */
function storm(n: number, gap: number): string[] {
  const out: string[] = [espGotIp(1000)];
  for (let i = 0; i < n; i++) out.push(...connackTimeout16(2000 + i * gap));
  return out;
}

ruleTester("cloud.rate-limited", {
  valid: [
    { name: "five timeouts within a minute are not yet throttling", log: log(...storm(5, 9000)) },
    { name: "six attempts spread over more than a minute each", log: log(...storm(6, 13000)) },
    { name: "a storm of refusals is explained by the refusal", log: log(...Array.from({ length: 7 }, (_, i) => `[${String(100000 + i * 3000).padStart(6, "0")}]<E> recvConnackProc error,result = -35`)), allowNote: true },
    { name: "connected", log: log(espGotIp(), ...connectOk16(4000)) },
  ],
  invalid: [
    {
      name: "seven CONNACK timeouts within 60 s",
      log: log(...storm(7, 8000)),
      messageId: "storm",
      primary: true,
      title: ["7"],
      evidence: [8, 62],
    },
    {
      name: "a reboot loop: attempts counted across boots with a serial-terminal clock",
      log: log(
        ...Array.from({ length: 7 }, (_, i) => {
          const s = String(i * 9).padStart(2, "0");
          return [
            `[10:00:${s}.000] rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)`,
            `[10:00:${s}.500] I (500) event: sta ip: 192.168.3.84, mask: 255.255.255.0, gw: 192.168.3.1`,
            `[10:00:${s}.900] [inf](900) iotx_mc_init(1753): MQTT init success!`,
            `[10:00:${String(i * 9 + 6).padStart(2, "0")}.900] [err](6900) iotx_mc_wait_CONNACK(1791): wait connack timeout`,
          ];
        }).flat(),
      ),
      primary: true,
    },
  ],
});
