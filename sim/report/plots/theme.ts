import type { Config } from 'vega-lite';

/** Bundled with the package (dejavu-fonts-ttf) and loaded into resvg, so text renders on machines with no fonts. */
export const fontFamily = 'DejaVu Sans';

/** One look for every plot: quiet grid and axes, left-aligned titles, readable sizes at 2x PNG. */
export const plotConfig: Config = {
  font: fontFamily,
  background: 'white',
  padding: 12,
  view: { stroke: '#d9d9d9' },
  title: { anchor: 'start', fontSize: 15, fontWeight: 'bold', subtitleFontSize: 12, subtitleColor: '#555555', offset: 10 },
  axis: {
    labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333333', labelColor: '#444444',
    gridColor: '#ececec', domainColor: '#999999', tickColor: '#999999',
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 3 },
  header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelColor: '#333333' },
  line: { strokeWidth: 2 },
};

/**
 * A hue per strategy kind, so parm is red in every plot of every scenario; strategies of the
 * same kind (say parm with k=2 and k=4) get shades of it, in the order the results list them.
 */
const kindShades: Record<string, readonly string[]> = {
  parm: ['#d62728', '#8c1a1b', '#f28e8c', '#b84a62'],
  'equal-resources': ['#1f77b4', '#0b4f80', '#7fb8e0', '#4a6fa5'],
  replication: ['#2ca02c', '#186b18', '#98df8a', '#5f8f3e'],
  hedged: ['#ff7f0e', '#b35900', '#ffbb78', '#d4a017'],
  backup: ['#9467bd', '#5e3c8a', '#c5b0d5', '#7b4f9e'],
  none: ['#7f7f7f', '#3f3f3f', '#b5b5b5', '#5c5c5c'],
};
const otherShades = ['#17becf', '#8c564b', '#bcbd22', '#e377c2'];

/** The colour scale shared by all plots: domain = strategies in results order, range = their colours. */
export function strategyColours(strategies: readonly { strategy: string; kind: string }[]): { domain: string[]; range: string[] } {
  const used = new Map<readonly string[], number>();
  const range = strategies.map(({ kind }) => {
    const shades = kindShades[kind] ?? otherShades;
    const n = used.get(shades) ?? 0;
    used.set(shades, n + 1);
    return shades[n % shades.length]!;
  });
  return { domain: strategies.map((s) => s.strategy), range };
}
