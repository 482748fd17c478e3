/**
 * Scoring a run's answers with the real models: deployed outputs for deployed answers, real
 * reconstructions for reconstructed ones, the backup model for backup answers, the set's
 * default class for default answers; unanswered queries count as wrong.
 */
import { InputError } from '../errors.js';
import { Source, type AnswerSheet, type ScoredAnswers } from './answers.js';
import type { ModelSet } from './model-set.js';
import { berrutClasses, collageClasses, parityDecodeClasses, reconstructClasses } from './decode.js';

export async function scoreAnswers(set: ModelSet, sheet: AnswerSheet): Promise<ScoredAnswers> {
  const n = sheet.sample.length;
  if (sheet.source.length !== n) throw new RangeError(`answer sheet: ${n} samples but ${sheet.source.length} sources`);
  const count = set.data.count;
  let reconstructedCount = 0;
  let needsBackup = false;
  for (let q = 0; q < n; q++) {
    const s = sheet.sample[q]!;
    if (s < 0 || s >= count) throw new InputError('answer sheet', `sample[${q}]`, `a test sample index below ${count}`, String(s));
    const src = sheet.source[q]!;
    if (src === Source.reconstructed) reconstructedCount++;
    else if (src === Source.backup) needsBackup = true;
  }
  // Everything is asked for before anything is awaited: the models' work (in the inference
  // thread) then goes on while the caller does something else, such as simulating the next run.
  const asked = {
    deployed: set.deployedClasses(),
    backup: needsBackup ? set.backupClasses() : null,
    reconstructed: reconstructedCount > 0 ? reconstructions(set, sheet, reconstructedCount) : null,
  };
  for (const p of [asked.backup, asked.reconstructed]) p?.catch(() => {});
  const deployed = await asked.deployed;
  const backup = await asked.backup;
  const reconstructed = await asked.reconstructed;

  const predicted = new Int16Array(n);
  const label = new Uint8Array(n);
  const right = [0, 0, 0, 0, 0];
  const seen = [0, 0, 0, 0, 0];
  let r = 0;
  for (let q = 0; q < n; q++) {
    const s = sheet.sample[q]!;
    const src = sheet.source[q]!;
    let p: number;
    if (src === Source.deployed) p = deployed[s]!;
    else if (src === Source.reconstructed) p = reconstructed![r++]!;
    else if (src === Source.backup) p = backup![s]!;
    else if (src === Source.default) p = set.defaultClass;
    else if (src === Source.none) p = -1;
    else throw new RangeError(`answer sheet: source[${q}] = ${src} is not a Source code`);
    predicted[q] = p;
    label[q] = set.data.labels[s]!;
    seen[src]!++;
    if (p === label[q]) right[src]!++;
  }
  const rate = (src: number): number | null => (seen[src]! > 0 ? right[src]! / seen[src]! : null);
  const correct = right.reduce((a, b) => a + b, 0);
  return {
    predicted,
    label,
    overall: n > 0 ? correct / n : 0,
    bySource: {
      deployed: rate(Source.deployed),
      reconstructed: rate(Source.reconstructed),
      backup: rate(Source.backup),
      default: rate(Source.default),
    },
    fractionReconstructed: n > 0 ? reconstructedCount / n : 0,
  };
}

/** Predicted class of each reconstructed query, in query order. */
async function reconstructions(set: ModelSet, sheet: AnswerSheet, count: number): Promise<Uint8Array> {
  if (sheet.collage) {
    if (sheet.collage.decode.length !== count) throw new RangeError(`answer sheet: ${count} reconstructions but ${sheet.collage.decode.length} collage answers named`);
    return collageClasses(set, sheet.collage);
  }
  if (sheet.parities) {
    if (sheet.parities.decode.length !== count) throw new RangeError(`answer sheet: ${count} reconstructions but ${sheet.parities.decode.length} parity decodes named`);
    return parityDecodeClasses(set, sheet.parities);
  }
  if (sheet.berrut) {
    if (sheet.berrut.decode.length !== count) throw new RangeError(`answer sheet: ${count} reconstructions but ${sheet.berrut.decode.length} Berrut decodes named`);
    return berrutClasses(set, sheet.berrut);
  }
  const parity = sheet.parity;
  if (!parity) throw new RangeError('answer sheet: reconstructed answers but no parity configuration');
  const { k, encoder, members, position } = parity;
  if (members.length !== count * k || position.length !== count) {
    throw new RangeError(`answer sheet: ${count} reconstructions need ${count * k} members and ${count} positions, ` +
      `found ${members.length} and ${position.length}`);
  }
  for (let i = 0; i < members.length; i++) {
    const s = members[i]!;
    if (s < -1 || s >= set.data.count) throw new InputError('answer sheet', `parity.members[${i}]`, 'a test sample index or -1', String(s));
  }
  const group = new Int32Array(count);
  for (let i = 0; i < count; i++) group[i] = i;
  return reconstructClasses(set, { k, encoder, members, group, position });
}
