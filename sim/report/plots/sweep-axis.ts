import type { SweepPoint } from '../../metrics/types.js';

/** How the swept parameter is drawn along x: as numbers (with the unit moved to the axis title) or as the values written. */
export type SweepAxis =
  | { key: string; type: 'quantitative'; unit: string; value: (point: SweepPoint) => number }
  | { key: string; type: 'ordinal'; order: string[]; value: (point: SweepPoint) => string };

const numberWithUnit = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(.*?)\s*$/i;

/**
 * The x axis for a sweep over `key` with the values as the scenario lists them. "270/s" and
 * "300/s" become 270 and 300 with "/s" in the title; values without a common unit (or not
 * numbers at all: "addition", true) stay categories in the scenario's order.
 */
export function sweepAxis(key: string, values: readonly (string | number | boolean)[]): SweepAxis {
  const parsed = values.map((v) => (typeof v === 'number' ? { n: v, unit: '' } : parseWithUnit(String(v))));
  const units = new Set(parsed.map((p) => p?.unit));
  if (parsed.every((p) => p !== null) && units.size === 1) {
    return {
      key, type: 'quantitative', unit: parsed[0]?.unit ?? '',
      value: (point) => {
        const v = point[key];
        return typeof v === 'number' ? v : parseWithUnit(String(v))?.n ?? NaN;
      },
    };
  }
  return { key, type: 'ordinal', order: values.map(String), value: (point) => String(point[key]) };
}

function parseWithUnit(text: string): { n: number; unit: string } | null {
  const match = numberWithUnit.exec(text);
  if (match === null) return null;
  const n = Number(match[1]);
  return Number.isFinite(n) ? { n, unit: match[2] ?? '' } : null;
}
