import { defineAttemptRule } from "../rule.js";
import { connackTimeoutFor, eventsOf, fmtSeconds } from "../helpers.js";
import type { FlowEvent } from "../../signatures/event.js";

/**
 * No CONNACK within the device's wait (2 s before smartliving SDK 1.6, 6 s from 1.6): `wait connack
 * timeout`, state -0x0344 "mqtt ack unknown fail" (err_code 50438/0xC506), or the server closing the
 * connection while the device waits for the CONNACK. Seed S8.
 */
export const connackTimeout = defineAttemptRule({
  id: "cloud.connack-timeout",
  stage: "cloud",
  severity: "error",
  rank: 70,
  description: "the device gave up waiting for the MQTT CONNACK",
  messages: ["timeout", "closed"],
  match(a, flow) {
    const timeout = eventsOf(a, "mqtt.connack-timeout");
    const unknown = eventsOf(a, "mqtt.connack-unknown");
    const closed = a.root && (a.root.type === "mqtt.read-error" || a.root.type === "tls.read-error") ? [a.root] : [];
    if (timeout.length === 0 && unknown.length === 0 && closed.length === 0) return undefined;
    if (eventsOf(a, "mqtt.connack-refused").length > 0) return undefined;
    const { seconds, version } = connackTimeoutFor(flow);
    const data: Record<string, string | number> = {
      timeout: seconds !== undefined ? String(seconds) : "2/6",
      version: version ?? "",
      unknownVersion: version ? "" : "yes",
    };
    // how long the device actually waited: from the last connect step before the timeout
    const end: FlowEvent | undefined = timeout[0] ?? closed[0] ?? unknown[0];
    const steps = a.events.filter((e) => end && e.line < end.line && ["tls.setup", "tls.handshake-start", "tls.ok", "step.ok", "net.tcp-start", "mqtt.init", "tls.verify-result", "mqtt.connect-params"].includes(e.type));
    const from = steps[steps.length - 1];
    if (end && from && end.t !== undefined && from.t !== undefined && !end.tApprox && !from.tApprox && end.t >= from.t) {
      data.observed = fmtSeconds(end.t - from.t);
      data.fromLine = from.line;
    }
    const tail = eventsOf(a, "mqtt.connack-summary", "mqtt.attempt-failed");
    return {
      messageId: timeout.length > 0 || closed.length === 0 ? "timeout" : "closed",
      data,
      evidence: [...(from && data.observed ? [from] : []), ...timeout, ...closed, ...unknown, ...tail],
    };
  },
});
