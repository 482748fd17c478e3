import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { availableAccuracy, parityAccuracy } from '../../sim/predict/accuracy.js';
import { Source, type AnswerSheet } from '../../sim/predict/answers.js';
import { codingGroups } from '../../sim/predict/groups.js';
import { loadModelSet, type ModelSet } from '../../sim/predict/model-set.js';
import { scoreAnswers } from '../../sim/predict/score.js';

const test = suite('predict/score');
let set: ModelSet;

test.before(async () => {
  set = await loadModelSet('fashion-mnist-mlp');
});
test.after(async () => {
  await set.close();
});

function sheetOf(samples: number[], source: number): AnswerSheet {
  return { sample: Int32Array.from(samples), source: new Uint8Array(samples.length).fill(source) };
}

const all = Array.from({ length: 10000 }, (_, i) => i);

test('deployed answers for every test sample give the manifest\'s available accuracy', async () => {
  const scored = await scoreAnswers(set, sheetOf(all, Source.deployed));
  const manifest = set.deployed.entry.figures.availableAccuracy!;
  assert.ok(Math.abs(scored.overall - manifest) <= 0.005, `${scored.overall} vs ${manifest}`);
  assert.is(scored.bySource.deployed, scored.overall);
  assert.is(scored.bySource.reconstructed, null);
  assert.is(scored.fractionReconstructed, 0);
  assert.is(scored.overall, await availableAccuracy(set));
});

test('unanswered queries count as wrong and predict -1; default answers predict the default class', async () => {
  const none = await scoreAnswers(set, sheetOf([0, 1, 2], Source.none));
  assert.is(none.overall, 0);
  assert.equal(Array.from(none.predicted), [-1, -1, -1]);
  const byDefault = await scoreAnswers(set, sheetOf(all, Source.default));
  assert.ok(Math.abs(byDefault.overall - 0.1) < 1e-9, 'balanced test split: a constant answer is right 10% of the time');
  assert.ok(byDefault.predicted.every((p) => p === set.defaultClass));
});

test('backup answers use the backup model, less accurate than the deployed one', async () => {
  const scored = await scoreAnswers(set, sheetOf(all, Source.backup));
  const manifest = set.backup!.entry.figures.availableAccuracy!;
  assert.ok(Math.abs(scored.overall - manifest) <= 0.005);
  assert.ok(scored.overall < set.deployed.entry.figures.availableAccuracy!);
});

test('reconstructions on the manifest groups reproduce the parity model\'s degraded accuracy', async () => {
  const k = 2;
  const groups = codingGroups(10000, k, set.manifest.groupSeed);
  const n = groups.length;
  // Every query reconstructed, each with its own group and its slot erased: the accuracy module's protocol.
  const members = new Int32Array(n * k);
  const position = new Uint8Array(n);
  for (let q = 0; q < n; q++) {
    const g = Math.floor(q / k);
    members.set(groups.subarray(g * k, g * k + k), q * k);
    position[q] = q % k;
  }
  const sheet: AnswerSheet = { sample: groups.slice(), source: new Uint8Array(n).fill(Source.reconstructed),
    parity: { k, encoder: 'addition', members, position } };
  const scored = await scoreAnswers(set, sheet);
  const expected = await parityAccuracy(set, k, 'addition');
  assert.is(scored.bySource.reconstructed, expected.degraded);
  assert.is(scored.fractionReconstructed, 1);
  assert.ok(scored.overall > 0.75 && scored.overall < set.deployed.entry.figures.availableAccuracy!);
});

test('a mixed sheet scores each source its own way, reconstructions in query order', async () => {
  const sheet: AnswerSheet = {
    sample: Int32Array.from([10, 11, 12, 13, 14]),
    source: Uint8Array.from([Source.deployed, Source.reconstructed, Source.none, Source.reconstructed, Source.default]),
    // Query 11 is slot 1 of group (10, 11); query 13 is alone in a partial group (13, empty).
    parity: { k: 2, encoder: 'addition', members: Int32Array.from([10, 11, 13, -1]), position: Uint8Array.from([1, 0]) },
  };
  const scored = await scoreAnswers(set, sheet);
  assert.is(scored.predicted[2], -1);
  assert.is(scored.predicted[4], set.defaultClass);
  assert.is(scored.fractionReconstructed, 0.4);
  const deployed = await scoreAnswers(set, sheetOf([10, 11, 13], Source.deployed));
  // With the other member known, or absent, a reconstruction usually agrees with the deployed model.
  assert.is(scored.predicted[0], deployed.predicted[0]);
  assert.ok(scored.predicted[1]! >= 0 && scored.predicted[3]! >= 0);
  assert.equal(Array.from(scored.label), [10, 11, 12, 13, 14].map((s) => set.data.labels[s]!));
});

test.run();
