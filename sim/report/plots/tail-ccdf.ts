import { distributionPanel, distributionSource } from './distribution.js';
import { panelled, seedNote, sweepNote, type Plot, type PlotContext } from './plot-context.js';

/** The smallest exceedance shown: 1 in 10,000 queries, the p99.99 that cdf.csv still resolves. */
const floor = 1e-4;
/** Log x once the slowest answer is this many times the fastest: then a linear axis hides the body. */
const logSpread = 10;

/**
 * The tail view: the fraction of queries slower than x (1 − F) on a log axis from 1 down to
 * 1e-4, so p99, p99.9 and p99.99 are evenly spaced and read off the axis labels. Drawn as steps:
 * between two quantile points no query finished, so the curve stays level until the next one.
 */
export function tailCcdfPlot(ctx: PlotContext): Plot {
  // A loop, not Math.min(...latencies): with 1,000 seeds there are more values than call arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of ctx.distribution) {
    if (1 - p.quantile < floor - 1e-12 || !(p.latency_ms > 0) || !Number.isFinite(p.latency_ms)) continue;
    lo = Math.min(lo, p.latency_ms);
    hi = Math.max(hi, p.latency_ms);
  }
  const data = distributionSource(ctx, [
    // Rounding to 1e-12 undoes float noise (1 − 0.9999 = 1.0000000000000009e-4) without moving any level.
    { calculate: 'round((1 - datum.quantile) * 1e12) / 1e12', as: 'exceedance' },
    { filter: `datum.exceedance >= ${floor}` },
  ]);
  const logX = lo <= hi && hi / lo >= logSpread;
  const panel = distributionPanel(
    ctx,
    {
      field: 'latency_ms', type: 'quantitative', title: logX ? 'latency (ms, log scale)' : 'latency (ms)',
      scale: logX ? { type: 'log', nice: false } : { zero: false, nice: true },
      // A log axis labels every 10, 20, … 90 by default, and 90 and 100 run into each other.
      ...(logX ? { axis: { values: oneTwoFive(lo, hi) } } : {}),
    },
    {
      field: 'exceedance', type: 'quantitative', title: 'fraction of queries slower (1 − CDF)',
      scale: { type: 'log', domain: [floor, 1] },
      axis: {
        values: [1, 0.1, 0.01, 0.001, 0.0001],
        // Name the percentile each decade stands for: 1e-3 of queries slower is p99.9.
        labelExpr: "datum.value >= 1 ? '1' : datum.value >= 0.1 ? '0.1 (p90)' : datum.value >= 0.01 ? '0.01 (p99)' : datum.value >= 0.001 ? '0.001 (p99.9)' : '0.0001 (p99.99)'",
      },
    },
  );
  const title = { text: `Tail latency: ${ctx.scenario}`, subtitle: `fraction of queries slower than each latency, down to 1 in 10,000; ${seedNote(ctx)}${sweepNote(ctx)}` };
  return { name: 'tail-ccdf', spec: panelled(ctx, title, data, panel, { width: 480, height: 300 }) };
}

/** Ticks 1, 2, 5, 10, 20, 50, … covering [lo, hi]: readable on a log axis. */
function oneTwoFive(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let decade = 10 ** Math.floor(Math.log10(lo)); decade <= hi; decade *= 10) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * decade).toPrecision(6));
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return ticks;
}
