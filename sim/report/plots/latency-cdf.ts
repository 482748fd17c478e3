import { cdfSource, colourEncoding, panelled, seedNote, type Plot, type PlotContext } from './plot-context.js';

/**
 * Latency CDF per strategy on a linear axis, up to the 99th percentile: beyond it a handful of
 * stragglers stretch a linear axis tenfold and flatten the body of every curve; tail-ccdf shows
 * the tail on log axes.
 */
export function latencyCdfPlot(ctx: PlotContext): Plot {
  const data = cdfSource(ctx, [{ filter: 'datum.quantile <= 0.99' }]);
  const panel = {
    mark: { type: 'line', interpolate: 'step-after', opacity: ctx.drawnSeeds.length > 1 ? 0.75 : 1 },
    encoding: {
      x: { field: 'latency_ms', type: 'quantitative', title: 'latency (ms)', scale: { zero: false, nice: true } },
      y: { field: 'quantile', type: 'quantitative', title: 'fraction of queries answered', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
      color: colourEncoding(ctx),
      detail: { field: 'seed', type: 'nominal' },
      order: { field: 'quantile', type: 'quantitative' },
    },
  };
  const title = { text: `Latency CDF: ${ctx.scenario}`, subtitle: `body up to the 99th percentile (the tail beyond it: tail-ccdf); ${seedNote(ctx)}` };
  return { name: 'latency-cdf', spec: panelled(ctx, title, data, panel, { width: 480, height: 300 }) };
}
