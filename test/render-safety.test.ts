/**
 * Log text is untrusted: whatever a line holds (<script>, "><img onerror=…>, ESC/CSI/OSC sequences, the
 * 8-bit CSI 0x9B, bidi overrides, backtick fences), the terminal report passes nothing a terminal would
 * act on and the Markdown report keeps it inside code blocks, code spans or escaped text.
 */
import { describe, expect, it } from "vitest";
import { diagnose, renderMarkdown, renderTerminal, type Report } from "../src/index.js";

const ESC = "\x1b";
const hostile = [
  "I (100) wifi:mode : sta (30:ae:a4:7b:0c:18)",
  `  ClientID : a1Fix000006.dev"><img src=x onerror=alert(1)>|securemode=2,_v=<script>alert(2)</script>\u009b31m${ESC}]0;owned${ESC}\\|`,
  "[inf](2959) iotx_mc_init(2349): MQTT init success!",
  `[err](10194) iotx_mc_wait_CONNACK(1791): wait connack timeout ${ESC}]0;pwned\x07${ESC}[2J<script>alert(3)</script>"><img src=x onerror=alert(4)>\u009b2J \`\`\`\`\` \u202eevil\u202c`,
  "[err](10195) iotx_mc_connect(2746): wait connect ACK timeout, or receive a ACK indicating error!",
  `[002066]<D> state_code:-0x0461, str_msg=# <script>x</script>"><img onerror=alert(5)>\u009b[31m[x](javascript:alert(6)) not found`,
  "",
].join("\n");
const name = `evil${ESC}]0;title\x07\n## injected <script>alert(7)</script>.log`;

function reports(): Report[] {
  return [diagnose(hostile, { name, lang: "en" }), diagnose(hostile, { name, lang: "zh" }), diagnose(hostile, { name, lang: "en", showSecrets: true })];
}

const OUR_COLOURS = /\x1b\[(?:0|1|2|31|32|33|34|36)m/g;
const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("terminal output is safe", () => {
  it("the hostile lines are cited (so this test can fail)", () => {
    const r = reports()[0]!;
    const evidence = r.findings.flatMap((f) => f.evidence.map((e) => e.text)).join("\n");
    expect(evidence).toContain("<script>alert(3)</script>");
    expect(evidence).toContain("\u009b");
    expect(JSON.stringify(r)).toContain("onerror=alert(5)");
  });
  for (const color of [false, true]) {
    it(`no control character reaches the terminal raw (color ${color})`, () => {
      for (const r of reports()) {
        const out = renderTerminal(r, { color, verbose: true, width: 200 });
        const ours = out.replace(OUR_COLOURS, "");
        expect(ours.includes(ESC)).toBe(false);
        expect(CONTROLS.test(ours), JSON.stringify(ours.match(CONTROLS))).toBe(false);
        // the file name cannot forge a line of the report
        expect(out.split("\n").some((l) => l.startsWith("## injected"))).toBe(false);
        // the text itself is shown, neutralised
        expect(out).toContain("<script>alert(3)</script>");
      }
    });
  }
});

/** Lines of a Markdown document outside fenced code blocks, with the fences checked to be balanced. */
function outsideFences(md: string): { outside: string[]; blocks: string[][] } {
  const outside: string[] = [];
  const blocks: string[][] = [];
  let open: { fence: string; lines: string[] } | undefined;
  for (const line of md.split("\n")) {
    if (open) {
      // CommonMark: a closing fence is the same character, at least as long, nothing but spaces after
      const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (m && m[1]![0] === open.fence[0] && m[1]!.length >= open.fence.length) {
        blocks.push(open.lines);
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) open = { fence: f[1]!, lines: [] };
    else outside.push(line);
  }
  expect(open, "a fenced block is never closed").toBeUndefined();
  return { outside, blocks };
}

describe("Markdown output cannot break out", () => {
  it("no control characters at all", () => {
    for (const r of reports()) {
      const md = renderMarkdown(r);
      expect(md.includes(ESC)).toBe(false);
      expect(CONTROLS.test(md), JSON.stringify(md.match(CONTROLS))).toBe(false);
    }
  });

  it("evidence stays inside its fenced block; outside, no raw HTML, link or heading from the log", () => {
    for (const r of reports()) {
      const md = renderMarkdown(r);
      const { outside, blocks } = outsideFences(md);
      // every cited line is inside a block, whole
      const cited = r.findings.filter((f) => f.severity !== "info" || f.id === r.verdict.primaryCause).flatMap((f) => f.evidence);
      expect(blocks.flat()).toHaveLength(cited.length);
      expect(blocks.flat().join("\n")).toContain("<script>alert(3)</script>");
      for (const line of outside) {
        // code spans hold their text literally; what is left must have every < escaped
        const text = line.replace(/(`+)(?:(?!\1).)*\1/g, "");
        expect(text, line).not.toMatch(/(^|[^\\])</);
        expect(text, line).not.toMatch(/(^|[^\\])\[[^\]]*(^|[^\\])\]\(/);
      }
      // only our own headings
      expect(outside.filter((l) => /^#{1,6} /.test(l)).every((l) => /^(## linkkit-doctor: |### |#### (error|warning|info): `)/.test(l))).toBe(true);
      expect(md).not.toMatch(/^## injected/m);
    }
  });

  it("a code span cannot be closed early by the log", () => {
    const r = diagnose("  ClientID : a1Fix000006.dev`</code><script>x</script>`|securemode=2|\n", { name: "x" });
    const facts = renderMarkdown(r).split("\n").filter((l) => l.startsWith("- "));
    for (const l of facts) expect((l.match(/`/g) ?? []).length).toBe(2);
  });
});
