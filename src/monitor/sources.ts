/**
 * Where the device's bytes come from: a serial port (reopened when it comes back), a growing file
 * (like tail -F: survives truncation and rotation), or a stream (stdin). Each calls the handlers;
 * stop() releases everything so the process can exit.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import type { SourceNotice } from "./render.js";

export interface SourceHandlers {
  data(chunk: Buffer): void;
  /** end of input (only streams end) */
  end(): void;
  /** cannot start at all (one line, exit 2) */
  fatal(message: string): void;
  notice(n: SourceNotice): void;
}

export interface Source {
  readonly kind: "serial" | "follow" | "stdin";
  start(h: SourceHandlers): void;
  stop(): Promise<void>;
}

/** the part of serialport's SerialPort the monitor uses (the mock binding has the same shape) */
export interface PortLike {
  isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  on(ev: "data", f: (d: Buffer) => void): unknown;
  on(ev: "error", f: (e: Error) => void): unknown;
  on(ev: "close", f: (e?: Error & { disconnected?: boolean }) => void): unknown;
  removeAllListeners(): unknown;
}

export type PortFactory = (path: string, baudRate: number) => Promise<PortLike>;

const defaultPortFactory: PortFactory = async (path, baudRate) => {
  const { SerialPort } = await import("serialport");
  return new SerialPort({ path, baudRate, autoOpen: false }) as unknown as PortLike;
};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** "cannot open /dev/ttyUSB0: No such file or directory (…)", with a hint for the usual causes */
export function openError(path: string, err: Error): string {
  const msg = message(err)
    .replace(/^Error:\s*/, "")
    .replace(/, cannot open .*$/, "");
  const hint = /no such file|ENOENT|not found/i.test(msg)
    ? " (monitor --list shows the serial ports)"
    : /permission denied|EACCES/i.test(msg)
      ? " (on Linux, add yourself to the dialout group, or use sudo)"
      : /busy|EBUSY|lock/i.test(msg)
        ? " (another program, such as a serial terminal, has it open)"
        : "";
  return `cannot open ${path}: ${msg}${hint}`;
}

/**
 * A serial port. A port that cannot be opened at the start is an error; one that disappears later
 * (USB reset, device replugged) is reopened every retryMs until it is back.
 */
export function serialSource(path: string, baudRate: number, opts: { retryMs?: number; factory?: PortFactory } = {}): Source {
  const retryMs = opts.retryMs ?? 1000;
  const factory = opts.factory ?? defaultPortFactory;
  let stopped = false;
  let port: PortLike | undefined;
  let timer: NodeJS.Timeout | undefined;
  let h: SourceHandlers;

  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void attempt(false);
    }, retryMs);
  };

  const attempt = async (first: boolean) => {
    let p: PortLike;
    try {
      p = await factory(path, baudRate);
    } catch (e) {
      if (first) h.fatal(`cannot use the serial port ${path}: ${message(e)}`);
      else schedule();
      return;
    }
    p.open((err) => {
      if (stopped) {
        if (!err) p.close(() => {});
        return;
      }
      if (err) {
        if (first) h.fatal(openError(path, err));
        else schedule();
        return;
      }
      port = p;
      let gone = false;
      const lost = (detail?: string) => {
        if (gone) return;
        gone = true;
        port = undefined;
        p.removeAllListeners();
        p.on("error", () => {});
        if (p.isOpen) p.close(() => {});
        if (stopped) return;
        h.notice({ event: "disconnected", ...(detail ? { detail } : {}) });
        schedule();
      };
      p.on("data", (d) => {
        if (!stopped) h.data(d);
      });
      p.on("error", (e) => lost(message(e)));
      p.on("close", (e) => lost(e ? message(e) : undefined));
      h.notice({ event: first ? "open" : "reconnected" });
    });
  };

  return {
    kind: "serial",
    start(handlers) {
      h = handlers;
      void attempt(true);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const p = port;
      port = undefined;
      if (!p) return Promise.resolve();
      p.removeAllListeners();
      p.on("error", () => {});
      return new Promise<void>((resolve) => {
        if (!p.isOpen) return resolve();
        p.close(() => resolve());
      });
    },
  };
}

/**
 * A growing file, read from its start, like `tail -F`: polled every pollMs; when it shrinks it was
 * truncated (read again from 0); when the path names another file it was rotated (the old file is
 * read to its end first); when it is missing, it is waited for.
 */
export function followSource(path: string, opts: { pollMs?: number; maxPerPoll?: number } = {}): Source {
  const pollMs = opts.pollMs ?? 200;
  const maxPerPoll = opts.maxPerPoll ?? 1 << 20;
  const buf = Buffer.allocUnsafe(64 * 1024);
  let fd: number | undefined;
  let ino = 0;
  let dev = 0;
  let pos = 0;
  let missing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let h: SourceHandlers;

  /** reads up to maxPerPoll bytes from the open file; true when there is more */
  const drain = (): boolean => {
    if (fd === undefined) return false;
    let total = 0;
    while (total < maxPerPoll && !stopped) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, pos);
      } catch {
        return false;
      }
      if (n <= 0) return false;
      pos += n;
      total += n;
      h.data(Buffer.from(buf.subarray(0, n)));
    }
    return !stopped;
  };

  const openFile = (): boolean => {
    try {
      fd = openSync(path, "r");
      const st = fstatSync(fd);
      ino = st.ino;
      dev = st.dev;
      pos = 0;
      return true;
    } catch {
      fd = undefined;
      return false;
    }
  };

  const closeFile = () => {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    fd = undefined;
  };

  const poll = (first = false) => {
    immediate = undefined;
    if (stopped) return;
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(path);
    } catch {
      st = undefined;
    }
    if (!st) {
      // gone (being rotated, or not created yet): read what the old file still gets
      if (fd !== undefined) drain();
      if (!missing) {
        missing = true;
        h.notice({ event: first ? "waiting" : "missing" });
      }
      return;
    }
    if (st.isDirectory()) {
      if (first) h.fatal(`${path} is a directory`);
      return;
    }
    if (fd === undefined) {
      if (!openFile()) return;
      h.notice({ event: first ? "open" : "appeared" });
    } else if (st.ino !== ino || st.dev !== dev) {
      drain();
      closeFile();
      if (!openFile()) return;
      h.notice({ event: "rotated" });
    } else if (st.size < pos) {
      pos = 0;
      h.notice({ event: "truncated" });
    }
    missing = false;
    if (drain()) immediate = setImmediate(() => poll());
  };

  return {
    kind: "follow",
    start(handlers) {
      h = handlers;
      poll(true);
      if (!stopped) timer = setInterval(() => poll(), pollMs);
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (immediate) clearImmediate(immediate);
      closeFile();
      return Promise.resolve();
    },
  };
}

/** A stream (stdin): ends when it ends. */
export function streamSource(stream: NodeJS.ReadableStream): Source {
  let stopped = false;
  let h: SourceHandlers;
  const onData = (d: Buffer | string) => {
    if (!stopped) h.data(typeof d === "string" ? Buffer.from(d) : d);
  };
  const onEnd = () => {
    if (!stopped) h.end();
  };
  const onError = (e: Error) => {
    if (!stopped) h.fatal(`cannot read stdin: ${e.message}`);
  };
  return {
    kind: "stdin",
    start(handlers) {
      h = handlers;
      stream.on("data", onData);
      stream.on("end", onEnd);
      stream.on("error", onError);
      stream.resume();
    },
    stop() {
      stopped = true;
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("error", onError);
      stream.pause();
      // let the process exit although stdin is still open (--until stopped before its end)
      const s = stream as NodeJS.ReadableStream & { destroy?: () => void };
      if (typeof s.destroy === "function") s.destroy();
      return Promise.resolve();
    },
  };
}
