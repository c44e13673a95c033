/**
 * The device's network layer: TCP, TLS through the mbedTLS input-buffer gate, and the guider's HTTPS request.
 * Every outcome comes from the real socket; the lines printed are those of the platform's TLS layer (the
 * reference mbedTLS HAL on linkkit/AliOS builds, esp-tls on ESP builds).
 */
import net from "node:net";
import tls from "node:tls";
import https from "node:https";
import type { Duplex } from "node:stream";
import type { SimClock } from "./clock.js";
import type { LogWriter } from "./logwriter.js";
import type { SimNet } from "./simnet.js";
import { RecordGate, RecordTooLargeError } from "./tlsrecord.js";

export interface NetContext {
  log: LogWriter;
  net: SimNet;
  clock: SimClock;
  ca: string;
  tls: boolean;
  /** MBEDTLS_SSL_IN_CONTENT_LEN */
  tlsBuffer: number;
  /** every socket the device opens, to destroy them at shutdown */
  sockets: Set<{ destroy(): unknown }>;
  say: (msg: string) => void;
}

export type Transport = { ok: true; stream: Duplex } | { ok: false; stage: "dns" | "tcp" | "tls"; code: string; detail: string };

/** ESP errno / mbedTLS net code of a failed TCP connect */
function tcpCode(e: NodeJS.ErrnoException): { errno: number; mbed: string } {
  if (e.code === "ECONNREFUSED") return { errno: 111, mbed: "-0x0044" };
  if (e.code === "ETIMEDOUT") return { errno: 113, mbed: "-0x0044" };
  return { errno: 104, mbed: "-0x0044" };
}

/** mbedTLS code for a failed handshake */
function handshakeCode(e: Error & { code?: string }): string {
  if (e instanceof RecordTooLargeError) return "-0x7200"; // MBEDTLS_ERR_SSL_INVALID_RECORD
  const c = e.code ?? "";
  if (/CERT|SIGNATURE|ALTNAME|SELF_SIGNED|ISSUER/.test(c)) return "-0x2700"; // X509 verify failed
  if (c === "ECONNRESET") return "-0x0050"; // MBEDTLS_ERR_NET_CONN_RESET
  if (/ALERT/.test(c) || /alert/i.test(e.message)) return "-0x7780"; // fatal alert from the server
  return "-0x7280"; // MBEDTLS_ERR_SSL_CONN_EOF
}

function tcpConnect(ctx: NetContext, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    ctx.sockets.add(s);
    s.once("connect", () => {
      s.removeListener("error", reject);
      resolve(s);
    });
    s.once("error", reject);
  });
}

/** Opens the MQTT transport to host:port, printing what the platform prints. */
export async function openTransport(ctx: NetContext, host: string, port: number): Promise<Transport> {
  const { log } = ctx;
  const hal = log.platform === "hal";
  const route = ctx.net.route(host, port);
  if (ctx.tls && hal) {
    log.hal("inf", "_ssl_client_init", 130, "Loading the CA root certificate ...");
    log.hal("inf", "_ssl_client_init", 138, " ok (0 skipped)");
    log.hal("inf", "_TLSConnectNetwork", 327, `Connecting to /${host}/${port}...`);
  } else if (!ctx.tls) {
    if (hal) log.hal("inf", "HAL_TCP_Establish", 98, `establish tcp connection with server(host=${host} port=${port})`);
    else log.esp("I", "iot_import_tcp", `establish tcp connection with server(host=${host} port=${port})`);
  }
  if (!route) {
    if (!ctx.tls) log.esp("E", "iot_import_tcp", "getaddrinfo error");
    if (hal) log.hal("err", "_TLSConnectNetwork", 333, `getaddrinfo error[-2], res: Name or service not known, host: ${host}, port: ${port}`);
    else if (ctx.tls) {
      log.esp("E", "esp-tls", `couldn't get hostname for :${host}:`);
      log.esp("E", "esp-tls", "Failed to open new connection");
    }
    ctx.say(`DNS: ${host} does not resolve`);
    return { ok: false, stage: "dns", code: "-0x0052", detail: "name does not resolve" };
  }
  ctx.say(`TCP ${host}:${port} → 127.0.0.1:${route.port} (${route.what})`);
  let raw: net.Socket;
  try {
    const r = await ctx.clock.within(tcpConnect(ctx, route.port), 10_000);
    if (!r) throw Object.assign(new Error("connect timeout"), { code: "ETIMEDOUT" });
    raw = r;
  } catch (e) {
    const c = tcpCode(e as NodeJS.ErrnoException);
    if (!ctx.tls) {
      // HAL_TCP_Establish: one "connect error" per address tried, then the summary
      if (hal) {
        log.hal("err", "HAL_TCP_Establish", 117, "connect error");
        log.hal("err", "HAL_TCP_Establish", 122, "fail to establish tcp");
      } else {
        log.esp("E", "iot_import_tcp", "connect error");
        log.esp("E", "iot_import_tcp", "fail to establish tcp");
      }
    } else if (hal) log.hal("err", "_TLSConnectNetwork", 336, ` failed ! net_connect returned ${c.mbed}`);
    else {
      log.esp("E", "esp-tls", `Failed to connnect to host (errno ${c.errno})`);
      log.esp("E", "esp-tls", "Failed to open new connection");
    }
    ctx.say(`TCP 127.0.0.1:${route.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return { ok: false, stage: "tcp", code: c.mbed, detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
  if (!ctx.tls) {
    if (hal) log.hal("inf", "HAL_TCP_Establish", 135, "success to establish tcp, fd=54");
    else log.esp("I", "iot_import_tcp", "success to establish tcp, fd=54");
    return { ok: true, stream: raw };
  }
  if (hal) {
    log.hal("inf", "_TLSConnectNetwork", 342, " ok");
    log.hal("inf", "_TLSConnectNetwork", 347, "  . Setting up the SSL/TLS structure...");
    log.hal("inf", "_TLSConnectNetwork", 360, " ok");
    log.hal("inf", "_TLSConnectNetwork", 401, "Performing the SSL/TLS handshake...");
  }
  const gate = new RecordGate(raw, ctx.tlsBuffer);
  const sock = tls.connect({ socket: gate, ca: ctx.ca, servername: host, minVersion: "TLSv1.2", maxVersion: "TLSv1.2" });
  ctx.sockets.add(sock);
  ctx.sockets.add(gate);
  const handshake = new Promise<void>((resolve, reject) => {
    sock.once("secureConnect", () => resolve());
    sock.once("error", reject);
    gate.once("error", reject);
    sock.once("close", () => reject(Object.assign(new Error("connection closed during the handshake"), { code: "EOF" })));
  });
  handshake.catch(() => {});
  let failure: (Error & { code?: string }) | undefined;
  try {
    const r = await ctx.clock.within(handshake, 10_000);
    if (r === undefined && !sock.encrypted) failure = Object.assign(new Error("handshake timeout"), { code: "ETIMEDOUT" });
  } catch (e) {
    failure = e as Error;
  }
  if (!failure && !sock.authorized) failure = Object.assign(new Error(String(sock.authorizationError)), { code: "CERT" });
  if (failure) {
    const code = handshakeCode(failure);
    sock.destroy();
    if (hal) log.hal("err", "_TLSConnectNetwork", 407, `failed  ! mbedtls_ssl_handshake returned ${code}`);
    else {
      log.esp("E", "esp-tls-mbedtls", `mbedtls_ssl_handshake returned ${code}`);
      log.esp("I", "esp-tls-mbedtls", "Failed to verify peer certificate!");
      log.esp("E", "esp-tls", "Failed to open new connection");
    }
    ctx.say(`TLS handshake with ${host} failed: ${failure.message} (mbedTLS ${code})`);
    return { ok: false, stage: "tls", code, detail: failure.message };
  }
  if (hal) {
    log.hal("inf", "_TLSConnectNetwork", 411, " ok");
    log.hal("inf", "_TLSConnectNetwork", 415, "  . Verifying peer X.509 certificate..");
    log.hal("inf", "_real_confirm", 77, "certificate verification result: 0x00");
  }
  ctx.say(`TLS ${host}: ${sock.getProtocol() ?? "TLS"}, largest record ${gate.maxRecord} bytes (buffer ${ctx.tlsBuffer})`);
  return { ok: true, stream: sock };
}

export type HttpResult = { ok: true; status: number; body: string } | { ok: false; why: string };

/** What an HTTPS call on the simulated network needs (the device's NetContext has it, so has the phone). */
export interface HttpsCallContext {
  net: SimNet;
  clock: SimClock;
  ca: string;
  /** sockets to destroy at shutdown */
  sockets?: Set<{ destroy(): unknown }>;
}

/** One HTTPS request on the simulated network, with a 10 s timeout (simulated time). */
export async function httpsCall(
  ctx: HttpsCallContext,
  req: { host: string; port: number; method: "GET" | "POST"; path: string; body?: string; contentType?: string; tls12?: boolean },
): Promise<HttpResult> {
  const route = ctx.net.route(req.host, req.port);
  if (!route) return { ok: false, why: "dns" };
  const p = new Promise<HttpResult>((resolve) => {
    const r = https.request(
      {
        host: route.address,
        port: route.port,
        servername: req.host,
        method: req.method,
        path: req.path,
        ca: ctx.ca,
        agent: false,
        ...(req.tls12 ? { minVersion: "TLSv1.2" as const, maxVersion: "TLSv1.2" as const } : {}),
        headers: { host: req.host, ...(req.body !== undefined ? { "content-type": req.contentType ?? "text/plain", "content-length": Buffer.byteLength(req.body) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ ok: true, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => resolve({ ok: false, why: e.message }));
      },
    );
    ctx.sockets?.add(r);
    r.on("error", (e: NodeJS.ErrnoException) => resolve({ ok: false, why: e.code ?? e.message }));
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
  const r = await ctx.clock.within(p, 10_000);
  return r ?? { ok: false, why: "timeout" };
}

/** One HTTPS request as the SDK's httpclient makes it (guider bootstrap): form body, TLS 1.2 like mbedTLS 2.x. */
export function httpsRequest(ctx: NetContext, host: string, port: number, method: "GET" | "POST", path: string, body?: string): Promise<HttpResult> {
  return httpsCall(ctx, { host, port, method, path, ...(body !== undefined ? { body } : {}), contentType: "application/x-www-form-urlencoded", tls12: true });
}
