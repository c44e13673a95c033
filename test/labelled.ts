/** The labelled logs: real corpus, the seed's examples and our fixtures, each with its label. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

export interface Label {
  primary_cause: string;
  accept?: string[];
  stages?: Record<string, string>;
}

export function labelledLogs(): { dir: string; log: string; label: Label }[] {
  const dirs = [join(root, "..", "shared", "corpus"), join(root, "..", "shared", "seed", "examples"), join(root, "test", "fixtures", "flows"), join(root, "test", "fixtures", "input")];
  const out: { dir: string; log: string; label: Label }[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const names = readdirSync(dir);
    for (const n of names.filter((x) => x.endsWith(".json")).sort()) {
      const base = n.replace(/\.json$/, "");
      const log = names.find((f) => f !== n && f.startsWith(base + ".") && !f.endsWith(".json"));
      if (log) out.push({ dir, log, label: JSON.parse(readFileSync(join(dir, n), "utf8")) });
    }
  }
  return out;
}

