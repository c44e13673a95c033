/**
 * Clear errors: a missing file, a directory without logs, permission denied, not a log at all, a batch
 * with one bad file. One line on stderr per problem, exit code 2, no stack trace; the other inputs of a
 * batch are still reported.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

const root = join(__dirname, "..");
const bin = join(root, "bin", "linkkit-doctor.js");
const fixture = (n: string) => join(root, "test", "fixtures", "flows", n);
const isRoot = process.getuid?.() === 0;
/** As root every file is readable: run the binary as "nobody" through setpriv when it is there. */
const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
const canDeny = !isRoot || setpriv !== undefined;
function unprivileged(args: string[]) {
  if (!isRoot) return binary(args);
  return spawnSync(setpriv!, ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, bin, ...args], { encoding: "utf8" });
}

async function run(args: string[]) {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** The installed binary in a child process: what a user sees, stack traces included if any. */
function binary(args: string[], input?: string | Buffer) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", ...(input !== undefined ? { input } : {}) });
}

function oneLine(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.length > 0);
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at .*[/\\].*:\d+/);
  expect(stderr).not.toMatch(/Error:|internal error/);
  return lines[0]!;
}

describe("clear input errors", () => {
  it("a missing file", () => {
    const r = binary(["analyze", "/nonexistent/dir/x.log"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe("linkkit-doctor: no such file or directory: /nonexistent/dir/x.log");
    expect(r.stdout).toBe("");
  });

  it("a directory without logs", () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-nologs-"));
    writeFileSync(join(dir, "notes.md"), "# nothing here\n");
    mkdirSync(join(dir, "sub"));
    const r = binary(["analyze", dir]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe(`linkkit-doctor: no log files (*.log, *.txt, *.gz) in directory: ${dir}`);
  });

  it.skipIf(!canDeny)("permission denied, on a file and on a directory inside a batch", () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-perm-"));
    chmodSync(dir, 0o755);
    const f = join(dir, "locked.log");
    writeFileSync(f, "x\n");
    chmodSync(f, 0o000);
    const r = unprivileged(["analyze", f]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe(`linkkit-doctor: permission denied: ${f}`);
    const sub = join(dir, "closed");
    mkdirSync(sub);
    chmodSync(sub, 0o000);
    writeFileSync(join(dir, "good.log"), readFileSync(fixture("connack-timeout-16.log")));
    chmodSync(join(dir, "good.log"), 0o644);
    const b = unprivileged(["analyze", join(dir, "good.log"), sub, "--json"]);
    expect(b.status).toBe(2);
    expect(oneLine(b.stderr)).toBe(`linkkit-doctor: permission denied: ${sub}`);
    expect(JSON.parse(b.stdout).reports.map((x: { verdict: { primaryCause: string } }) => x.verdict.primaryCause)).toEqual(["cloud.connack-timeout"]);
    chmodSync(sub, 0o755);
  });

  it("not a log at all: exit 2, one line saying what was found, the report with the same note", () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-notlog-"));
    const png = join(dir, "photo.log");
    writeFileSync(png, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(3000, 0x9c)]));
    const r = binary(["analyze", png, "--lang", "en"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^linkkit-doctor: ${png.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: None of the \\d+ lines is a known Link Kit / Smart Life SDK message: is this a device log\\? Found: a PNG image\\.$`));
    expect(r.stdout).toMatch(/note: None of the \d+ lines .* Found: a PNG image/);
    const zh = binary(["analyze", "-", "--lang", "zh"], "你好\n");
    expect(zh.status).toBe(2);
    expect(oneLine(zh.stderr)).toBe("linkkit-doctor: stdin: 这 1 行中没有任何已知的 Link Kit / 生活物联网 SDK 日志，确认这是设备日志吗？内容：文本，第一行“你好”。");
  });

  it("an empty input is an input error too", () => {
    const r = binary(["analyze", "-", "--json"], "");
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toBe("linkkit-doctor: stdin: The input is empty (0 bytes): there is nothing to analyse.");
    // --json still prints the one report (machine readers get the note too)
    expect(JSON.parse(r.stdout).notes).toEqual(["The input is empty (0 bytes): there is nothing to analyse."]);
  });

  it("a batch with one bad file of each kind: every problem on its own line, the good ones reported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lkd-batch-"));
    writeFileSync(join(dir, "empty.log"), "");
    writeFileSync(join(dir, "mail.txt"), "Hello,\nthe device is broken.\n");
    const r = await run(["analyze", fixture("connack-timeout-16.log"), "/nonexistent.log", join(dir, "empty.log"), join(dir, "mail.txt"), fixture("ok-mqtt-only.log"), "--json"]);
    expect(r.code).toBe(2);
    const errs = r.err.trim().split("\n");
    expect(errs).toHaveLength(3);
    expect(errs[0]).toBe("linkkit-doctor: no such file or directory: /nonexistent.log");
    expect(errs[1]).toMatch(/empty\.log: The input is empty/);
    expect(errs[2]).toMatch(/mail\.txt: None of the 2 lines .* Found: text, first line "Hello,"/);
    const j = JSON.parse(r.out);
    expect(j.reports.map((x: { input: { name: string } }) => x.input.name.split("/").pop())).toEqual(["connack-timeout-16.log", "empty.log", "mail.txt", "ok-mqtt-only.log"]);
    expect(j.summary.errors).toHaveLength(3);
    // terminal format: the good reports and the summary line
    const t = await run(["analyze", fixture("connack-timeout-16.log"), "/nonexistent.log", "--lang", "en", "--no-color"]);
    expect(t.code).toBe(2);
    expect(t.out).toMatch(/No CONNACK/);
  });

  it("an unknown option or format is a usage error without a stack trace", () => {
    const r = binary(["analyze", "--frobnicate"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^error: unknown option '--frobnicate'$/);
    const f = binary(["analyze", "-f", "pdf", fixture("ok-mqtt-only.log")]);
    expect(f.status).toBe(2);
    expect(oneLine(f.stderr)).toMatch(/^error: option .*-f, --format <format>.* argument 'pdf' is invalid/);
  });
});
