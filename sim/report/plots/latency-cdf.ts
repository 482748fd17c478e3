import { distributionPanel, distributionSource } from './distribution.js';
import { panelled, seedNote, sweepNote, type Plot, type PlotContext } from './plot-context.js';

/**
 * Latency CDF per strategy on a linear axis, up to the 99th percentile: beyond it a handful of
 * stragglers stretch a linear axis tenfold and flatten the body of every curve; tail-ccdf shows
 * the tail on log axes.
 */
export function latencyCdfPlot(ctx: PlotContext): Plot {
  const data = distributionSource(ctx, [{ filter: 'datum.quantile <= 0.99' }]);
  const panel = distributionPanel(
    ctx,
    { field: 'latency_ms', type: 'quantitative', title: 'latency (ms)', scale: { zero: false, nice: true } },
    { field: 'quantile', type: 'quantitative', title: 'fraction of queries answered', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
  );
  const title = { text: `Latency CDF: ${ctx.scenario}`, subtitle: `body up to the 99th percentile (the tail beyond it: tail-ccdf); ${seedNote(ctx)}${sweepNote(ctx)}` };
  return { name: 'latency-cdf', spec: panelled(ctx, title, data, panel, { width: 480, height: 300 }) };
}
