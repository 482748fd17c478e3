import { makeSampler } from '../engine/distributions.js';
import type { StragglerConfig } from '../cluster/config.js';
import { selectHosts, type FaultContext } from './context.js';

/** Per-host on/off slowdown episodes: off for `every`, then slowed by `factor` for `duration`, repeat. */
export function startSlowdowns(ctx: FaultContext, config: NonNullable<StragglerConfig['slowdowns']>): void {
  const { sim, hosts } = ctx;
  const selected = selectHosts(config.hosts, hosts.count, ctx.streams, 'stragglers/slowdowns/hosts');
  for (const h of selected) {
    const rng = ctx.streams.stream(`stragglers/slowdowns/host-${h}`);
    const gap = makeSampler(config.every, rng);
    const duration = makeSampler(config.duration, rng);
    const toggle = sim.on(() => {
      const slowed = hosts.episodeFactor[h] !== 1;
      hosts.episodeFactor[h] = slowed ? 1 : config.factor;
      hosts.changed(h);
      sim.schedule(slowed ? gap.draw() : duration.draw(), toggle);
    });
    sim.schedule(gap.draw(), toggle);
  }
}
