/**
 * What each flow event means for connect attempts. Phases follow the SDK's connect sequence
 * (guider/host → TCP → TLS → MQTT CONNECT → CONNACK), see reference/flow-messages.md §2–5.
 * - marker: the SDK prints it when a new attempt gets to this point; it opens a new attempt when the
 *   current one is already past this phase or has already printed it
 * - root: a first-hand failure; a second root opens a new attempt (an attempt fails only once)
 * - detail: belongs to the current attempt (or the last one)
 * - summary: "TCP or TLS Connection failed" and the like restate the failure printed just before;
 *   they are the root only when nothing more specific was printed
 * - ok / fail: the attempt's outcome line
 */
export type AttemptRole = "marker" | "root" | "detail" | "ok" | "fail";

export interface AttemptSemantics {
  role: AttemptRole;
  phase: number;
  /** a summary line that restates an earlier failure: a root only when the attempt has none yet */
  summary?: boolean;
  /** the server must have answered for this line to be printed */
  answered?: boolean;
}

export const PHASE = { host: 0, tcp: 1, tls: 2, mqtt: 3, connack: 4 } as const;

export const ATTEMPT_EVENTS: Record<string, AttemptSemantics> = {
  "banner.host": { role: "marker", phase: PHASE.host },
  "mqtt.default-host": { role: "marker", phase: PHASE.host },
  "mqtt.reconnect-start": { role: "marker", phase: PHASE.host },
  "mqtt.init": { role: "marker", phase: PHASE.host },
  "guider.dyna-url": { role: "detail", phase: PHASE.host },
  "guider.no-dyna-url": { role: "detail", phase: PHASE.host },
  "guider.bootstrap-reply": { role: "detail", phase: PHASE.host, answered: true },
  "guider.set-dyna-url": { role: "detail", phase: PHASE.host, answered: true },
  "http.response": { role: "detail", phase: PHASE.host, answered: true },
  "guider.rejected": { role: "root", phase: PHASE.host, answered: true },
  "guider.failed": { role: "root", phase: PHASE.host, summary: true },
  "tls.load-ca": { role: "marker", phase: PHASE.tcp },
  "net.tcp-start": { role: "marker", phase: PHASE.tcp },
  "net.socket": { role: "detail", phase: PHASE.tcp },
  "net.dns-failed": { role: "root", phase: PHASE.tcp },
  "net.connect-result": { role: "root", phase: PHASE.tcp },
  "net.tcp-failed": { role: "root", phase: PHASE.tcp },
  "tls.ca-parse-failed": { role: "root", phase: PHASE.tcp },
  "net.failed": { role: "root", phase: PHASE.tcp, summary: true },
  "tls.setup": { role: "marker", phase: PHASE.tls },
  "tls.handshake-start": { role: "marker", phase: PHASE.tls },
  "step.ok": { role: "detail", phase: PHASE.tcp },
  "tls.ok": { role: "detail", phase: PHASE.tls, answered: true },
  "tls.verify-result": { role: "detail", phase: PHASE.tls, answered: true },
  "tls.verify-failed": { role: "detail", phase: PHASE.tls, answered: true },
  "tls.handshake-failed": { role: "root", phase: PHASE.tls },
  "mqtt.clientid": { role: "detail", phase: PHASE.host },
  "banner.port": { role: "detail", phase: PHASE.host },
  "mqtt.connect-params": { role: "detail", phase: PHASE.mqtt },
  "tls.null-handle": { role: "detail", phase: PHASE.mqtt },
  "mqtt.send-connect-failed": { role: "root", phase: PHASE.mqtt, summary: true },
  "mqtt.connack-timeout": { role: "root", phase: PHASE.connack, answered: true },
  "mqtt.connack-refused": { role: "root", phase: PHASE.connack, answered: true },
  "mqtt.connack-unknown": { role: "detail", phase: PHASE.connack, answered: true },
  "mqtt.connack-summary": { role: "root", phase: PHASE.connack, summary: true },
  "mqtt.window-failed": { role: "root", phase: PHASE.connack, summary: true },
  "mqtt.attempt-failed": { role: "fail", phase: PHASE.connack },
  "mqtt.connected": { role: "ok", phase: PHASE.connack, answered: true },
};

/** Events that show the MQTT session is up (and so that an earlier attempt succeeded). */
export const SESSION_EVENTS = new Set(["mqtt.session", "token.sent", "token.reply", "token.sending", "token.timeout", "token.try-fail", "bind.notify"]);

/** Events in which the server (or the internet) answered: proof that Wi-Fi and IP worked. */
export const NETWORK_PROOF = new Set([
  "wifi.got-ip",
  "wifi.suc-notify",
  "sntp.ok",
  "http.response",
  "guider.bootstrap-reply",
  "guider.set-dyna-url",
  "guider.rejected",
  "tls.ok",
  "tls.verify-result",
  "tls.verify-failed",
  "mqtt.connack-refused",
  "mqtt.connected",
  "mqtt.session",
  "token.reply",
  "token.sent",
  "bind.notify",
  "bind.query",
  "bind.reply",
  "region.notify",
]);

export const WIFI_ACTIVITY = new Set([
  "awss.enable",
  "awss.start",
  "awss.listen",
  "awss.ap",
  "awss.lock",
  "awss.got-ssid",
  "awss.devap",
  "awss.crc-err",
  "wifi.connecting",
  "wifi.associated",
]);

export const WIFI_FAILURES = new Set([
  "awss.passwd-err",
  "awss.timeout",
  "wifi.ap-not-found",
  "wifi.weak-signal",
  "wifi.join-failed",
]);

/** ESP Wi-Fi disconnect reasons that mean the join failed (esp_wifi_types.h). */
export const WIFI_REASON = {
  apNotFound: new Set([201]),
  authFailed: new Set([2, 15, 202, 204, 203, 205, 23, 14]),
};

/** Reset reasons that mean the previous boot ended in a watchdog (ESP32 rst:0x.. names, ESP8266 rst cause). */
export const WDT_RESET = /WDT|WATCHDOG|^4$/;
