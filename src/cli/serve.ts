/** `linkkit-doctor serve`: the web page on 127.0.0.1 (a free port unless --port), opened in the browser. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { Io } from "./analyze.js";
import { startServer, webRoot } from "../node/server.js";

function openBrowser(url: string): void {
  const cmd = process.platform === "darwin" ? "open" : process.platform === "win32" ? "cmd" : "xdg-open";
  const args = process.platform === "win32" ? ["/c", "start", "", url] : [url];
  try {
    const p = spawn(cmd, args, { stdio: "ignore", detached: true });
    p.on("error", () => {});
    p.unref();
  } catch {
    // no browser launcher: the URL is printed anyway
  }
}

export function registerServe(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("serve")
    .description("serve the web page (drop a log, see the diagnosis; nothing is uploaded)")
    .option("--port <port>", "port (default: a free one)", (v) => Number(v))
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--no-open", "do not open the browser")
    .action(async (opts: { port?: number; host: string; open: boolean }) => {
      const root = webRoot();
      if (!existsSync(join(root, "index.html"))) {
        io.err("linkkit-doctor: the web page is not built (run npm run build)\n");
        setExit(2);
        return;
      }
      try {
        const s = await startServer({ host: opts.host, ...(opts.port !== undefined ? { port: opts.port } : {}) });
        io.out(`linkkit-doctor: serving the web page at ${s.url}  (Ctrl-C to stop)\n`);
        if (opts.open) openBrowser(s.url);
        await new Promise<void>((resolve) => {
          process.once("SIGINT", () => resolve());
          process.once("SIGTERM", () => resolve());
        });
        await s.close();
        setExit(0);
      } catch (e) {
        io.err(`linkkit-doctor: cannot listen on ${opts.host}${opts.port ? `:${opts.port}` : ""}: ${(e as Error).message}\n`);
        setExit(2);
      }
    });
}
