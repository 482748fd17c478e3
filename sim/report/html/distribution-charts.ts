import { distributionSource } from '../plots/distribution.js';
import { latencyCdfPlot } from '../plots/latency-cdf.js';
import { tailCcdfPlot } from '../plots/tail-ccdf.js';
import { completeSpec } from '../plots/render-spec.js';
import type { Plot, PlotContext, Spec } from '../plots/plot-context.js';
import { controlParams, hiddenFilter, hoverLayer, pointFilter } from './interaction.js';

/** The named dataset the distribution charts share (inlined once in the page, not once per chart). */
export const DISTRIBUTION = 'distribution';

/**
 * The latency CDF and tail CCDF of report.html: the very specs of latency-cdf and tail-ccdf
 * (plots/), drawn for one sweep point at a time (the page's point picker) instead of a panel
 * per point, with strategies that can be hidden and a tooltip on the nearest point.
 * `rows`: the shared dataset, the seeds the plots draw at every point the picker offers (`points`).
 */
export function distributionCharts(ctx: PlotContext, points: readonly string[]): { rows: object[]; charts: { name: string; spec: Spec }[] } {
  // One panel: the plots' panel logic sees a single point; the dataset carries every pickable one.
  const first = points[0] ?? '';
  const drawn = new Set(ctx.drawnSeeds);
  const pickable = new Set(points);
  const single: PlotContext = { ...ctx, sweeps: [first], shownSweeps: [first], distribution: ctx.cdf.filter((p) => drawn.has(p.seed) && pickable.has(p.sweep)) };
  const source = distributionSource(single, []);
  const inline = (source.data as { values?: object[] }).values;
  const rows = inline ?? single.distribution.map((p) => ({ strategy: p.strategy, seed: p.seed, sweep: p.sweep, quantile: p.quantile, latency_ms: p.latency_ms }));
  const charts = [latencyCdfPlot(single), tailCcdfPlot(single)].map((plot) => ({ name: plot.name, spec: interactive(ctx, plot) }));
  return { rows, charts };
}

/** A distribution plot's spec made interactive; its marks, scales and axes are the plot's own. */
function interactive(ctx: PlotContext, plot: Plot): Spec {
  const { mark, encoding, layer, transform, data: _, ...rest } = plot.spec as Spec & { mark?: Spec; encoding?: Spec; layer?: Spec[]; transform?: Spec[] };
  const layers = layer ?? [{ mark, encoding }];
  // The line layer (the last: a band, when drawn, lies under it) gives the hover points their place and colour.
  const line = (layers[layers.length - 1]!.encoding ?? {}) as Record<string, Spec>;
  const x = line.x!, y = line.y!;
  const tooltip: Spec[] = [
    { field: 'strategy', type: 'nominal' },
    ...(ctx.sweeps.length > 1 ? [{ field: 'sweep', type: 'nominal', title: 'sweep point' }] : []),
    ...(ctx.band ? [] : ctx.drawnSeeds.length > 1 ? [{ field: 'seed', type: 'nominal' }] : []),
    { field: 'latency_ms', type: 'quantitative', title: ctx.band ? 'latency (ms, median of seeds)' : 'latency (ms)', format: '.2f' },
    ...(ctx.band ? [{ field: 'lo', type: 'quantitative', title: 'fastest seed (ms)', format: '.2f' }, { field: 'hi', type: 'quantitative', title: 'slowest seed (ms)', format: '.2f' }] : []),
    { field: y.field, type: 'quantitative', title: y.title, format: y.field === 'quantile' ? '.2%' : '.4g' },
  ];
  return completeSpec({
    ...rest,
    // Narrower than the plot files, so the CDF and the CCDF sit side by side on a laptop's screen.
    width: 330,
    params: controlParams(ctx.sweeps[0] ?? ''),
    data: { name: DISTRIBUTION },
    transform: [pointFilter, hiddenFilter, ...(transform ?? [])],
    layer: [...layers, hoverLayer(x, y, line.color!, tooltip)],
  });
}
