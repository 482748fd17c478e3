import { makeSampler } from '../engine/distributions.js';
import type { StragglerConfig } from '../cluster/config.js';
import { selectHosts, type FaultContext } from './context.js';

/**
 * A second deployment's inference jobs on some hosts (ParM's multitenancy experiment): jobs
 * arrive as a Poisson process per host and each runs for `duration`, sharing the host's
 * processor with whatever else runs there for as long as it lasts.
 */
export function startBackgroundLoad(ctx: FaultContext, config: NonNullable<StragglerConfig['background']>): void {
  const { sim, hosts } = ctx;
  const selected = selectHosts(config.hosts, hosts.count, ctx.streams, 'stragglers/background/hosts');
  const meanGap = 1 / config.rate;
  for (const h of selected) {
    const rng = ctx.streams.stream(`stragglers/background/host-${h}`);
    const duration = makeSampler(config.duration, rng);
    const end = sim.on(() => {
      hosts.backgroundJobs[h]!--;
      hosts.changed(h);
    });
    const arrive = sim.on(() => {
      hosts.backgroundJobs[h]!++;
      hosts.changed(h);
      sim.schedule(duration(), end);
      sim.schedule(rng.exponential(meanGap), arrive);
    });
    sim.schedule(rng.exponential(meanGap), arrive);
  }
}
