/** Registry of all rules, sorted by id. Each rule has tests and texts (npm test checks both). */
import type { Rule } from "./rule.js";
import { authRejected } from "./cloud/auth-rejected.js";
import { connackTimeout } from "./cloud/connack-timeout.js";
import { connectionDropped } from "./cloud/connection-dropped.js";
import { dnsFailed } from "./cloud/dns-failed.js";
import { duplicateClient } from "./cloud/duplicate-client.js";
import { outOfMemory } from "./cloud/out-of-memory.js";
import { rateLimited } from "./cloud/rate-limited.js";
import { tcpConnectFailed } from "./cloud/tcp-connect-failed.js";
import { tlsBufferTooSmall } from "./cloud/tls-buffer-too-small.js";
import { tlsCertInvalid } from "./cloud/tls-cert-invalid.js";
import { tlsHandshakeFailed } from "./cloud/tls-handshake-failed.js";
import { nonProductionEndpoint, wrongEndpoint } from "./cloud/wrong-endpoint.js";
import { bindFailed, notifyAbsent, regionMigration } from "./bind/rules.js";
import { crashReboot } from "./device/crash-reboot.js";
import { halPortError } from "./device/hal-port-error.js";
import { benignContext } from "./general/context.js";
import { bindInProgress, cloudInProgress, tokenInProgress, wifiInProgress } from "./general/in-progress.js";
import { reportFailed, reportTimeout } from "./token/rules.js";
import { apNotFound, authFailed, credentialDecryptFailed, dhcpFailed, provisionTimeout } from "./wifi/rules.js";

export const RULES: readonly Rule[] = [
  bindFailed,
  bindInProgress,
  notifyAbsent,
  regionMigration,
  authRejected,
  connackTimeout,
  connectionDropped,
  dnsFailed,
  duplicateClient,
  cloudInProgress,
  outOfMemory,
  rateLimited,
  tcpConnectFailed,
  tlsBufferTooSmall,
  tlsCertInvalid,
  tlsHandshakeFailed,
  wrongEndpoint,
  nonProductionEndpoint,
  crashReboot,
  halPortError,
  benignContext,
  reportFailed,
  reportTimeout,
  tokenInProgress,
  apNotFound,
  authFailed,
  credentialDecryptFailed,
  dhcpFailed,
  wifiInProgress,
  provisionTimeout,
];

export type { Rule } from "./rule.js";
