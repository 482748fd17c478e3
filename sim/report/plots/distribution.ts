import type { CdfPoint } from '../../metrics/types.js';
import { cdfSource, colourEncoding, drawsPart, type DataSource, type PlotContext, type Spec } from './plot-context.js';

/** One quantile of one strategy at one sweep point across the drawn seeds: fastest, median, slowest. */
interface BandRow { strategy: string; sweep: string; quantile: number; lo: number; latency_ms: number; hi: number }

/**
 * The data a distribution plot (latency-cdf, tail-ccdf) draws, then `transform`. When it draws
 * all of cdf.csv it reads the file (as it always has); when it draws part of it (a few of many
 * sweep points, or a band across many seeds) the few rows it needs are inlined: with 1,000 sweep
 * points cdf.csv holds a million rows, and making vega parse them all to keep a thousandth would
 * take longer than the rest of the report.
 */
export function distributionSource(ctx: PlotContext, transform: Spec[]): DataSource {
  if (!drawsPart(ctx)) return cdfSource(ctx, transform);
  const rows: object[] = ctx.band
    ? bandRows(ctx.distribution)
    : ctx.distribution.map((p) => ({ strategy: p.strategy, seed: p.seed, sweep: p.sweep, quantile: p.quantile, latency_ms: p.latency_ms }));
  return { data: { values: rows }, transform };
}

/**
 * What a distribution plot draws in each panel: a step line per strategy and seed, or, with
 * many seeds, a pale band from the fastest to the slowest seed at each quantile and a line
 * through their median. `x` and `y` are the encodings of latency and of the quantile's measure.
 */
export function distributionPanel(ctx: PlotContext, x: Spec, y: Spec): Spec {
  const order = { field: 'quantile', type: 'quantitative' };
  if (!ctx.band) {
    return {
      mark: { type: 'line', interpolate: 'step-after', opacity: ctx.drawnSeeds.length > 1 ? 0.75 : 1 },
      encoding: { x, y, color: colourEncoding(ctx), detail: { field: 'seed', type: 'nominal' }, order },
    };
  }
  // The band and the line share one legend: draw it as the line, not the pale band.
  const colour = { ...colourEncoding(ctx), legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } };
  return {
    layer: [
      {
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.2, orient: 'horizontal' },
        // No order channel: on an area it splits the band into one piece per row; a horizontal area is drawn in y order anyway.
        encoding: { x: { ...x, field: 'lo' }, x2: { field: 'hi' }, y, color: colour },
      },
      { mark: { type: 'line', interpolate: 'step-after' }, encoding: { x, y, color: colour, order } },
    ],
  };
}

/** Per strategy, sweep point and quantile (in the order first met): the smallest, median and largest latency across seeds. */
function bandRows(points: readonly CdfPoint[]): BandRow[] {
  const groups = new Map<string, { strategy: string; sweep: string; quantile: number; latencies: number[] }>();
  for (const p of points) {
    if (!Number.isFinite(p.latency_ms)) continue;
    const key = `${p.strategy}\u0000${p.sweep}\u0000${p.quantile}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { strategy: p.strategy, sweep: p.sweep, quantile: p.quantile, latencies: [p.latency_ms] });
    else group.latencies.push(p.latency_ms);
  }
  return [...groups.values()].map(({ strategy, sweep, quantile, latencies }) => {
    const sorted = Float64Array.from(latencies).sort();
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { strategy, sweep, quantile, lo: sorted[0]!, latency_ms: median, hi: sorted[sorted.length - 1]! };
  });
}
