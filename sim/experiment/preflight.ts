import { InputError } from '../errors.js';
import type { HostSelection } from '../cluster/config.js';
import type { RunPoint } from '../scenario/types.js';
import { hostsFor } from '../strategies/simulate.js';

/**
 * Checks what only becomes known once the strategies fix the cluster's size: every host a fault,
 * a straggler or a speed names must exist. Checked for every run point before any run starts,
 * so nothing a user asked for is silently ignored.
 */
export function checkHostIndices(points: readonly RunPoint[]): void {
  for (const { scenario, point } of points) {
    const world = scenario.world;
    const hosts = hostsFor(scenario.strategies, world);
    const file = scenario.file ?? 'scenario';
    const at = Object.keys(point).length > 0 ? ` at sweep point ${JSON.stringify(point)}` : '';
    const check = (field: string, host: number) => {
      if (host >= hosts) throw new InputError(file, field, `a host index below ${hosts} (the strategies use hosts 0..${hosts - 1}${at})`, String(host));
    };
    const checkSelection = (field: string, selection: HostSelection | undefined) => {
      if (!selection || selection === 'all') return;
      if ('list' in selection) selection.list.forEach((h, i) => check(`${field}[${i}]`, h));
      else if (selection.count > hosts) throw new InputError(file, field, `a host count of at most ${hosts} (the hosts the strategies use${at})`, String(selection.count));
    };
    if (world.cluster.speeds.length > hosts) check('cluster.speeds', world.cluster.speeds.length - 1);
    checkSelection('stragglers.slowdowns.hosts', world.stragglers.slowdowns?.hosts);
    checkSelection('stragglers.background.hosts', world.stragglers.background?.hosts);
    // Fault entries are split by kind once parsed, so name them by kind and order, not list index.
    world.faults.failStop.forEach((f, i) => checkSelection(`faults (fail-stop entry ${i + 1}).hosts`, f.hosts));
    world.faults.scripted.forEach((f, i) => check(`faults (${f.action} entry ${i + 1} of the scripted ones).host`, f.host));
  }
}
