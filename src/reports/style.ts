/** Styles of the HTML report and the web page (one source; the page build writes it to report.css). */
export const REPORT_CSS = `
:root{--bg:#fff;--fg:#1d2330;--muted:#5b6472;--line:#d9dee6;--ok:#137333;--fail:#b3261e;--warn:#8a5a00;--info:#1a5fb4;--card:#f6f8fb;--hl:#fff3bf;--code:#f0f2f5}
@media (prefers-color-scheme: dark){:root{--bg:#15181e;--fg:#e6e9ef;--muted:#a3abb8;--line:#2e3440;--ok:#6bd68a;--fail:#ff8a80;--warn:#f2c14e;--info:#8ab4f8;--card:#1d2129;--hl:#4a4320;--code:#232833}}
.lkd{font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg)}
.lkd h1{font-size:20px;margin:0 0 8px}.lkd h2{font-size:16px;margin:20px 0 8px}.lkd h3{font-size:15px;margin:0 0 4px}
.lkd .verdict{border-left:6px solid var(--muted);padding:10px 14px;background:var(--card);border-radius:6px}
.lkd .verdict.fail{border-color:var(--fail)}.lkd .verdict.ok{border-color:var(--ok)}.lkd .verdict.incomplete{border-color:var(--warn)}
.lkd .verdict .status{font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.lkd .verdict.fail .status{color:var(--fail)}.lkd .verdict.ok .status{color:var(--ok)}.lkd .verdict.incomplete .status{color:var(--warn)}
.lkd code,.lkd .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
.lkd code{background:var(--code);padding:0 4px;border-radius:3px}
.lkd table.stages{border-collapse:collapse;min-width:420px}.lkd table.stages td,.lkd table.stages th{padding:4px 12px 4px 0;text-align:left;border-bottom:1px solid var(--line)}
.lkd .st-ok{color:var(--ok)}.lkd .st-fail{color:var(--fail);font-weight:700}.lkd .st-unknown,.lkd .st-progress{color:var(--warn)}.lkd .st-not_reached{color:var(--muted)}
.lkd .finding{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:10px 0;background:var(--bg)}
.lkd .finding.error{border-left:5px solid var(--fail)}.lkd .finding.warning{border-left:5px solid var(--warn)}.lkd .finding.info{border-left:5px solid var(--info)}
.lkd .sev{font-size:12px;font-weight:700;text-transform:uppercase;margin-right:6px}.lkd .sev.error{color:var(--fail)}.lkd .sev.warning{color:var(--warn)}.lkd .sev.info{color:var(--info)}
.lkd .fid{color:var(--muted);font-size:12px}
.lkd ol.actions{margin:4px 0 4px 20px;padding:0}
.lkd ul.codes{margin:4px 0;padding-left:18px}
.lkd .evidence{margin:6px 0 0;padding:0;list-style:none}
.lkd .evidence li{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;white-space:pre-wrap;word-break:break-all;padding:1px 4px;border-radius:3px}
.lkd .evidence li .ln{color:var(--muted);display:inline-block;min-width:4em;text-align:right;margin-right:8px}
.lkd .evidence li[data-line]{cursor:pointer}.lkd .evidence li[data-line]:hover,.lkd .evidence li[data-line]:focus{background:var(--hl);outline:none}
.lkd dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}.lkd dl.facts dt{color:var(--muted)}.lkd dl.facts dd{margin:0;word-break:break-all}
.lkd .notes{color:var(--warn)}
.lkd svg.timeline{max-width:100%;background:var(--card);border-radius:6px}
.lkd .tl-label,.lkd .tl-tick{font-size:11px;fill:var(--muted)}
.lkd .tl-stage.tl-ok,.lkd .tl-attempt.tl-ok{fill:var(--ok)}.lkd .tl-stage.tl-fail,.lkd .tl-attempt.tl-fail{fill:var(--fail)}
.lkd .tl-stage.tl-progress,.lkd .tl-stage.tl-unknown,.lkd .tl-attempt.tl-open{fill:var(--warn)}.lkd .tl-stage.tl-not_reached{fill:var(--muted)}
.lkd .tl-boot{stroke:var(--info);stroke-dasharray:3 3}.lkd [data-line]{cursor:pointer}
`;
