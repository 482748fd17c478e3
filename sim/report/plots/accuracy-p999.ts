import { sweepLabel } from '../../metrics/sweep-label.js';
import { colourEncoding, type Plot, type PlotContext, type Spec } from './plot-context.js';

/** Log x once the slowest p99.9 is this many times the fastest. */
const logSpread = 10;

/**
 * The trade the strategies make: accuracy against p99.9, a point per strategy and sweep point
 * (means across seeds, 95% intervals as bars with several seeds), its shape the resources the
 * strategy used (instances over the data instances) — the frontier a person picks from. Across a
 * sweep a strategy's points are joined in sweep order. Null when the runs have no accuracy.
 * `pointSize` lets report.html enlarge the sweep point it shows.
 */
export function accuracyP999Plot(ctx: PlotContext, pointSize?: Spec): Plot | null {
  const order = new Map(ctx.sweeps.map((label, i) => [label, i]));
  const values = ctx.results.aggregate.flatMap((a) => {
    const accuracy = a.accuracy?.overall;
    const p999 = a.latency_ms.p999;
    if (accuracy === undefined || accuracy.mean === null || p999.mean === null || !(p999.mean > 0)) return [];
    const sweep = sweepLabel(a.sweep);
    const runs = ctx.results.runs.filter((r) => r.strategy === a.strategy && sweepLabel(r.sweep) === sweep);
    const instances = runs.reduce((s, r) => s + r.overhead.instances, 0) / Math.max(1, runs.length);
    const several = a.seeds > 1;
    return [{
      strategy: a.strategy, sweep, step: order.get(sweep) ?? 0, p999: p999.mean, accuracy: accuracy.mean,
      resources: `${instances.toFixed(2)}x`,
      p999_lo: several ? p999.ci95[0] : null, p999_hi: several ? p999.ci95[1] : null,
      accuracy_lo: several ? accuracy.ci95[0] : null, accuracy_hi: several ? accuracy.ci95[1] : null,
    }];
  });
  if (values.length === 0) return null;
  let least = Infinity;
  let most = -Infinity;
  for (const v of values) {
    least = Math.min(least, v.p999);
    most = Math.max(most, v.p999);
  }
  const logX = most / least >= logSpread;
  const x = { field: 'p999', type: 'quantitative', title: logX ? 'p99.9 latency (ms, log scale)' : 'p99.9 latency (ms)', scale: logX ? { type: 'log', padding: 12 } : { zero: false, nice: true, padding: 12 } };
  const y = { field: 'accuracy', type: 'quantitative', title: 'accuracy (share of queries answered correctly)', scale: { zero: false, nice: true, padding: 12 }, axis: { format: '.1%' } };
  const colour = colourEncoding(ctx);
  const swept = ctx.sweeps.length > 1;
  const tooltip = [
    { field: 'strategy', type: 'nominal' },
    ...(swept ? [{ field: 'sweep', type: 'nominal', title: 'sweep point' }] : []),
    { field: 'p999', type: 'quantitative', title: 'p99.9 (ms)', format: '.2f' },
    { field: 'accuracy', type: 'quantitative', format: '.4f' },
    { field: 'resources', type: 'nominal', title: 'instances / data instances' },
  ];
  const layer: Spec[] = [
    ...(swept ? [{ mark: { type: 'line', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y, color: colour, order: { field: 'step', type: 'quantitative' } } }] : []),
    // Interval bars only where there are intervals: an empty layer leaves its scale fields with an infinite extent.
    ...(values.some((v) => v.p999_lo !== null && v.p999_hi !== null)
      ? [{ transform: [{ filter: 'isValid(datum.p999_lo) && isValid(datum.p999_hi)' }], mark: { type: 'rule', opacity: 0.6 }, encoding: { x: { ...x, field: 'p999_lo' }, x2: { field: 'p999_hi' }, y, color: colour } }]
      : []),
    ...(values.some((v) => v.accuracy_lo !== null && v.accuracy_hi !== null)
      ? [{ transform: [{ filter: 'isValid(datum.accuracy_lo) && isValid(datum.accuracy_hi)' }], mark: { type: 'rule', opacity: 0.6 }, encoding: { x, y: { ...y, field: 'accuracy_lo' }, y2: { field: 'accuracy_hi' }, color: colour } }]
      : []),
    {
      mark: { type: 'point', filled: true, opacity: 0.9 },
      encoding: { x, y, color: colour, tooltip, shape: { field: 'resources', type: 'nominal', title: 'resources' }, size: pointSize ?? { value: swept ? 60 : 110 } },
    },
  ];
  const seeds = ctx.results.aggregate.reduce((n, a) => Math.max(n, a.seeds), 0);
  const subtitle = `${seeds > 1 ? `means of ${seeds} seeds, bars: 95% bootstrap interval across seeds` : 'one seed'}; shape: instances over the data instances${swept ? '; a strategy\'s sweep points joined in order' : ''}`;
  return {
    name: 'accuracy-p999',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `Accuracy against p99.9: ${ctx.scenario}`, subtitle },
      data: { values },
      width: 420, height: 300,
      layer,
    },
  };
}
