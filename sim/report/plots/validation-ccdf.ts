import type { CdfPoint } from '../../metrics/types.js';
import { strategyColours } from './theme.js';
import type { Plot } from './plot-context.js';

/**
 * Simulated against emulated, per strategy: the fraction of queries slower than each latency
 * (1 − CDF) on a log axis down to 1 in 1,000, the emulated line solid and the simulated one
 * dashed, so the body (where lines meet) and the tail (where they part) read off one plot.
 */
export function validationCcdfPlot(scenario: string, points: readonly (CdfPoint & { world: string })[], kinds: ReadonlyMap<string, string>): Plot {
  const floor = 1e-3;
  const values = points
    .map((p) => ({ strategy: p.strategy, world: p.world, seed: p.seed, sweep: p.sweep, latency_ms: p.latency_ms, exceedance: Math.round((1 - p.quantile) * 1e12) / 1e12 }))
    .filter((p) => p.exceedance >= floor);
  const strategies = [...kinds.keys()];
  return {
    name: 'validation-ccdf',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `Simulated vs emulated: ${scenario}`, subtitle: 'fraction of queries slower than each latency; solid: emulated cluster, dashed: simulator' },
      data: { values },
      width: 480,
      height: 300,
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'latency_ms', type: 'quantitative', title: 'latency (ms)', scale: { zero: false, nice: true } },
        y: { field: 'exceedance', type: 'quantitative', title: 'fraction of queries slower (1 − CDF)', scale: { type: 'log', domain: [floor, 1] }, axis: { values: [1, 0.1, 0.01, 0.001] } },
        color: { field: 'strategy', type: 'nominal', title: 'strategy', scale: strategyColours(strategies.map((strategy) => ({ strategy, kind: kinds.get(strategy)! }))) },
        strokeDash: { field: 'world', type: 'nominal', title: 'world', scale: { domain: ['emulated', 'simulated'], range: [[1, 0], [6, 4]] } },
        detail: [{ field: 'seed', type: 'nominal' }, { field: 'sweep', type: 'nominal' }],
        order: { field: 'exceedance', type: 'quantitative', sort: 'descending' },
      },
    },
  };
}
