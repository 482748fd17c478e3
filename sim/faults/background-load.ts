import { makeSampler } from '../engine/distributions.js';
import { EventQueue } from '../engine/event-queue.js';
import type { StragglerConfig } from '../cluster/config.js';
import { selectHosts, type FaultContext } from './context.js';

/**
 * A second deployment's inference jobs on some hosts (ParM's multitenancy experiment): jobs
 * arrive as a Poisson process per host, and each brings `duration` of work, the time it would
 * take at speed 1 with the processor to itself (the unit of the deployed model's service time).
 *
 * A job progresses at the host's speed, as a query does: nominal speed divided by the slowdown
 * episodes', scripted slowdowns' and shuffles' factors, and shared with the instance and the
 * other jobs (Hosts.speed: 1/(n + 1) of the processor each with n jobs running). So the work is
 * conserved: a job that slows the instance to half speed for a while runs at half speed itself,
 * and lasts twice its work; on a host in a 3x slowdown episode it lasts three times longer again.
 *
 * The instance is counted as always busy, whether or not a query happens to be in service: what
 * is in service at a given moment differs from strategy to strategy, and letting it speed up the
 * jobs would make a host's background timeline depend on the strategy, so strategies would no
 * longer meet the same stragglers (common random numbers) and adding a strategy to a file could
 * change another's numbers. A job on a host whose instance is idle therefore runs slower than it
 * would on real hardware; with instances loaded like a serving cluster's (~50%, and busiest when
 * it matters, when queries queue up) this errs on the side of more interference, not less.
 *
 * Job arrivals and work are drawn from the host's own stream and are identical per host index in
 * every strategy. Completion times follow the host's speed, which in clusters of the same size is
 * identical too; between sizes it differs only where shuffles slow hosts (`shuffles.slowdown`
 * above 1), the one straggler that is not per host (shuffles.ts).
 */
export function startBackgroundLoad(ctx: FaultContext, config: NonNullable<StragglerConfig['background']>): void {
  const { sim, hosts } = ctx;
  const selected = selectHosts(config.hosts, hosts.count, ctx.streams, 'stragglers/background/hosts');
  if (selected.length === 0) return;
  const meanGap = 1 / config.rate;
  // Processor sharing per host: every running job gets the same speed, so one number per host,
  // the work each running job has received since the start (`served`), tells them all apart: a
  // job ends when `served` reaches its mark (`served` at arrival + its work). Marks wait in a heap.
  const served = new Float64Array(hosts.count);
  const updated = new Float64Array(hosts.count);
  const speed = new Float64Array(hosts.count);
  const token = new Int32Array(hosts.count);
  const marks: (EventQueue | undefined)[] = new Array(hosts.count);

  const advance = (h: number) => {
    served[h]! += (sim.now - updated[h]!) * speed[h]!;
    updated[h] = sim.now;
  };
  const done = sim.on((h, t) => {
    if (t !== token[h]) return;
    advance(h);
    const heap = marks[h]!;
    // The earliest job is done (rounding may leave `served` a hair short of its mark), and so is any other it reached.
    heap.pop();
    served[h] = Math.max(served[h]!, heap.poppedTime);
    let ended = 1;
    while (heap.size > 0 && heap.peekTime() <= served[h]!) {
      heap.pop();
      ended++;
    }
    hosts.backgroundJobs[h]! -= ended;
    hosts.changed(h);
  });
  // Any change of the host's speed (this process's own included): bring `served` up to date at the old speed, and reschedule the next end.
  hosts.watchSpeed((h) => {
    const heap = marks[h];
    if (!heap) return;
    advance(h);
    speed[h] = hosts.speed(h);
    token[h]!++;
    if (heap.size > 0) sim.schedule(Math.max(0, heap.peekTime() - served[h]!) / speed[h]!, done, h, token[h]!);
  });

  for (const h of selected) {
    const heap = new EventQueue(16);
    marks[h] = heap;
    speed[h] = hosts.speed(h);
    const rng = ctx.streams.stream(`stragglers/background/host-${h}`);
    const work = makeSampler(config.duration, rng);
    const arrive = sim.on(() => {
      advance(h);
      heap.push(served[h]! + work.draw(), 0, 0, 0);
      hosts.backgroundJobs[h]!++;
      hosts.changed(h);
      sim.schedule(rng.exponential(meanGap), arrive);
    });
    sim.schedule(rng.exponential(meanGap), arrive);
  }
}
