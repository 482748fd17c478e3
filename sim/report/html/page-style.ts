/** The page's look: system fonts only (nothing fetched), tables that read like the terminal's. */
export const pageStyle = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 24px auto; max-width: 1240px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
p.lead { color: #555; margin-top: 0; }
p.note { color: #555; font-size: 13px; margin: 4px 0; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 9px; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
th { border-bottom: 1px solid #bbb; font-weight: 600; }
.num-from-1 :is(td, th):nth-child(n+2), .num-from-2 :is(td, th):nth-child(n+3), .num-from-3 :is(td, th):nth-child(n+4) { text-align: right; }
tr[hidden] { display: none; }
.controls { position: sticky; top: 0; background: #fff; z-index: 2; padding: 8px 0; border-bottom: 1px solid #ddd; display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 14px; }
.controls label { cursor: pointer; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { min-height: 200px; }
.scroll { max-height: 420px; overflow: auto; }
`;
