import type { WorldConfig } from '../cluster/config.js';
import type { StrategySpec } from './spec.js';
import type { Planner, StrategyPlan } from './plan.js';
import { planNone } from './none.js';
import { planEqualResources } from './equal-resources.js';
import { planReplication } from './replication.js';
import { planHedged } from './hedged.js';
import { planBackup } from './backup.js';
import { planParm } from './parm.js';
import { planBerrut } from './berrut.js';
import { planCollage } from './collage.js';

export type { StrategySpec, StrategyKind } from './spec.js';
export type { StrategyPlan } from './plan.js';

/** Every strategy, keyed by the scenario's `kind`: adding a strategy is a file and a line here. */
const planners: { [K in StrategySpec['kind']]: Planner<Extract<StrategySpec, { kind: K }>> } = {
  none: planNone,
  'equal-resources': planEqualResources,
  replication: planReplication,
  hedged: planHedged,
  backup: planBackup,
  parm: planParm,
  berrut: planBerrut,
  collage: planCollage,
};

export function planStrategy(spec: StrategySpec, world: WorldConfig): StrategyPlan {
  return (planners[spec.kind] as Planner<StrategySpec>)(spec, world);
}
