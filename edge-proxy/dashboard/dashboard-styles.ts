/**
 * The dashboard's only stylesheet, served by the proxy itself (nothing is fetched from the
 * internet, and the Content-Security-Policy allows styles from this origin only). Mobile first:
 * tables scroll sideways inside their card, forms stack; wider windows get a grid.
 */
export const dashboardCss = `
:root { --ink: #1d2733; --muted: #5f6b7a; --line: #dde3ea; --bg: #f4f6f9; --card: #fff; --accent: #1f5fbf;
  --legacy: #6b7785; --shadow: #7a4fbf; --canary: #b7791f; --lambda: #23834b; --bad: #b42318; --bad-bg: #fdecea; --ok-bg: #e8f5ee; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
header.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between; padding: 12px 16px; background: #14213d; color: #fff; }
header.top a { color: #fff; text-decoration: none; font-weight: 600; }
header.top .who { display: flex; gap: 12px; align-items: center; font-size: 13px; color: #c8d1dc; }
header.top button { background: transparent; color: #fff; border: 1px solid #8fa1b8; }
main { max-width: 1240px; margin: 0 auto; padding: 16px; }
h1 { font-size: 22px; margin: 4px 0 16px; }
h2 { font-size: 17px; margin: 0 0 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin-bottom: 16px; min-width: 0; }
.grid { display: grid; gap: 16px; grid-template-columns: 1fr; margin-bottom: 16px; }
.grid > .card { margin-bottom: 0; }
.summary { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); margin-bottom: 16px; }
.metric { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.metric .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.metric .value { font-size: 24px; font-weight: 650; margin-top: 2px; }
.metric .note { font-size: 13px; color: var(--muted); }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 7px 9px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; min-width: 200px; }
td.path { min-width: 160px; overflow-wrap: anywhere; }
th { white-space: normal; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; background: var(--legacy); }
.badge-shadow { background: var(--shadow); } .badge-canary { background: var(--canary); } .badge-lambda { background: var(--lambda); }
.badge-forced { background: var(--bad); } .badge-ok { background: var(--lambda); } .badge-attention { background: var(--bad); }
.muted { color: var(--muted); }
.notice { padding: 10px 14px; border-radius: 6px; margin-bottom: 16px; background: var(--ok-bg); border: 1px solid #b7dfc6; }
.error { padding: 10px 14px; border-radius: 6px; margin-bottom: 16px; background: var(--bad-bg); border: 1px solid #f2b8b5; }
.error ul { margin: 6px 0 0; padding-left: 20px; }
form.control { display: grid; gap: 10px; }
label { display: grid; gap: 4px; font-size: 14px; font-weight: 600; }
input, select, textarea { font: inherit; font-weight: 400; padding: 7px 9px; border: 1px solid #b9c3cf; border-radius: 6px; background: #fff; width: 100%; }
textarea { min-height: 60px; resize: vertical; }
label.check { display: flex; gap: 8px; align-items: center; font-weight: 400; }
label.check input { width: auto; }
button { font: inherit; font-weight: 600; padding: 8px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: var(--bad); border-color: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
.chart svg { display: block; width: 100%; height: 180px; background: #fafbfc; border: 1px solid var(--line); border-radius: 4px; }
.chart .bar-legacy { fill: var(--legacy); } .chart .bar-lambda { fill: var(--lambda); } .chart .gridline { stroke: var(--line); stroke-width: 1; }
.chart .axis { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted); margin-top: 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 13px; color: var(--muted); margin-bottom: 8px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.swatch-legacy { background: var(--legacy); } .swatch-lambda { background: var(--lambda); }
.diff { display: grid; grid-template-columns: 1fr; gap: 12px; }
.diff table { table-layout: fixed; }
.diff td { font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; padding: 1px 8px; border: 0; }
.diff td.ln { width: 2.6em; padding: 1px 4px; color: var(--muted); text-align: right; user-select: none; }
.diff tr.changed td.side, .diff td.only { background: #fff4ce; }
.diff tr.changed td.side mark { background: #ffd666; }
.diff td.gap { background: #f2f4f7; }
.diff-head { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; font-size: 13px; font-weight: 600; padding: 0 0 6px; }
.login { max-width: 440px; margin: 40px auto; }
.or { text-align: center; color: var(--muted); font-size: 13px; margin: 4px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; font-size: 14px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
/* On a phone, the short tables become one block per row, each value under its column's name. */
@media (max-width: 640px) {
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
  table.stack td { border: 0; padding: 2px 0; white-space: normal; text-align: left; min-width: 0; overflow-wrap: anywhere; }
  table.stack td[data-label] { position: relative; padding-left: 160px; }
  table.stack td[data-label]::before { content: attr(data-label); position: absolute; left: 0; width: 152px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: var(--muted); font-size: 11px; line-height: 21px; text-transform: uppercase; letter-spacing: .03em; }
  table.stack td.title { font-weight: 600; }
}
@media (min-width: 900px) {
  main { padding: 24px; }
  .grid.controls { grid-template-columns: repeat(2, 1fr); }
}
`;
