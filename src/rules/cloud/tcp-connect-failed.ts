import { defineAttemptRule } from "../rule.js";
import { eventsOf } from "../helpers.js";

const USUAL_PORTS = ["443", "1883"];

/**
 * The TCP connection to the MQTT server failed: net_connect -0x0044 (or other NET codes), esp-tls
 * "Failed to connect to host (errno N)", a local socket/bind failure, or a bare "TCP or TLS Connection
 * failed" (state -0x0342, err_code 50437) before any TLS step. Seed S9: network path, or a wrong port.
 */
export const tcpConnectFailed = defineAttemptRule({
  id: "cloud.tcp-connect-failed",
  stage: "cloud",
  severity: "error",
  rank: 50,
  description: "the TCP connection to the MQTT server failed (network path, firewall, wrong port)",
  messages: ["tcp", "port"],
  match(a) {
    const net = eventsOf(a, "net.connect-result", "net.tcp-failed");
    const generic = eventsOf(a, "net.failed");
    const tlsStarted = a.events.some((e) => e.type === "tls.setup" || e.type === "tls.handshake-start" || e.type.startsWith("tls.handshake") || e.type === "tls.ok");
    if (net.length === 0 && (generic.length === 0 || tlsStarted)) return undefined;
    const port = a.port ?? "";
    const data = { port, usual: USUAL_PORTS.join(", "), host: a.host ?? "", errno: net.find((e) => e.fields.errno)?.fields.errno ?? "" };
    const evidence = [...eventsOf(a, "net.socket"), ...net, ...generic, ...eventsOf(a, "mqtt.attempt-failed")];
    return { messageId: port && !USUAL_PORTS.includes(port) ? "port" : "tcp", data, evidence };
  },
});
