import { connect } from 'node:net';
import { suite } from 'uvu';
import { startInstance as spawnInstance } from '../helpers/instance-process.js';
import * as assert from 'uvu/assert';
import { Role } from '../../sim/cluster/outcomes.js';
import { toUnitPixels } from '../../sim/predict/unit-pixels.js';
import { IMAGE_SIZE, encoderFor } from '../../sim/predict/encoders/index.js';
import { loadModelSet, type ModelSet } from '../../sim/predict/model-set.js';
import { InstanceClient, type TaskResult } from '../../sim/emulate/instance/client.js';
import {
  EncoderCode,
  FrameReader,
  FrameType,
  ProtocolError,
  decodeCancel,
  decodeResult,
  decodeSlow,
  decodeTask,
  encodeCancel,
  encodeResult,
  encodeSlow,
  encodeTask,
} from '../../sim/emulate/instance/protocol.js';

const SET = 'fashion-mnist-mlp';
const test = suite('emulate/instance');

interface Frame {
  type: number;
  body: Buffer;
  frameBytes: number;
}

/** Four frames of every kind, padded and not, as one byte string. */
function sampleStream(): { bytes: Buffer; taskBytes: number } {
  const chunks: Buffer[] = [];
  const sink = (c: Buffer) => chunks.push(Buffer.from(c));
  const taskBytes = encodeTask(
    { taskId: 7, role: Role.parity, encoder: EncoderCode.addition, samples: [3, 9, 1], batchSizes: [2, 1], serviceMs: 4.25, payloadBytes: 300 },
    sink,
  );
  encodeCancel(7, true, sink);
  encodeSlow(2.5, sink);
  encodeResult(
    { taskId: 0xfffffffe, requestBytes: 300, landedAt: 1.5, startAt: 2.5, endAt: 3.5, latenessMs: 0.25, logits: Float32Array.from({ length: 20 }, (_, i) => i - 9.5) },
    sink,
  );
  return { bytes: Buffer.concat(chunks), taskBytes };
}

function readAll(pieces: Buffer[]): Frame[] {
  const frames: Frame[] = [];
  // Copy the body: it is valid only during the call.
  const reader = new FrameReader((type, body, frameBytes) => frames.push({ type, body: Buffer.from(body), frameBytes }));
  for (const p of pieces) reader.push(p);
  return frames;
}

function checkFrames(frames: Frame[], taskBytes: number): void {
  assert.equal(frames.map((f) => f.type), [FrameType.task, FrameType.cancel, FrameType.slow, FrameType.result]);
  const [task, cancel, slow, result] = frames as [Frame, Frame, Frame, Frame];
  assert.is(task.frameBytes, taskBytes);
  const t = decodeTask(task.body);
  assert.equal([t.taskId, t.role, t.encoder, t.serviceMs], [7, Role.parity, EncoderCode.addition, 4.25]);
  assert.equal([...t.samples], [3, 9, 1]);
  assert.equal([...t.batchSizes], [2, 1]);
  assert.equal(decodeCancel(cancel.body), { taskId: 7, abortRunning: true });
  assert.is(decodeSlow(slow.body), 2.5);
  const r = decodeResult(result.body);
  assert.equal([r.taskId, r.requestBytes, r.landedAt, r.startAt, r.endAt, r.latenessMs], [0xfffffffe, 300, 1.5, 2.5, 3.5, 0.25]);
  assert.equal([...r.logits], Array.from({ length: 20 }, (_, i) => i - 9.5));
}

test('a task frame is exactly the requested payload size on the wire', () => {
  const { taskBytes } = sampleStream();
  assert.is(taskBytes, 300);
  let small = 0;
  const bytes = encodeTask({ taskId: 1, role: 0, encoder: 0, samples: [1, 2], batchSizes: [], serviceMs: 1, payloadBytes: 0 }, (c) => (small += c.length));
  assert.is(bytes, small, 'a payload smaller than the header gets the header size');
  let big = 0;
  encodeTask({ taskId: 1, role: 0, encoder: 0, samples: [1], batchSizes: [], serviceMs: 1, payloadBytes: 200_000 }, (c) => (big += c.length));
  assert.is(big, 200_000);
});

test('frames round-trip in one chunk, split at every byte, and byte by byte', () => {
  const { bytes, taskBytes } = sampleStream();
  checkFrames(readAll([bytes]), taskBytes);
  for (let cut = 1; cut < bytes.length; cut++) checkFrames(readAll([bytes.subarray(0, cut), bytes.subarray(cut)]), taskBytes);
  checkFrames(readAll(Array.from(bytes, (b) => Buffer.from([b]))), taskBytes);
  // Three-way cuts around the padded task's header, body and padding.
  for (let a = 1; a < 60; a += 3) {
    for (let b = a + 1; b < bytes.length; b += 17) checkFrames(readAll([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]), taskBytes);
  }
});

test('a malformed header is a ProtocolError, on that push and every later one', () => {
  const reader = new FrameReader(() => {});
  const bad = Buffer.alloc(9);
  bad.writeUInt32LE(9, 0);
  bad.writeUInt8(99, 4);
  assert.throws(() => reader.push(bad), (e: unknown) => e instanceof ProtocolError && /frame type 99/.test(e.message));
  assert.throws(() => reader.push(Buffer.alloc(1)), (e: unknown) => e instanceof ProtocolError);
  const short = Buffer.alloc(9);
  short.writeUInt32LE(10, 0);
  short.writeUInt8(FrameType.slow, 4);
  short.writeUInt32LE(8, 5);
  assert.throws(() => new FrameReader(() => {}).push(short), /frame of 10 bytes with a body of 8/);
});

const startInstance = (...args: string[]) => spawnInstance(SET, ...args);

/** Collects results by task id; `wait` resolves once the given ids have all come back. */
function collector(client: InstanceClient) {
  const results = new Map<number, TaskResult>();
  let waiting: { ids: number[]; resolve: () => void } | null = null;
  client.onResult = (r) => {
    results.set(r.taskId, r);
    if (waiting && waiting.ids.every((id) => results.has(id))) waiting.resolve();
  };
  return {
    results,
    wait: (ids: number[]) =>
      new Promise<void>((resolve) => {
        if (ids.every((id) => results.has(id))) return resolve();
        waiting = { ids, resolve };
      }),
  };
}

let models: ModelSet | null = null;
const modelSet = async () => (models ??= await loadModelSet(SET));

function pixelsOf(set: ModelSet, samples: number[]): Float32Array {
  const px = new Float32Array(samples.length * IMAGE_SIZE);
  samples.forEach((s, i) => px.set(toUnitPixels(set.data.images.subarray(s * IMAGE_SIZE, (s + 1) * IMAGE_SIZE)), i * IMAGE_SIZE));
  return px;
}

test('a data instance: real logits, padding, slowdown, cancel and request size', async () => {
  const set = await modelSet();
  const inst = await startInstance('--role', 'data');
  const client = await InstanceClient.connect('127.0.0.1', inst.port);
  const { results, wait } = collector(client);
  try {
    // Real outputs: bit for bit what the predict phase's deployed model gives.
    const batches = [[0], [1, 2, 3], [9999, 42]];
    const sent = batches.map((samples, i) => client.sendTask({ taskId: i, role: Role.data, encoder: 'none', samples, serviceMs: 0, payloadBytes: 31_000 * samples.length }));
    await wait([0, 1, 2]);
    for (const [i, samples] of batches.entries()) {
      const expected = await set.deployed.model.run(pixelsOf(set, samples), samples.length);
      const r = results.get(i)!;
      assert.equal([...r.logits], [...expected], `batch ${i}`);
      assert.is(r.requestBytes, 31_000 * samples.length, 'the instance read the requested size off the wire');
      assert.is(r.requestBytes, sent[i]);
      assert.ok(r.landedAt <= r.startAt && r.startAt <= r.endAt && r.endAt <= r.receivedAt, 'timestamps in order on one clock');
    }

    // Padding to the service time, and twice that after SLOW 2.
    client.sendTask({ taskId: 10, role: Role.replica, encoder: 'none', samples: [5], serviceMs: 20, payloadBytes: 100 });
    await wait([10]);
    const padded = results.get(10)!;
    assert.ok(padded.endAt - padded.startAt >= 20, `padded to ${padded.endAt - padded.startAt} ms`);
    assert.ok(Number.isFinite(padded.latenessMs) && padded.latenessMs >= 0);
    client.slow(2);
    client.sendTask({ taskId: 11, role: Role.data, encoder: 'none', samples: [5], serviceMs: 10, payloadBytes: 100 });
    await wait([11]);
    const slowed = results.get(11)!;
    assert.ok(slowed.endAt - slowed.startAt >= 20, `slowed to ${slowed.endAt - slowed.startAt} ms`);
    client.slow(1);

    // Cancel: a queued task never runs and an aborted running one is cut short, both answered
    // with no output (so the frontend knows the instance holds them no more); a running one
    // cancelled without abort still answers with its output.
    client.sendTask({ taskId: 20, role: Role.data, encoder: 'none', samples: [1], serviceMs: 40, payloadBytes: 100 });
    client.sendTask({ taskId: 21, role: Role.data, encoder: 'none', samples: [2], serviceMs: 5, payloadBytes: 100 });
    client.sendTask({ taskId: 22, role: Role.data, encoder: 'none', samples: [3], serviceMs: 5, payloadBytes: 100 });
    client.cancel(21, false);
    client.cancel(20, false);
    await wait([20, 22]);
    assert.is(results.get(21)?.logits.length, 0, 'the queued task was dropped, answered with no output');
    assert.ok(results.get(20)!.logits.length > 0, 'the running task cancelled without abort still sends its output');
    client.sendTask({ taskId: 30, role: Role.data, encoder: 'none', samples: [1], serviceMs: 200, payloadBytes: 100 });
    client.sendTask({ taskId: 31, role: Role.data, encoder: 'none', samples: [2], serviceMs: 1, payloadBytes: 100 });
    await new Promise((r) => setTimeout(r, 20));
    client.cancel(30, true);
    await wait([30, 31]);
    assert.is(results.get(30)!.logits.length, 0, 'the aborted task sent no output');
    assert.ok(results.get(30)!.endAt - results.get(30)!.startAt < 150, 'the abort cut its pad short');
    const next = results.get(31)!;
    assert.ok(next.startAt - next.landedAt < 150, 'the abort freed the instance at once');
  } finally {
    client.close();
  }
  assert.is(await inst.exit, 0, 'the instance exits when its connection closes');
});

test('a parity instance encodes its group as the predict phase does', async () => {
  const set = await modelSet();
  const k = 3;
  const inst = await startInstance('--role', 'parity', '--k', String(k), '--encoder', 'addition');
  const client = await InstanceClient.connect('127.0.0.1', inst.port);
  const { results, wait } = collector(client);
  try {
    // A partial group: batches [11, 12] and [13] of k=3. Slot 0 encodes 11, 13 and a blank;
    // slot 1 encodes 12 and two blanks.
    client.sendTask({ taskId: 1, role: Role.parity, encoder: 'addition', samples: [11, 12, 13], groupSizes: [2, 1], serviceMs: 1, payloadBytes: 1000 });
    await wait([1]);
    const members = Int32Array.from([11, 13, -1, 12, -1, -1]);
    const encoded = new Float32Array(2 * IMAGE_SIZE);
    for (let slot = 0; slot < 2; slot++) encoderFor('addition').encode(set.data.images, members, slot * k, k, encoded, slot * IMAGE_SIZE);
    const expected = await set.parity(k, 'addition').model.run(encoded, 2);
    assert.equal([...results.get(1)!.logits], [...expected]);
  } finally {
    client.close();
  }
  assert.is(await inst.exit, 0);
});

test('a malformed frame: one line on stderr, connection closed, exit 1', async () => {
  const inst = await startInstance('--role', 'backup');
  const socket = connect({ host: '127.0.0.1', port: inst.port });
  await new Promise((r) => socket.once('connect', r));
  const bad = Buffer.alloc(9);
  bad.writeUInt32LE(9, 0);
  bad.writeUInt8(77, 4);
  socket.write(bad);
  await new Promise((r) => socket.once('close', r));
  assert.is(await inst.exit, 1);
  assert.match(inst.stderr(), /^instance: unknown frame type 77\n$/);
});

test('a task for another role is refused', async () => {
  const inst = await startInstance('--role', 'backup');
  const client = await InstanceClient.connect('127.0.0.1', inst.port);
  const closed = new Promise<Error | undefined>((r) => (client.onClose = r));
  client.sendTask({ taskId: 1, role: Role.data, encoder: 'none', samples: [1], serviceMs: 1, payloadBytes: 10 });
  await closed;
  assert.is(await inst.exit, 1);
  assert.match(inst.stderr(), /role data sent to a backup instance/);
});

test.after(async () => {
  await models?.close();
});

test.run();
