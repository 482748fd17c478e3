import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/engine/simulation.js';
import { RandomStreams } from '../../sim/engine/random.js';
import { Hosts } from '../../sim/cluster/hosts.js';
import type { StragglerConfig } from '../../sim/cluster/config.js';
import { startBackgroundLoad } from '../../sim/faults/background-load.js';
import { startSlowdowns } from '../../sim/faults/slowdowns.js';

const test = suite('faults/background-load');

type Background = NonNullable<StragglerConfig['background']>;
const noFlows = { hasBandwidth: false, setupFlows: () => {}, startFlow: () => {} };

/** Hosts with background jobs (and whatever `more` starts), every change of host 0 recorded as (time, jobs, speed). */
function world(config: Background, options: { speeds?: number[]; seed?: number; more?: (ctx: Parameters<typeof startBackgroundLoad>[0]) => void } = {}) {
  const sim = new Simulation();
  const hosts = new Hosts(2, options.speeds ?? [], 1);
  const ctx = { sim, streams: new RandomStreams(options.seed ?? 1), hosts, network: noFlows };
  const changes: { time: number; jobs: number; speed: number }[] = [];
  hosts.watchSpeed((h) => {
    if (h === 0) changes.push({ time: sim.now, jobs: hosts.backgroundJobs[0]!, speed: hosts.speed(0) });
  });
  startBackgroundLoad(ctx, config);
  options.more?.(ctx);
  return { sim, hosts, changes };
}

/** The first job's start and end on host 0, from a world where jobs are rare. */
function firstJob(options: Parameters<typeof world>[1] & { work?: number } = {}) {
  const w = world({ hosts: { list: [0] }, rate: 1e-6, duration: { dist: 'constant', value: options.work ?? 10 } }, options);
  const start = () => w.changes.find((c) => c.jobs === 1)?.time;
  while (start() === undefined) w.sim.run(w.sim.now + 1e6);
  w.sim.run(start()! + 1e4);
  const end = w.changes.find((c) => c.jobs === 0 && c.time > start()!)!.time;
  return { start: start()!, end, changes: w.changes };
}

test('a job shares the processor with the instance, counted as always busy: alone it lasts twice its work', () => {
  const { start, end } = firstJob();
  assert.ok(Math.abs(end - start - 20) < 1e-6, `${end - start}`);
});

test('a job runs at the host\'s nominal speed and slows in a slowdown episode as queries do', () => {
  const half = firstJob({ speeds: [0.5] });
  assert.ok(Math.abs(half.end - half.start - 40) < 1e-6, `nominal 0.5: ${half.end - half.start}`);
  // A 3x episode that starts 4 ms into the job: 2 units of work done at 1/2, the other 8 at 1/6.
  const first = firstJob();
  const at = first.start + 4;
  const slowed = firstJob({
    more: ({ sim, hosts }) => {
      const slow = sim.on(() => {
        hosts.episodeFactor[0] = 3;
        hosts.changed(0);
      });
      sim.at(at, slow);
    },
  });
  assert.is(slowed.start, first.start, 'the same arrivals');
  assert.ok(Math.abs(slowed.end - slowed.start - (4 + 8 * 6)) < 1e-6, `${slowed.end - slowed.start}`);
});

test('work is conserved: the processor share the jobs got adds up to the work of the jobs that ended', () => {
  const work = 20;
  const w = world(
    { hosts: { list: [0] }, rate: 0.03, duration: { dist: 'constant', value: work } },
    { more: (ctx) => startSlowdowns(ctx, { hosts: 'all', every: { dist: 'exponential', mean: 200 }, duration: { dist: 'exponential', mean: 50 }, factor: 4 }) },
  );
  w.sim.run(200_000);
  const c = w.changes;
  let share = 0, ended = 0, checked = 0;
  for (let i = 1; i < c.length; i++) {
    // Each running job progresses at the host's speed (`speed` is per job: nominal / factors / (jobs + 1)).
    share += c[i - 1]!.jobs * c[i - 1]!.speed * (c[i]!.time - c[i - 1]!.time);
    if (c[i]!.jobs < c[i - 1]!.jobs) ended += c[i - 1]!.jobs - c[i]!.jobs;
    if (c[i]!.jobs === 0 && c[i - 1]!.jobs > 0) {
      assert.ok(Math.abs(share - ended * work) < 1e-6 * share, `at ${c[i]!.time}: ${share} of work served, ${ended} jobs of ${work} ended`);
      checked++;
    }
  }
  assert.ok(checked > 100 && Math.max(...c.map((x) => x.jobs)) >= 3, `busy periods checked: ${checked}`);
});

test('the same seed gives the same timeline; arrivals do not depend on how long jobs take', () => {
  const config = (mean: number): Background => ({ hosts: 'all', rate: 0.02, duration: { dist: 'exponential', mean } });
  const run = (mean: number) => {
    const w = world(config(mean));
    w.sim.run(50_000);
    return w.changes;
  };
  assert.equal(run(10), run(10));
  const arrivals = (cs: { time: number; jobs: number }[]) => cs.filter((x, i) => x.jobs > (cs[i - 1]?.jobs ?? 0)).map((x) => x.time);
  assert.equal(arrivals(run(10)), arrivals(run(30)));
});

test.run();
