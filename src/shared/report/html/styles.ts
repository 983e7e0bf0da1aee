/**
 * The report's one stylesheet, inlined: no fonts or images are fetched (the CSP forbids it and
 * the file must read offline). Colours are the app's light palette (src/renderer/styles.css): the
 * report is a document handed to a vendor, light on screen and on paper. Severity and direction
 * are also said in words, dash patterns and symbols, so a black-and-white print loses nothing.
 * Classes on appendix rows are one letter: 100,000 rows pay for every byte.
 */
export const REPORT_CSS = `
:root{color-scheme:light;--bg:#ffffff;--bg-2:#f4f5f7;--bg-3:#e5e8ed;--line:#cdd2da;--line-soft:#e8eaee;
--fg:#1c2026;--muted:#535b6a;--accent:#0a5cad;--to-csms:#17692c;--to-station:#8a4f00;--error:#b91f27;
--warning:#7d5000;--info:#1d5fa8;--error-bg:#fde8e9;--warning-bg:#fcf1d7;--info-bg:#e2edfa;--ok-bg:#dcf1e2;
--mono:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace}
*{box-sizing:border-box}
html{background:var(--bg);color:var(--fg)}
body{margin:0 auto;max-width:1180px;padding:24px 32px 64px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:19px;margin:36px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--fg)}
h3{font-size:15px;margin:22px 0 8px}
h4{font-size:14px;margin:0}
p{margin:6px 0}
a{color:var(--accent)}
code,pre,.mono{font-family:var(--mono);font-size:12px}
.muted{color:var(--muted)}
.sub{color:var(--muted);margin:0 0 12px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.privacy{border:1px solid var(--line);border-left:6px solid var(--to-csms);background:var(--ok-bg);padding:8px 12px;margin:12px 0}
.privacy.warn{border:2px solid var(--error);border-left-width:6px;background:var(--error-bg);color:var(--error);font-weight:600}
.result{font-size:17px;border:2px solid currentColor;padding:6px 12px;margin:12px 0}
.result.pass{color:var(--to-csms);background:var(--ok-bg)}.result.fail{color:var(--error);background:var(--error-bg)}
.result a{color:inherit}
.alert{border:1px solid var(--error);border-left-width:6px;background:var(--error-bg);padding:8px 12px;margin:10px 0}
nav.toc ol{columns:2;margin:8px 0;padding-left:20px}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:4px;padding:6px 12px;min-width:120px}
.cards b{display:block;font-size:18px}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
table.grid{width:100%}
th,td{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid var(--line-soft)}
thead th{border-bottom:1.5px solid var(--fg);background:var(--bg-2);font-weight:600}
tbody th{font-weight:600}
.n{text-align:right;white-space:nowrap}
.nw{white-space:nowrap}
caption{text-align:left;color:var(--muted);padding:2px 0}
.sev{display:inline-block;border:1px solid currentColor;border-radius:3px;padding:0 5px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
.v{font-weight:700;white-space:nowrap}
.v-passed{color:var(--to-csms)}.v-failed{color:var(--error)}.v-not-applicable{color:var(--muted);font-weight:400}
tr.failed>*{background:var(--error-bg)}
.verdicts tbody th{font-weight:400}
.verdicts tbody th code{font-weight:600}
.verdicts tbody th.cat{background:var(--bg-3);font-weight:700;text-transform:uppercase;letter-spacing:.04em;font-size:12px}
.finding{border:1px solid var(--line);border-left:5px solid var(--info);padding:8px 12px;margin:10px 0}
.finding.f-error{border-left-color:var(--error)}.finding.f-warning{border-left-color:var(--warning)}
.finding header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.finding .where{color:var(--muted);font-size:13px}
.finding .ref{color:var(--muted);font-size:12px}
.ev{margin:6px 0 0}
.ev-head{font-size:12px;color:var(--muted);font-family:var(--mono)}
pre.frame{margin:2px 0 6px;padding:6px 8px;background:var(--bg-2);border:1px solid var(--line-soft);white-space:pre-wrap;overflow-wrap:anywhere;max-height:40em;overflow:auto}
.rule-group{margin-top:18px}
.scroll{overflow-x:auto}
figure{margin:12px 0}
figcaption{color:var(--muted);font-size:13px;margin-top:4px}
svg{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg text{fill:var(--fg)}
svg .ax{stroke:var(--muted);stroke-width:1}
svg .gr{stroke:var(--line-soft);stroke-width:1}
svg .lbl{font-size:11px;fill:var(--muted)}
svg .ar-c{fill:var(--to-csms);fill-opacity:.3;stroke:var(--to-csms);stroke-width:1.2}
svg .ar-s{fill:var(--to-station);fill-opacity:.3;stroke:var(--to-station);stroke-width:1.2}
svg .dl{font-size:12px;font-weight:600}
svg .bar{fill:var(--accent)}
svg .val{font-size:11px}
.sq svg .ln{stroke:var(--line);stroke-width:1.5;stroke-dasharray:2 3}
.sq svg .hd rect{fill:var(--bg-2);stroke:var(--fg);stroke-width:1}
.sq svg .hd text{font-size:12px;font-weight:600;text-anchor:middle}
.sq svg .t{font-size:10px;fill:var(--muted);font-family:var(--mono)}
.sq svg .a{stroke-width:1.4;fill:none}
.sq svg .a.c{stroke:var(--to-csms)}.sq svg .a.s{stroke:var(--to-station)}
.sq svg .a.r{stroke-dasharray:5 3}
.sq svg .h{stroke:none}.sq svg .h.c{fill:var(--to-csms)}.sq svg .h.s{fill:var(--to-station)}
.sq svg .x .a{stroke:var(--error)}.sq svg .x .h{fill:var(--error)}.sq svg .x text{fill:var(--error);font-weight:600}
.sq svg .m{font-size:11px;text-anchor:middle}
.sq svg .nt rect{fill:var(--bg-2);stroke:var(--line)}
.sq svg .nt text{font-size:10px;fill:var(--muted);font-family:var(--mono)}
.sq svg .ev rect{fill:var(--info-bg);stroke:var(--info)}
.sq svg .ev text{fill:var(--fg)}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12px;color:var(--muted);margin:4px 0 8px;padding:0;list-style:none}
/* Laid out only when on screen (see appendix.ts); the size is a guess until then. */
.blk{content-visibility:auto;contain-intrinsic-size:auto 15000px}
.finding{content-visibility:auto;contain-intrinsic-size:auto 180px}
table.tl{width:100%;margin:0;table-layout:fixed;font-family:var(--mono);font-size:11px;line-height:1.3}
table.tl th,table.tl td{padding:1px 3px}
table.tl td{overflow-wrap:anywhere}
table.tl td:last-child{white-space:pre-wrap}
table.tl tr.e td:first-child{border-left:4px solid var(--error)}
table.tl tr.w td:first-child{border-left:4px double var(--warning)}
table.tl tr.i td:first-child{border-left:3px dotted var(--info)}
table.tl tr.c,table.tl tr.l{color:var(--muted)}
table.tl tr:target{background:var(--warning-bg)}
col.c-seq{width:4.6em}col.c-ts{width:8.4em}col.c-ts2{width:14.6em}col.c-st{width:8em}col.c-dir{width:4.4em}
col.c-ty{width:7.4em}col.c-ac{width:12em}col.c-lat{width:5.2em}
.cut{color:var(--muted);font-style:italic}
summary{cursor:pointer;color:var(--accent)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@page{size:A4;margin:13mm 11mm 15mm}
@media print{
html,body{background:#fff}
body{max-width:none;padding:0;font-size:9.5pt}
h1{font-size:17pt}h2{font-size:13.5pt;margin-top:0}h3{font-size:11pt}
.major{break-before:page}
h2,h3,h4,caption,summary{break-after:avoid}
tr,.finding,figure,.ev,dl.meta,.privacy{break-inside:avoid}
thead{display:table-header-group}
a{color:inherit;text-decoration:none}
.scroll{overflow:visible}
figure svg{max-width:100%;height:auto}
figure.sq svg{width:100%}
pre.frame{max-height:none;overflow:visible;font-size:7.5pt}
table.tl{font-size:6.5pt}
nav.toc{display:none}
details:not([open]){display:none}
.sev,.v,.privacy,.alert,.result,.finding,table.tl tr td:first-child,tr.failed>*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
`;
