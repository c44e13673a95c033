/**
 * The device's UART log in one of four dialects (log-formats.md). The device calls it with what the SDK calls
 * (level, module, C function, source line, format result); the writer renders the line shape of the build:
 *   linkkit      [inf](1234) func(12): msg        SDK 1.6 LITE_syslog on ESP/FreeRTOS ports; log_crit as "[crt] msg"
 *   aos          [001234]<I> msg                  SDK inside AliOS Things (function and line lost)
 *   aos-verbose   [   1.234]<I> MQTT [func#12] : msg   AliOS Things CONFIG_LOGMACRO_DETAILS
 *   esp          I (1234) MQTT: msg                ESP_LOGx shape (tag = the SDK module)
 * Banners and application printf lines have no prefix in any build.
 */
export const DIALECTS = ["aos", "aos-verbose", "linkkit", "esp"] as const;
export type Dialect = (typeof DIALECTS)[number];
export type SdkLevel = "crt" | "err" | "wrn" | "inf" | "dbg";

/** LOG_MSG_MAXLEN of LITE_syslog: longer messages are cut and get " ..." */
const LOG_MSG_MAXLEN = 255;

const AOS_LETTER: Record<SdkLevel, string> = { crt: "F", err: "E", wrn: "W", inf: "I", dbg: "D" };
const ESP_LETTER: Record<SdkLevel, string> = { crt: "I", err: "E", wrn: "W", inf: "I", dbg: "D" };

export interface LogWriterOptions {
  /** SDK runtime log level (IOT_SetLogLevel): 4 hides dbg lines in the linkkit/esp shapes */
  level: 4 | 5;
  /** dev_diagnosis_module_init() was called: `err_code ..., state_code:...` lines */
  diagnosis: boolean;
}

export class LogWriter {
  /** the platform's TLS/TCP layer: the reference mbedTLS HAL ([prt] / AliOS HAL lines) or ESP-IDF's esp-tls */
  readonly platform: "hal" | "esp";
  lines = 0;

  constructor(
    readonly dialect: Dialect,
    private readonly uptime: () => number,
    private readonly sink: (line: string) => void,
    readonly opts: LogWriterOptions,
  ) {
    this.platform = dialect === "esp" ? "esp" : "hal";
  }

  private emit(line: string): void {
    this.lines++;
    this.sink(line);
  }

  private up(): number {
    return Math.max(0, Math.floor(this.uptime()));
  }

  private aos(letter: string): string {
    return `[${String(this.up()).padStart(6, "0")}]<${letter}> `;
  }

  private aosVerbose(letter: string, mod: string, func: string, line: number): string {
    const t = this.up();
    return ` [${String(Math.floor(t / 1000)).padStart(4, " ")}.${String(t % 1000).padStart(3, "0")}]<${letter}> ${mod} [${func}#${line}] : `;
  }

  /** does this build show the SDK's debug lines */
  get showsDebug(): boolean {
    return this.dialect === "aos" || this.dialect === "aos-verbose" || this.opts.level >= 5;
  }

  /**
   * An SDK log_xxx line. `nl`: the C format ends in "\n" / "\r\n" (LITE_syslog then adds nothing; AliOS's
   * log adds its own "\r\n", which leaves an empty line).
   */
  sdk(level: SdkLevel, mod: string, func: string, srcLine: number, msg: string, nl = false): void {
    if (level === "dbg" && !this.showsDebug) return;
    switch (this.dialect) {
      case "linkkit": {
        if (level === "crt") {
          // log_crit is compiled out of the runtime level: fallback "[crt] " + message, printed as is
          this.emit(`[crt] ${msg}`);
          if (nl) this.emit("");
          return;
        }
        const text = msg.length > LOG_MSG_MAXLEN ? `${msg.slice(0, LOG_MSG_MAXLEN)} ...` : msg;
        this.emit(`[${level}](${this.up()}) ${func}(${srcLine}): ${text}`);
        return;
      }
      case "aos":
        this.emit(this.aos(AOS_LETTER[level]) + msg);
        if (nl) this.emit("");
        return;
      case "aos-verbose":
        this.emit(this.aosVerbose(AOS_LETTER[level], mod, func, srcLine) + msg);
        if (nl) this.emit("");
        return;
      case "esp":
        this.emit(`${ESP_LETTER[level]} (${this.up()}) ${mod}: ${msg}`);
        return;
    }
  }

  /** a state-code event of dev_diagnosis: the debug line (AliOS builds) and, with an err_code, the error line */
  diag(stateCode: number, msg: string, errCode?: number): void {
    if (!this.opts.diagnosis) return;
    const sc = `-0x${stateCode.toString(16).padStart(4, "0")}`;
    const m = msg.slice(0, 63);
    this.sdk("dbg", "diagnosis", "dev_diagnosis_statecode_handler", 36, `state_code:${sc}, str_msg=${m}`);
    if (errCode !== undefined) this.sdk("err", "diagnosis", "dev_errcode_handle", 43, `err_code ${errCode}, state_code:${sc}, str_msg=${m}`);
  }

  /**
   * A line of the reference mbedTLS/TCP HAL (HAL_TLS_mbedtls.c, hal_info/hal_err): "[prt] msg" on linkkit
   * builds, the AliOS log line on AliOS builds. Not used by the esp-tls platform.
   */
  hal(level: "inf" | "err", func: string, srcLine: number, msg: string): void {
    switch (this.dialect) {
      case "linkkit":
      case "esp":
        this.emit(`[prt] ${msg}`);
        return;
      case "aos":
        this.emit(this.aos(level === "err" ? "E" : "I") + msg);
        return;
      case "aos-verbose":
        this.emit(this.aosVerbose(level === "err" ? "E" : "I", "HAL_TLS", func, srcLine) + msg);
        return;
    }
  }

  /** an ESP-IDF component line (esp-tls, wrapper_kv, event, wifi): only ESP builds print them */
  esp(letter: "E" | "W" | "I", tag: string, msg: string): void {
    if (this.dialect === "esp") this.emit(`${letter} (${this.up()}) ${tag}: ${msg}`);
  }

  /** the application's print of a linkkit event (IOTX_CONN_CLOUD, IOTX_AWSS_BIND_NOTIFY, ...) */
  app(event: string, error = false): void {
    switch (this.dialect) {
      case "esp":
        this.emit(`${error ? "E" : "I"} (${this.up()}) app main: ${event}`);
        return;
      case "aos":
        this.emit(this.aos("V") + event);
        return;
      case "aos-verbose":
        this.emit(this.aosVerbose("V", "AOS", "linkkit_event_monitor", 182) + event);
        return;
      case "linkkit":
        this.emit(`linkkit_event_monitor.182: ${event}`);
        return;
    }
  }

  /** application printf (EXAMPLE_TRACE, a product task): the same in every build */
  raw(text: string): void {
    this.emit(text);
  }
}
