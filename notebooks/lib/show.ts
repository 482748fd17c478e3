/**
 * What the notebooks show, as outputs GitHub renders in a committed notebook: tables as markdown,
 * charts as PNG drawn by the project's own renderer (vega-lite → SVG → PNG with the bundled font,
 * sim/report/plots/render-spec.ts), so a chart here looks like the same chart in results/.
 *
 * Cells import this file root-relative (`./notebooks/lib/show`); tslab compiles it with them.
 */
import { readFileSync } from 'fs';
import * as tslab from 'tslab';
// The library API: a plain ES module whose heavy part (vega, with its top-level await) it loads
// by a real dynamic import of its own, so tslab's CommonJS cells can require it.
import { renderChart } from '../../dist/sim/api/index.js';

/** A vega-lite spec, data inlined. */
export type Spec = Record<string, unknown>;

/** A table column: header, and how to read and print a cell (numbers right-aligned). */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
  /** Digits after the point for numbers; default 1. */
  digits?: number;
  /** Print numbers as percentages (value 0.123 → 12.3%). */
  percent?: boolean;
}

/** Renders a vega-lite spec (data inlined) with the project's theme and shows it as a PNG. */
export async function showChart(spec: Spec): Promise<void> {
  tslab.display.png((await renderChart(spec, 'png')) as Buffer);
}

/** Shows a PNG file (a plot a results folder already holds). */
export function showPng(file: string): void {
  tslab.display.png(readFileSync(file));
}

export function showMarkdown(text: string): void {
  tslab.display.markdown(text);
}

/** Shows rows as a markdown table. */
export function showTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): void {
  tslab.display.markdown(markdownTable(rows, columns));
}

export function markdownTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((c) => formatCell(c.value(row), c)));
  // A column is numeric (right-aligned) when every cell that has a value is a number.
  const numeric = columns.map((c) => rows.every((row) => {
    const v = c.value(row);
    return v === null || v === undefined || typeof v === 'number';
  }));
  const header = `| ${columns.map((c) => escapeCell(c.header)).join(' | ')} |`;
  const rule = `|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`;
  return [header, rule, ...cells.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function formatCell(v: string | number | null | undefined, column: { digits?: number; percent?: boolean }): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '–';
  if (typeof v === 'string') return escapeCell(v);
  const digits = column.digits ?? 1;
  return column.percent ? `${(100 * v).toFixed(digits)}%` : v.toFixed(digits);
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
