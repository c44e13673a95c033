/**
 * Static server for the built web page: 127.0.0.1 by default, only the page's own files (no path
 * traversal, no directory listing), a strict Content-Security-Policy.
 */
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * 'wasm-unsafe-eval' lets the worker compile the analyzer's WebAssembly line filter (src/input/scan.wat);
 * it allows no JavaScript eval. Without it the page still works, with the slower JavaScript filter.
 */
export const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export function webRoot(): string {
  return fileURLToPath(new URL("../web/", import.meta.url));
}

export interface Served {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(opts: { host?: string; port?: number; root?: string } = {}): Promise<Served> {
  const root = resolve(opts.root ?? webRoot());
  const host = opts.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    const common = { "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache" };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { ...common, Allow: "GET, HEAD" }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400, common).end();
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(root, "." + normalize(path));
    if (path.includes("\0") || (file !== root && !file.startsWith(root + sep))) {
      res.writeHead(403, common).end();
      return;
    }
    const type = TYPES[extname(file)];
    try {
      if (!type) throw new Error("type");
      const body = await readFile(file);
      res.writeHead(200, { ...common, "Content-Type": type, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { ...common, "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, host, () => ok());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : opts.port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return { url: `http://${shown}:${port}/`, server, close: () => new Promise((ok) => server.close(() => ok())) };
}

