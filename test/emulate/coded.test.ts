/**
 * Coded strategies beyond ParM's r = 1 on the emulated cluster's instances: Berrut-coded queries
 * (ApproxIFER), collages, and ParM's second (weighted) parity. The wire carries sample indices;
 * these tests check that what an instance computes from them is what the predict phase scores.
 */
import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import { startInstance as spawnInstance } from '../helpers/instance-process.js';
import * as assert from 'uvu/assert';
import { Role } from '../../sim/cluster/outcomes.js';
import { berrutEncoder, berrutPoints, decodeBerrut, type BerrutNode } from '../../sim/predict/berrut.js';
import { berrutClasses } from '../../sim/predict/decode.js';
import { argmax } from '../../sim/predict/decoder.js';
import { IMAGE_SIZE, encoderFor } from '../../sim/predict/encoders/index.js';
import { loadModelSet, type ModelSet } from '../../sim/predict/model-set.js';
import { CLASSES } from '../../sim/predict/onnx-model.js';
import { InstanceClient, type TaskRequest, type TaskResult } from '../../sim/emulate/instance/client.js';
import { codingArgs, type InstanceCoding } from '../../sim/emulate/instance/coding.js';
import { EncoderCode, FrameReader, ProtocolError, decodeResult, decodeTask, encodeResult, encodeTask } from '../../sim/emulate/instance/protocol.js';
import { wirePlan } from '../../sim/emulate/wire-plan.js';
import type { StrategySpec } from '../../sim/strategies/spec.js';

const SET = 'fashion-mnist-mlp';
const test = suite('emulate/coded');

/** One frame's body, as the reader hands it over (copied: valid only during the call). */
function body(write: (sink: (c: Buffer) => void) => unknown): Buffer {
  const chunks: Buffer[] = [];
  write((c) => chunks.push(Buffer.from(c)));
  let out: Buffer | null = null;
  new FrameReader((_type, b) => (out = Buffer.from(b))).push(Buffer.concat(chunks));
  return out!;
}

test('protocol: a Berrut task names its coded query, a collage task its code; results state their width', () => {
  const t = decodeTask(body((sink) => encodeTask({ taskId: 9, role: Role.parity, encoder: EncoderCode.berrut, coded: 3, samples: [4, 5, 6], batchSizes: [1, 2], serviceMs: 2, payloadBytes: 500 }, sink)));
  assert.equal([t.taskId, t.role, t.encoder, t.coded, [...t.samples], [...t.batchSizes]], [9, Role.parity, EncoderCode.berrut, 3, [4, 5, 6], [1, 2]]);
  const c = decodeTask(body((sink) => encodeTask({ taskId: 10, role: Role.backup, encoder: EncoderCode.collage, samples: [1, 2, 3, 4], batchSizes: [1, 1, 1, 1], serviceMs: 1, payloadBytes: 0 }, sink)));
  assert.equal([c.encoder, c.coded], [EncoderCode.collage, 0], 'coded is 0 when not given');
  // A coded index on any other code is a corrupt frame.
  const bad = body((sink) => encodeTask({ taskId: 11, role: Role.parity, encoder: EncoderCode.addition, coded: 1, samples: [1], batchSizes: [1], serviceMs: 1, payloadBytes: 0 }, sink));
  assert.throws(() => decodeTask(bad), (e: unknown) => e instanceof ProtocolError && /coded query 1 with encoder code 1/.test(e.message));
  assert.throws(() => encodeTask({ taskId: 1, role: 0, encoder: EncoderCode.berrut, coded: 256, samples: [1], batchSizes: [1], serviceMs: 1, payloadBytes: 0 }, () => {}), RangeError);

  const logits = Float32Array.from({ length: 2 * 4 * CLASSES }, (_, i) => i / 7);
  const r = decodeResult(body((sink) => encodeResult({ taskId: 5, requestBytes: 100, landedAt: 1, startAt: 2, endAt: 3, latenessMs: 0, width: 4 * CLASSES, logits }, sink)));
  assert.is(r.width, 40);
  assert.equal([...r.logits], [...logits], 'two rows of a k = 4 collage\'s 40 logits');
  const plain = decodeResult(body((sink) => encodeResult({ taskId: 6, requestBytes: 100, landedAt: 1, startAt: 2, endAt: 3, latenessMs: 0, logits: logits.subarray(0, 30) }, sink)));
  assert.equal([plain.width, plain.logits.length], [CLASSES, 30], 'width 10 by default');
  assert.throws(() => encodeResult({ taskId: 7, requestBytes: 1, landedAt: 0, startAt: 0, endAt: 0, latenessMs: 0, width: 40, logits: logits.subarray(0, 30) }, () => {}), RangeError);
});

/** The fields of a strategy the wire plan reads (the rest do not matter to it). */
const strategy = (s: object) => s as unknown as StrategySpec;

test('wire plan: which model each pool\'s instances serve and what each coded task names', () => {
  const parm2 = wirePlan(strategy({ kind: 'parm', k: 2, r: 2, encoder: 'addition' }));
  assert.equal(parm2.instances(Role.parity), { kind: 'parity', k: 2, encoders: ['addition', 'weighted'] });
  assert.equal(parm2.instances(Role.data), { kind: 'plain' });
  assert.equal([parm2.task(Role.parity, 0), parm2.task(Role.parity, 1), parm2.task(Role.data, 0)], [
    { encoder: 'addition', coded: 0 }, { encoder: 'weighted', coded: 0 }, { encoder: 'none', coded: 0 },
  ], 'parity 1 is the weighted encoder\'s, served by the weighted parity model');
  assert.throws(() => parm2.task(Role.parity, 2), RangeError);
  const parm1 = wirePlan(strategy({ kind: 'parm', k: 4, encoder: 'concatenation' }));
  assert.equal(parm1.instances(Role.parity), { kind: 'parity', k: 4, encoders: ['concatenation'] });

  const berrut = wirePlan(strategy({ kind: 'berrut', k: 3, stragglers: 1, systematic: false }));
  assert.equal(berrut.instances(Role.parity), { kind: 'berrut', k: 3, stragglers: 1, systematic: false });
  assert.equal(berrut.task(Role.parity, 3), { encoder: 'berrut', coded: 3 });
  assert.throws(() => berrut.task(Role.parity, 4), RangeError, 'k + stragglers coded queries, no more');
  const systematic = wirePlan(strategy({ kind: 'berrut', k: 2, stragglers: 1, systematic: true }));
  assert.equal([systematic.instances(Role.data), systematic.task(Role.data, 0)], [{ kind: 'plain' }, { encoder: 'none', coded: 0 }], 'originals on plain data instances');
  assert.throws(() => systematic.task(Role.parity, 1), RangeError);

  const collage = wirePlan(strategy({ kind: 'collage', k: 4 }));
  assert.equal([collage.instances(Role.backup), collage.task(Role.backup, 0)], [{ kind: 'collage', k: 4 }, { encoder: 'collage', coded: 0 }]);
  const backup = wirePlan(strategy({ kind: 'backup' }));
  assert.equal([backup.instances(Role.backup), backup.task(Role.backup, 0)], [{ kind: 'plain' }, { encoder: 'none', coded: 0 }], 'a backup strategy\'s backups are plain batches');

  assert.equal(codingArgs({ kind: 'berrut', k: 3, stragglers: 2, systematic: true }), ['--k', '3', '--encoder', 'berrut', '--stragglers', '2', '--systematic']);
  assert.equal(codingArgs({ kind: 'parity', k: 2, encoders: ['addition', 'weighted'] }), ['--k', '2', '--encoder', 'addition,weighted']);
  assert.equal(codingArgs({ kind: 'collage', k: 4 }), ['--k', '4', '--encoder', 'collage']);
});

const startInstance = (role: string, coding: InstanceCoding) => spawnInstance(SET, '--role', role, ...codingArgs(coding));

/** Sends the tasks to a fresh instance and returns its results by task id, then closes it. */
async function serve(role: string, coding: InstanceCoding, tasks: TaskRequest[]): Promise<Map<number, TaskResult>> {
  const inst = await startInstance(role, coding);
  const client = await InstanceClient.connect('127.0.0.1', inst.port);
  const results = new Map<number, TaskResult>();
  await new Promise<void>((resolve, reject) => {
    client.onResult = (r) => {
      results.set(r.taskId, r);
      if (results.size === tasks.length) resolve();
    };
    client.onClose = () => reject(new Error(`the instance closed the connection: ${inst.stderr()}`));
    for (const t of tasks) client.sendTask(t);
  });
  client.onClose = () => {};
  client.close();
  assert.is(await inst.exit, 0, inst.stderr());
  return results;
}

let models: ModelSet | null = null;
const modelSet = async () => (models ??= await loadModelSet(SET));

/** A group task for the samples of its member batches. */
function groupTask(taskId: number, role: number, encoder: TaskRequest['encoder'], batches: number[][], coded = 0): TaskRequest {
  return { taskId, role, encoder, coded, samples: batches.flat(), groupSizes: batches.map((b) => b.length), serviceMs: 0, payloadBytes: 1000 };
}

/**
 * Coded query `coded` of each slot, built here as sim/predict/decode-berrut.ts builds it
 * for scoring: Σ_j E[i·k + j] X_j over the slot's members, accumulated into float32.
 */
function berrutImages(set: ModelSet, k: number, matrix: Float64Array, slots: number[][], coded: number): Float32Array {
  const pixels = set.pixels();
  const images = new Float32Array(slots.length * IMAGE_SIZE);
  slots.forEach((members, slot) => {
    for (let j = 0; j < k; j++) {
      const sample = members[j]!, w = matrix[coded * k + j]!;
      if (sample < 0 || w === 0) continue;
      for (let p = 0; p < IMAGE_SIZE; p++) images[slot * IMAGE_SIZE + p]! += w * pixels[sample * IMAGE_SIZE + p]!;
    }
  });
  return images;
}

test('a Berrut instance answers coded query i with the deployed model on row i of the encoder, as scoring decodes it', async () => {
  const set = await modelSet();
  const k = 3, stragglers = 1;
  const points = berrutPoints(k, stragglers, false);
  const matrix = berrutEncoder(k, points);
  // A partial group: batches [11, 12], [13], [14]. Slot 0 codes 11, 13, 14; slot 1 codes 12 and two blanks.
  const batches = [[11, 12], [13], [14]];
  const slots = [[11, 13, 14], [12, -1, -1]];
  const n = k + stragglers;
  const results = await serve('parity', { kind: 'berrut', k, stragglers, systematic: false },
    Array.from({ length: n }, (_, i) => groupTask(i, Role.parity, 'berrut', batches, i)));
  for (let i = 0; i < n; i++) {
    const expected = await set.deployed.model.run(berrutImages(set, k, matrix, slots, i), slots.length);
    const r = results.get(i)!;
    assert.is(r.width, CLASSES);
    assert.equal([...r.logits], [...expected], `coded query ${i}: bit for bit the deployed model's on the coded image`);
  }
  const distinct = new Set(Array.from({ length: n }, (_, i) => results.get(i)!.logits[0]));
  assert.is(distinct.size, n, 'each coded query is its own combination');

  // Decoded from the instances' answers, slot 0 gives the classes the predict phase scores for
  // the same decode (which answers it read), for every set of k coded answers.
  for (let missing = 0; missing < n; missing++) {
    const read = Array.from({ length: n }, (_, i) => i).filter((i) => i !== missing);
    const nodes: BerrutNode[] = read.map((i, at) => ({ at: points[i]!, output: at }));
    const outputs = new Float32Array(read.length * CLASSES);
    read.forEach((i, at) => outputs.set(results.get(i)!.logits.subarray(0, CLASSES), at * CLASSES));
    const decoded = decodeBerrut(k, nodes, outputs, CLASSES);
    const fromInstances = Array.from({ length: k }, (_, j) => argmax(decoded, j * CLASSES, CLASSES));
    const mask = read.reduce((m, i) => m | (1 << (k + i)), 0);
    const scored = await berrutClasses(set, { k, points, members: Int32Array.from(slots[0]!), answers: Uint32Array.of(mask), decode: Int32Array.of(0, 0, 0), position: Uint8Array.of(0, 1, 2) });
    assert.equal(fromInstances, [...scored], `decoded without coded answer ${missing}`);
  }
});

test('a systematic Berrut instance serves its `stragglers` coded queries and refuses any other', async () => {
  const set = await modelSet();
  const k = 2, stragglers = 1;
  const matrix = berrutEncoder(k, berrutPoints(k, stragglers, true));
  const results = await serve('parity', { kind: 'berrut', k, stragglers, systematic: true }, [groupTask(1, Role.parity, 'berrut', [[7], [8]], 0)]);
  const expected = await set.deployed.model.run(berrutImages(set, k, matrix, [[7, 8]], 0), 1);
  assert.equal([...results.get(1)!.logits], [...expected]);

  const inst = await startInstance('parity', { kind: 'berrut', k, stragglers, systematic: true });
  const client = await InstanceClient.connect('127.0.0.1', inst.port);
  const closed = new Promise((r) => (client.onClose = r));
  client.sendTask(groupTask(2, Role.parity, 'berrut', [[7], [8]], 1));
  await closed;
  assert.is(await inst.exit, 1);
  assert.match(inst.stderr(), /coded query 1 of a group's 1/);
});

test('a collage instance answers 40 logits per collage: the collage classifier on the concatenation encoding', async () => {
  const set = await modelSet();
  const k = 4;
  // Batches [1, 2], [3], [4], [5]: slot 0 tiles 1, 3, 4, 5; slot 1 tiles 2 and three blanks.
  const results = await serve('backup', { kind: 'collage', k }, [groupTask(3, Role.backup, 'collage', [[1, 2], [3], [4], [5]])]);
  const members = Int32Array.from([1, 3, 4, 5, 2, -1, -1, -1]);
  const encoder = encoderFor(set.collage(k).entry.encoder ?? 'concatenation');
  assert.is(encoder.name, 'concatenation');
  const encoded = new Float32Array(2 * IMAGE_SIZE);
  for (let slot = 0; slot < 2; slot++) encoder.encode(set.data.images, members, slot * k, k, encoded, slot * IMAGE_SIZE);
  const expected = await set.collage(k).model.run(encoded, 2);
  const r = results.get(3)!;
  assert.is(r.width, 4 * CLASSES);
  assert.is(r.logits.length, 2 * 4 * CLASSES);
  assert.equal([...r.logits], [...expected]);
});

test('a ParM r = 2 parity instance serves parity 0 with the addition model and parity 1 with the weighted one', async () => {
  const set = await modelSet();
  const k = 2;
  const batches = [[20], [21]];
  const results = await serve('parity', { kind: 'parity', k, encoders: ['addition', 'weighted'] },
    [groupTask(0, Role.parity, 'addition', batches), groupTask(1, Role.parity, 'weighted', batches)]);
  for (const [t, name] of [[0, 'addition'], [1, 'weighted']] as const) {
    const image = new Float32Array(IMAGE_SIZE);
    encoderFor(name).encode(set.data.images, Int32Array.of(20, 21), 0, k, image, 0);
    const expected = await set.parity(k, name).model.run(image, 1);
    assert.equal([...results.get(t)!.logits], [...expected], name);
  }
});

test('coding arguments an instance cannot honour: one line, exit 2', async () => {
  for (const [args, message] of [
    [['--role', 'data', '--encoder', 'berrut', '--k', '2', '--stragglers', '1'], /--encoder/],
    [['--role', 'parity', '--encoder', 'berrut', '--k', '2'], /--stragglers/],
    [['--role', 'backup', '--encoder', 'collage', '--k', '4', '--systematic'], /--systematic/],
    [['--role', 'parity', '--encoder', 'addition,collage', '--k', '2'], /--encoder/],
    [['--role', 'backup', '--encoder', 'collage', '--k', '3'], /collage classifier for k=3/],
  ] as const) {
    const proc = spawn(process.execPath, ['dist/sim/emulate/instance/main.js', '--listen', '127.0.0.1:0', '--models', 'models', '--set', SET, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr!.on('data', (d) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
    assert.is(code, 2, `${args.join(' ')}: ${err}`);
    assert.is(err.trim().split('\n').length, 1, err);
    assert.match(err, message);
  }
});

test.after(async () => {
  await models?.close();
});

test.run();
