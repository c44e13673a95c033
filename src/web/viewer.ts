/**
 * Virtual log viewer: only the visible rows exist in the DOM, so a 50 MB log scrolls smoothly.
 * Rows are coloured by level; codes in a row are underlined with their meaning as a tooltip.
 */
import { escapeHtml } from "../index.js";

export type LevelFilter = "all" | "warn" | "error";

const ROW = 18;
const OVERSCAN = 40;

export function levelOf(text: string): "error" | "warn" | "debug" | "info" {
  if (/^\s*(?:\[[^\]]*\]\s*)?(?:\[(?:err|crt)\]|E \(\d|\[\s*\d+(?:\.\d+)?\]<[EF]>)|Guru Meditation|\*\*\*ERROR\*\*\*|panic'ed/.test(text)) return "error";
  if (/^\s*(?:\[[^\]]*\]\s*)?(?:\[wrn\]|W \(\d|\[\s*\d+(?:\.\d+)?\]<W>)/.test(text)) return "warn";
  if (/^\s*(?:\[[^\]]*\]\s*)?(?:\[(?:dbg|flw)\]|[DV] \(\d|\[\s*\d+(?:\.\d+)?\]<[DV]>)/.test(text)) return "debug";
  return "info";
}

/** Codes worth a tooltip: state/mbedTLS hex codes, err_code decimals, CONNACK results, decimal TLS codes. */
const CODE_RE = /(-?0x[0-9a-fA-F]{2,4}\b|(?<=err_code )\d{5}\b|(?<=result ?= ?)-\d{1,3}\b|(?<=code ?= ?)-\d{3,5}\b|(?<=rc ?= ?)-\d{1,3}\b)/g;

export class LogViewer {
  private lines: string[] = [];
  /** indices (0-based) of the lines passing the filter */
  private visible: number[] = [];
  private highlighted = -1;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private raf = 0;

  constructor(
    private readonly box: HTMLElement,
    private readonly describe: (code: string) => string | undefined,
    private readonly emptyText: () => string,
  ) {
    this.spacer = box.querySelector("#viewer-spacer")!;
    this.rows = box.querySelector("#viewer-rows")!;
    box.addEventListener("scroll", () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(box);
  }

  setLines(lines: string[]): void {
    this.lines = lines;
    this.highlighted = -1;
    this.applyFilter("all", "");
    this.box.scrollTop = 0;
  }

  applyFilter(level: LevelFilter, text: string): void {
    const t = text.trim().toLowerCase();
    const out: number[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      const s = this.lines[i]!;
      if (t && !s.toLowerCase().includes(t)) continue;
      if (level !== "all") {
        const lv = levelOf(s);
        if (level === "error" && lv !== "error") continue;
        if (level === "warn" && lv !== "error" && lv !== "warn") continue;
      }
      out.push(i);
    }
    this.visible = out;
    this.spacer.style.height = `${Math.max(1, out.length) * ROW}px`;
    this.render();
  }

  /** Scrolls to a 1-based line and highlights it; returns false when the filter hides it. */
  reveal(line: number): boolean {
    const idx = line - 1;
    const pos = binarySearch(this.visible, idx);
    if (pos < 0) return false;
    this.highlighted = idx;
    const top = pos * ROW - this.box.clientHeight / 3;
    this.box.scrollTop = Math.max(0, top);
    this.render();
    return true;
  }

  highlightedLine(): number {
    return this.highlighted + 1;
  }

  private schedule(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.render();
    });
  }

  private render(): void {
    if (this.visible.length === 0) {
      this.rows.style.transform = "translateY(0)";
      this.rows.innerHTML = `<div class="row empty">${escapeHtml(this.emptyText())}</div>`;
      return;
    }
    const first = Math.max(0, Math.floor(this.box.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(this.visible.length, Math.ceil((this.box.scrollTop + this.box.clientHeight) / ROW) + OVERSCAN);
    const html: string[] = [];
    for (let p = first; p < last; p++) {
      const i = this.visible[p]!;
      const text = this.lines[i]!;
      const cls = `row lv-${levelOf(text)}${i === this.highlighted ? " hl" : ""}`;
      html.push(`<div class="${cls}" data-row="${i + 1}"${i === this.highlighted ? ' aria-current="true"' : ""}><span class="ln">${i + 1}</span>${this.markCodes(text.length > 2000 ? text.slice(0, 2000) + "…" : text)}</div>`);
    }
    this.rows.style.transform = `translateY(${first * ROW}px)`;
    this.rows.innerHTML = html.join("");
  }

  private markCodes(text: string): string {
    let out = "";
    let last = 0;
    for (const m of text.matchAll(CODE_RE)) {
      const tip = this.describe(m[0]);
      if (!tip) continue;
      out += escapeHtml(text.slice(last, m.index)) + `<span class="code" title="${escapeHtml(tip)}">${escapeHtml(m[0])}</span>`;
      last = m.index! + m[0].length;
    }
    return out + escapeHtml(text.slice(last));
  }
}

function binarySearch(a: number[], v: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === v) return mid;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
