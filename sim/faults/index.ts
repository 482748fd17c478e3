import type { FaultConfig, StragglerConfig } from '../cluster/config.js';
import type { FaultContext } from './context.js';
import { startShuffles } from './shuffles.js';
import { startSlowdowns } from './slowdowns.js';
import { startBackgroundLoad } from './background-load.js';
import { startFailStop } from './fail-stop.js';
import { startScripted } from './scripted.js';

export type { FaultContext } from './context.js';

/** Starts every straggler and fault process the scenario asks for. */
export function startFaults(ctx: FaultContext, stragglers: StragglerConfig, faults: FaultConfig): void {
  if (stragglers.shuffles) startShuffles(ctx, stragglers.shuffles);
  if (stragglers.slowdowns) startSlowdowns(ctx, stragglers.slowdowns);
  if (stragglers.background) startBackgroundLoad(ctx, stragglers.background);
  faults.failStop.forEach((config, i) => startFailStop(ctx, config, i));
  startScripted(ctx, faults.scripted);
}
