import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { simulate } from '../../sim/strategies/simulate.js';
import { estimate } from '../../sim/metrics/confidence.js';
import { measuredSorted, quantileSorted } from '../../sim/metrics/percentiles.js';
import { testWorld } from '../helpers/world.js';

const test = suite('cluster/queueing');

/** P(T > t) for M/M/c FIFO response time: wait (Erlang C) plus exponential service. */
function mmcSurvival(c: number, lambda: number, mu: number): (t: number) => number {
  const a = lambda / mu, rho = a / c;
  let sum = 0, term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const last = term * a / c;
  const erlangC = (last / (1 - rho)) / (sum + last / (1 - rho));
  const theta = c * mu - lambda;
  return (t) => {
    const served = Math.exp(-mu * t);
    const waited = Math.abs(theta - mu) < 1e-12 ? (1 + mu * t) * Math.exp(-mu * t) : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    return (1 - erlangC) * served + erlangC * waited;
  };
}

function quantileOf(survival: (t: number) => number, p: number): number {
  let lo = 0, hi = 1;
  while (survival(hi) > 1 - p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (survival(mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Runs independent replications and checks that each closed-form percentile lies within the
 * replications' 95% confidence interval widened by half (so a correct model passes with room,
 * and a bias of a few percent, e.g. a wrong tie-break or a service-time slip, fails).
 */
function checkAgainstClosedForm(c: number, lambda: number, mu: number): void {
  const world = testWorld(
    { queries: 100_000, warmup: 5_000, arrivals: { process: 'poisson', rate: lambda }, network: { latency: { dist: 'constant', value: 0 } }, stragglers: {}, payload: { dist: 'constant', value: 0 } },
    { instances: c, service: { time: { dist: 'exponential', mean: 1 / mu } } },
  );
  const survival = mmcSurvival(c, lambda, mu);
  const levels = [0.5, 0.9, 0.99, 0.999];
  const perSeed = levels.map(() => [] as number[]);
  for (let seed = 1; seed <= 12; seed++) {
    const sorted = measuredSorted(simulate(world, { kind: 'none', label: 'none' }, seed).latency, world.warmup);
    levels.forEach((p, i) => perSeed[i]!.push(quantileSorted(sorted, p)));
  }
  levels.forEach((p, i) => {
    const exact = quantileOf(survival, p);
    const est = estimate(perSeed[i]!);
    const half = (est.ci95[1]! - est.ci95[0]!) / 2;
    assert.ok(Math.abs(est.mean! - exact) <= 1.5 * half, `p${p * 100}: simulated ${est.mean!.toFixed(4)} ± ${half.toFixed(4)}, closed form ${exact.toFixed(4)}`);
  });
}

test('M/M/1 at utilisation 0.7 matches the closed form', () => checkAgainstClosedForm(1, 0.7, 1));
test('M/M/4 (Erlang C) at utilisation 0.8 matches the closed form', () => checkAgainstClosedForm(4, 3.2, 1));

test.run();
