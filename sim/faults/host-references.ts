import type { HostSelection, WorldConfig } from '../cluster/config.js';

/**
 * A place where a scenario names hosts: one host index (a scripted fault, an entry of a host
 * list, the last speed given) or a number of hosts to pick (`count`). `field` names it the way
 * the error contract does (scripted and fail-stop entries by kind and order: the parsed faults
 * are split by kind, so a list index would point at the wrong entry).
 */
export type HostReference = { field: string; host: number } | { field: string; count: number };

/** Every place the world names a host or a number of hosts, in the order the scenario gives them. */
export function hostReferences(world: WorldConfig): HostReference[] {
  const refs: HostReference[] = [];
  const selection = (field: string, s: HostSelection | undefined) => {
    if (!s || s === 'all') return;
    if ('list' in s) s.list.forEach((host, i) => refs.push({ field: `${field}[${i}]`, host }));
    else refs.push({ field, count: s.count });
  };
  const speeds = world.cluster.speeds;
  if (speeds.length > 0) refs.push({ field: 'cluster.speeds', host: speeds.length - 1 });
  selection('stragglers.slowdowns.hosts', world.stragglers.slowdowns?.hosts);
  selection('stragglers.background.hosts', world.stragglers.background?.hosts);
  world.faults.failStop.forEach((f, i) => selection(`faults (fail-stop entry ${i + 1}).hosts`, f.hosts));
  world.faults.scripted.forEach((f, i) => refs.push({ field: `faults (${f.action} entry ${i + 1} of the scripted ones).host`, host: f.host }));
  return refs;
}

/**
 * What of the world does not apply, or applies only in part, to a strategy that runs on `hosts`
 * hosts: one line per place that names a host it does not have, or more hosts than it has.
 *
 * Every strategy runs on its own hosts (sim/strategies/simulate.ts), so a scripted fault on host
 * 13 reaches a strategy with 18 hosts and not one with 12. A user comparing the two would expect
 * the fault to hit wherever it can and to be told where it could not, not to have the scenario
 * refused for naming a parity host that `none` lacks: so it runs, and each run's summary lists
 * these lines (`not_applied`). A host that no strategy has is refused before anything runs
 * (sim/experiment/preflight.ts): that is a mistake in the file, not a comparison.
 */
export function notApplied(world: WorldConfig, hosts: number): string[] {
  const lines: string[] = [];
  for (const ref of hostReferences(world)) {
    if ('count' in ref) {
      if (ref.count > hosts) lines.push(`${ref.field}: ${ref.count} hosts asked for, this strategy has ${hosts} (all of them picked)`);
    } else if (ref.host >= hosts) {
      const what = ref.field === 'cluster.speeds' ? `speeds given up to host ${ref.host}` : `host ${ref.host}`;
      lines.push(`${ref.field}: ${what}, this strategy has hosts 0..${hosts - 1}`);
    }
  }
  return lines;
}
