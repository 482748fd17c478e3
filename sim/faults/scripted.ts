import type { ScriptedFault } from '../cluster/config.js';
import type { FaultContext } from './context.js';

/** Faults at given times: a host fails (and recovers after `duration`, if given) or slows down for a while. */
export function startScripted(ctx: FaultContext, faults: readonly ScriptedFault[]): void {
  const { sim, hosts } = ctx;
  faults.forEach((fault) => {
    const h = fault.host;
    if (h >= hosts.count) return;
    if (fault.action === 'fail') {
      const recover = sim.on(() => hosts.recover(h));
      const fail = sim.on(() => {
        hosts.fail(h);
        if (fault.duration !== undefined) sim.schedule(fault.duration, recover);
      });
      sim.at(fault.at, fail);
    } else {
      const end = sim.on(() => {
        hosts.scriptedFactor[h] = hosts.scriptedFactor[h]! / fault.factor;
        hosts.changed(h);
      });
      const start = sim.on(() => {
        hosts.scriptedFactor[h] = hosts.scriptedFactor[h]! * fault.factor;
        hosts.changed(h);
        sim.schedule(fault.duration, end);
      });
      sim.at(fault.at, start);
    }
  });
}
