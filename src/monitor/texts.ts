/** The monitor's own messages (the report's texts come from knowledge/texts). */
import type { Lang } from "../index.js";

const EN = {
  banner: "linkkit-doctor monitor · {source} · Ctrl-C ends and prints the report",
  serialSource: "{path} at {baud} baud",
  followSource: "following {path}",
  stdinSource: "stdin",
  open: "{source} is open",
  disconnected: "{source} disconnected; reopening it when it comes back",
  reconnected: "{source} is back; the attempt history continues",
  waiting: "waiting for {source} to appear",
  missing: "{source} disappeared; waiting for it to come back",
  appeared: "{source} appeared; reading it",
  truncated: "{source} was truncated; reading it from its start",
  rotated: "{source} was replaced (rotated); reading the new file",
  reboot: "device rebooted (boot {boot}): a new attempt starts",
  crashReboot: "device crashed and rebooted (boot {boot}): a new attempt starts",
  noiseSerial: "unreadable bytes from the device: wrong baud rate? (--baud; ESP32/ESP8266 use 115200 or 74880, many modules 921600)",
  noise: "unreadable bytes in the input (wrong baud rate when it was captured?)",
  until_fail: "failure diagnosed: stopping (--until fail)",
  until_ok: "the flow completed: stopping (--until ok)",
  until_settled: "the flow is ok and the device is quiet for {settle} s: stopping (--until ok)",
  lines: "{lines} lines",
  boot: "boot {boot}",
  finalReport: "report",
  line: "line {line}",
  listNone: "no serial ports found",
  listFallback: "cannot list ports with details ({reason}); serial devices found in /dev:",
};

const ZH: typeof EN = {
  banner: "linkkit-doctor 实时监视 · {source} · 按 Ctrl-C 结束并输出报告",
  serialSource: "{path}，波特率 {baud}",
  followSource: "跟踪 {path}",
  stdinSource: "标准输入",
  open: "{source} 已打开",
  disconnected: "{source} 已断开；重新出现后会自动重新打开",
  reconnected: "{source} 已恢复；之前的尝试记录保留",
  waiting: "等待 {source} 出现",
  missing: "{source} 已消失；等待它重新出现",
  appeared: "{source} 已出现，开始读取",
  truncated: "{source} 被截断；从头重新读取",
  rotated: "{source} 被替换（日志轮转）；读取新文件",
  reboot: "设备重启（第 {boot} 次启动）：开始新的尝试",
  crashReboot: "设备崩溃后重启（第 {boot} 次启动）：开始新的尝试",
  noiseSerial: "设备输出无法识别的字节：波特率不对？（--baud；ESP32/ESP8266 为 115200 或 74880，很多模组为 921600）",
  noise: "输入中有无法识别的字节（采集时波特率不对？）",
  until_fail: "已诊断出失败：停止（--until fail）",
  until_ok: "流程已完成：停止（--until ok）",
  until_settled: "流程正常且设备已 {settle} 秒无新事件：停止（--until ok）",
  lines: "{lines} 行",
  boot: "第 {boot} 次启动",
  finalReport: "报告",
  line: "第 {line} 行",
  listNone: "未找到串口",
  listFallback: "无法列出串口详情（{reason}）；/dev 中找到的串口设备：",
};

export type MonitorText = keyof typeof EN;

export function mt(key: MonitorText, lang: Lang, data: Record<string, string | number> = {}): string {
  const t = (lang === "zh" ? ZH : EN)[key];
  return t.replace(/\{(\w+)\}/g, (_m, k: string) => String(data[k] ?? "?"));
}
