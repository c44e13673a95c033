import type { Lang } from "../diagnostics/finding.js";

/** Default language from the environment (LC_ALL, LC_MESSAGES, LANG, then Intl). */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const v = env.LINKKIT_DOCTOR_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  if (v) return /^zh/i.test(v) ? "zh" : "en";
  try {
    return /^zh/i.test(Intl.DateTimeFormat().resolvedOptions().locale) ? "zh" : "en";
  } catch {
    return "en";
  }
}
