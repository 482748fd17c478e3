/**
 * Recomputing a model set's figures on the manifest's own groups (same seed, same LCG draw as the
 * pipeline), to show the committed ONNX files and the TypeScript encoders/decoder reproduce them.
 */
import type { EncoderName } from './encoders/index.js';
import { codingGroups } from './groups.js';
import type { ModelSet } from './model-set.js';
import { reconstructClasses } from './reconstruct.js';

export interface ParityFigures {
  k: number;
  encoder: EncoderName;
  groups: number;
  reconstructions: number;
  /** Decoded prediction vs the true label. */
  degraded: number;
  /** Decoded prediction vs the deployed model's own prediction. */
  reconstruction: number;
}

/** Deployed model's accuracy on the whole test split. */
export async function availableAccuracy(set: ModelSet): Promise<number> {
  return agreement(await set.deployedClasses(), set.data.labels);
}

export async function backupAccuracy(set: ModelSet): Promise<number> {
  return agreement(await set.backupClasses(), set.data.labels);
}

/** Degraded-mode figures for (k, encoder): every position of every manifest group erased in turn. */
export async function parityAccuracy(set: ModelSet, k: number, encoder: EncoderName): Promise<ParityFigures> {
  const members = codingGroups(set.data.count, k, set.manifest.groupSeed);
  const groups = members.length / k;
  const total = groups * k;
  const group = new Int32Array(total);
  const position = new Uint8Array(total);
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < k; i++) {
      group[g * k + i] = g;
      position[g * k + i] = i;
    }
  }
  const decoded = await reconstructClasses(set, { k, encoder, members, group, position });
  const deployed = await set.deployedClasses();
  let rightLabel = 0;
  let rightDeployed = 0;
  for (let r = 0; r < total; r++) {
    const sample = members[r]!; // request r erases slot r % k of group r / k, i.e. members[r]
    if (decoded[r] === set.data.labels[sample]) rightLabel++;
    if (decoded[r] === deployed[sample]) rightDeployed++;
  }
  return { k, encoder, groups, reconstructions: total, degraded: rightLabel / total, reconstruction: rightDeployed / total };
}

function agreement(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length > 0 ? same / a.length : 0;
}
