#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and everything it imports) into dist/bin: one module to load instead of
// about eighty, which takes ~40 ms off every start (the simulator stays a chunk of its own, loaded when its
// command runs). npm packages stay external. dist/bin sits beside dist/web, so the server's "../web/" still
// points at the page.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// (chunk names carry a content hash: the chunks of earlier builds would pile up)
rmSync(join(root, "dist", "bin"), { recursive: true, force: true });
await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  outdir: join(root, "dist", "bin"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.error("cli: dist/bin built");
