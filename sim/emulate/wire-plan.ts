import { Role, roleNames, type RoleCode } from '../cluster/outcomes.js';
import { SECOND_PARITY } from '../predict/decode.js';
import type { StrategySpec } from '../strategies/spec.js';
import type { InstanceCoding } from './instance/coding.js';
import type { EncoderWireName } from './instance/protocol.js';

/** How one task goes on the wire: a plain batch (encoder `none`), or a group task the instance encodes. */
export interface TaskCoding {
  encoder: EncoderWireName;
  /** Berrut's coded query (the task's copy number); 0 otherwise. */
  coded: number;
}

/**
 * How a strategy's tasks reach the emulated instances: what the instances of each of its pools
 * serve, and what each task asks of them. The strategy's coded tasks are group tasks (the
 * frontend sends the group's sample indices; the instance encodes them):
 * - parm: parity j of a group (the task's copy number) is the scenario's encoder's for j = 0 and
 *   the weighted encoder's for j = 1 (r = 2), each served by its own parity model; every parity
 *   instance holds the r parity models, since the one parity pool serves both (as simulated);
 * - berrut: coded query i (the copy number) is row i of Berrut's encoder, answered by the
 *   deployed model on the coded pool (counted as the parity role); systematic originals go to
 *   plain data instances;
 * - collage: the group's collage, on the collage pool (counted as the backup role), answered by
 *   the collage classifier.
 * Every other task is a plain batch: the deployed model (data, replica) or the backup model.
 */
export interface WirePlan {
  /** What the instances of the strategy's pool of `role` serve. */
  instances(role: RoleCode): InstanceCoding;
  /** What task `copy` of `role` names on the wire. */
  task(role: RoleCode, copy: number): TaskCoding;
}

const PLAIN: TaskCoding = { encoder: 'none', coded: 0 };
const plainInstances: InstanceCoding = { kind: 'plain' };

/** Coded tasks of one role: what they ask (by copy number) and what their instances serve. */
function coded(codedRole: RoleCode, instances: InstanceCoding, task: (copy: number) => TaskCoding | undefined): WirePlan {
  return {
    instances: (role) => (role === codedRole ? instances : plainInstances),
    task(role, copy) {
      if (role !== codedRole) return PLAIN;
      const t = task(copy);
      if (!t) throw new RangeError(`no ${roleNames[role]} task number ${copy} in this code`);
      return t;
    },
  };
}

export function wirePlan(spec: StrategySpec): WirePlan {
  switch (spec.kind) {
    case 'parm': {
      const encoders = [spec.encoder, SECOND_PARITY].slice(0, spec.r ?? 1);
      return coded(Role.parity, { kind: 'parity', k: spec.k, encoders }, (copy) => {
        const encoder = encoders[copy];
        return encoder && { encoder, coded: 0 };
      });
    }
    case 'berrut': {
      const codedQueries = spec.systematic ? spec.stragglers : spec.k + spec.stragglers;
      const instances: InstanceCoding = { kind: 'berrut', k: spec.k, stragglers: spec.stragglers, systematic: spec.systematic };
      return coded(Role.parity, instances, (copy) => (copy < codedQueries ? { encoder: 'berrut', coded: copy } : undefined));
    }
    case 'collage':
      return coded(Role.backup, { kind: 'collage', k: spec.k }, (copy) => (copy === 0 ? { encoder: 'collage', coded: 0 } : undefined));
    case 'none':
    case 'equal-resources':
    case 'replication':
    case 'hedged':
    case 'backup':
      return { instances: () => plainInstances, task: () => PLAIN };
  }
}
