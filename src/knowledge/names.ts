/** The fixed vocabularies of the knowledge base (no schema library needed to use them). */
export const STAGES = ["wifi", "cloud", "token", "bind"] as const;
export type Stage = (typeof STAGES)[number];
export const LEVELS = ["fatal", "error", "warn", "info", "debug", "verbose"] as const;
export type Level = (typeof LEVELS)[number];
export const CODE_FAMILIES = ["state", "device-err", "iotx", "mbedtls"] as const;
export type CodeFamily = (typeof CODE_FAMILIES)[number];
