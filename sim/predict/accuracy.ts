/**
 * Recomputing a model set's figures on the manifest's own groups (same seed, same LCG draw as the
 * pipeline), to show the committed ONNX files and the TypeScript encoders/decoder reproduce them.
 */
import type { EncoderName } from './encoders/index.js';
import { codingGroups } from './groups.js';
import type { ModelSet } from './model-set.js';
import { berrutClasses, collageClasses, parityDecodeClasses, reconstructClasses } from './decode.js';
import { berrutPoints } from './berrut.js';
import { sheetSample, type DecodeSheet } from './answers.js';

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

export interface BerrutFigures {
  k: number;
  stragglers: number;
  systematic: boolean;
  /** Answers missing out of the group's k + stragglers (originals and coded queries alike). */
  missing: number;
  /** Decoded answers: every member of every group, under every way `missing` answers can be missing. */
  decoded: number;
  /** Accuracy of the decoded answers (decoded prediction vs the true label); members whose original is back count as exact. */
  accuracy: number;
}

/**
 * Berrut-coded inference (no model trained) on the manifest's groups: each group's answers
 * with `missing` of its k + stragglers answers erased, every such pattern in turn, every member
 * decoded — an original that is back is exact. Through the real deployed model
 * (decode-berrut.ts), as a run's decodes are scored.
 */
export async function berrutAccuracy(set: ModelSet, k: number, stragglers: number, systematic: boolean, missing: number): Promise<BerrutFigures> {
  const members = codingGroups(set.data.count, k, set.manifest.groupSeed);
  const coded = systematic ? stragglers : k + stragglers;
  // Answer bits as the strategy numbers them: originals 0..k-1 (systematic only), coded k..k+coded-1.
  const answerBits = [...(systematic ? Array.from({ length: k }, (_, j) => j) : []), ...Array.from({ length: coded }, (_, i) => k + i)];
  const patterns = subsets(answerBits.length, missing).map((gone) => answerBits.reduce((mask, bit, i) => (gone.includes(i) ? mask : mask | (1 << bit)), 0));
  const sheet = { ...everyMember(members, k, patterns), points: berrutPoints(k, stragglers, systematic) };
  const { counted, accuracy } = labelAccuracy(set, sheet, await berrutClasses(set, sheet));
  return { k, stragglers, systematic, missing, decoded: counted, accuracy };
}

/** Every `size`-element subset of 0 .. n-1, in lexicographic order. */
function subsets(n: number, size: number): number[][] {
  if (size === 0) return [[]];
  const out: number[][] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === size) {
      out.push([...chosen]);
      return;
    }
    for (let i = from; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

/**
 * ParM with r = 2 (the addition and the weighted parity models for k) when two members of a group
 * are missing: every pair of positions of every manifest group erased in turn and both decoded
 * from the two parity outputs (decode-parities.ts). Decoded prediction vs the true label.
 */
export async function twoMissingAccuracy(set: ModelSet, k: number): Promise<{ k: number; reconstructions: number; degraded: number }> {
  const members = codingGroups(set.data.count, k, set.manifest.groupSeed);
  const groups = members.length / k;
  const pairs = subsets(k, 2);
  const all = (1 << k) - 1;
  const decodes = groups * pairs.length;
  const sheet = {
    k, encoder: 'addition' as const, r: 2,
    members: new Int32Array(decodes * k), answers: new Uint32Array(decodes),
    decode: new Int32Array(decodes * 2), position: new Uint8Array(decodes * 2),
  };
  for (let p = 0, d = 0; p < pairs.length; p++) {
    const [a, b] = pairs[p] as [number, number];
    for (let g = 0; g < groups; g++, d++) {
      sheet.members.set(members.subarray(g * k, (g + 1) * k), d * k);
      sheet.answers[d] = (all & ~(1 << a) & ~(1 << b)) | (0b11 << k);
      sheet.decode.fill(d, 2 * d, 2 * d + 2);
      sheet.position[2 * d] = a;
      sheet.position[2 * d + 1] = b;
    }
  }
  const { counted, accuracy } = labelAccuracy(set, sheet, await parityDecodeClasses(set, sheet));
  return { k, reconstructions: counted, degraded: accuracy };
}

/** Collage classifiers: the share of tiles classified right over every tile of every manifest group (the manifest's `tile_accuracy`). */
export async function collageAccuracy(set: ModelSet, k: number): Promise<number> {
  const sheet = everyMember(codingGroups(set.data.count, k, set.manifest.groupSeed), k, [0]);
  return labelAccuracy(set, sheet, await collageClasses(set, sheet)).accuracy;
}

/**
 * A decode sheet that decodes every member of every group once per answer mask in `masks`
 * (mask-major: all groups under the first mask, then the next).
 */
function everyMember(members: Int32Array, k: number, masks: readonly number[]): DecodeSheet {
  const groups = members.length / k;
  const decodes = groups * masks.length;
  const sheet = { k, members: new Int32Array(decodes * k), answers: new Uint32Array(decodes), decode: new Int32Array(decodes * k), position: new Uint8Array(decodes * k) };
  for (let m = 0, d = 0; m < masks.length; m++) {
    for (let g = 0; g < groups; g++, d++) {
      sheet.members.set(members.subarray(g * k, (g + 1) * k), d * k);
      sheet.answers[d] = masks[m]!;
      for (let j = 0; j < k; j++) {
        sheet.decode[d * k + j] = d;
        sheet.position[d * k + j] = j;
      }
    }
  }
  return sheet;
}

/** Decoded classes against the true labels, over the sheet's queries that carried a sample (an empty slot counts for nothing). */
function labelAccuracy(set: ModelSet, sheet: DecodeSheet, classes: Uint8Array): { counted: number; accuracy: number } {
  let right = 0, counted = 0;
  for (let r = 0; r < classes.length; r++) {
    const sample = sheetSample(sheet, r);
    if (sample < 0) continue;
    counted++;
    if (classes[r] === set.data.labels[sample]) right++;
  }
  return { counted, accuracy: counted > 0 ? right / counted : 0 };
}
