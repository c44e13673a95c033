#!/usr/bin/env node
// Bundles the web page (src/web) into dist/web: index.html, app.js, worker.js, style.css.
// The page is static files: serve them from any web server, or with `linkkit-doctor serve`.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "dist", "web");
mkdirSync(out, { recursive: true });
const common = { bundle: true, format: "iife", target: ["es2022", "chrome110", "firefox115"], minify: true, sourcemap: false, legalComments: "none", logLevel: "warning" };
await build({ ...common, entryPoints: [join(root, "src/web/app.ts")], outfile: join(out, "app.js") });
await build({ ...common, entryPoints: [join(root, "src/web/worker.ts")], outfile: join(out, "worker.js") });
copyFileSync(join(root, "src/web/index.html"), join(out, "index.html"));
const { REPORT_CSS } = await import(pathToFileURL(join(root, "dist/reports/style.js")).href);
writeFileSync(join(out, "style.css"), REPORT_CSS + "\n" + readFileSync(join(root, "src/web/page.css"), "utf8"));
console.error("web: dist/web built");
