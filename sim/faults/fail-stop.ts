import { makeSampler } from '../engine/distributions.js';
import type { FaultConfig } from '../cluster/config.js';
import { selectHosts, type FaultContext } from './context.js';

/** Random fail-stop failures: each selected host is up for `uptime`, down for `downtime`, and so on. */
export function startFailStop(ctx: FaultContext, config: FaultConfig['failStop'][number], index: number): void {
  const { sim, hosts } = ctx;
  const selected = selectHosts(config.hosts, hosts.count, ctx.streams, `faults/fail-stop-${index}/hosts`);
  for (const h of selected) {
    const rng = ctx.streams.stream(`faults/fail-stop-${index}/host-${h}`);
    const uptime = makeSampler(config.uptime, rng);
    const downtime = makeSampler(config.downtime, rng);
    const toggle = sim.on(() => {
      if (hosts.up[h]) {
        hosts.fail(h);
        sim.schedule(downtime.draw(), toggle);
      } else {
        hosts.recover(h);
        sim.schedule(uptime.draw(), toggle);
      }
    });
    sim.schedule(uptime.draw(), toggle);
  }
}
