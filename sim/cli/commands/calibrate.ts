import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { modelSetArg, modelsRootOption, modelsRoot } from './options.js';
import { InputError } from '../../errors.js';
import { IMAGE_SIZE } from '../../predict/encoders/encoder.js';
import type { LoadedModel, ModelSet } from '../../predict/model-set.js';
import { listing } from './listing.js';

interface CalibrateArgs {
  set: string;
  out?: string;
  'batch-sizes': string;
  reps: number;
  warmup: number;
  model: string;
  models?: string;
}

/**
 * `parm-sim calibrate SET`: times onnxruntime inference per batch size on this machine and
 * writes a `batch_size,ms` CSV that scenarios use as a service-time profile. Wall-clock timing
 * is the point here; nothing in the simulator itself reads a clock.
 */
export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  ...listing.calibrate,
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('set', modelSetArg)
      .option('out', { type: 'string', describe: 'CSV file to write (default: standard output)' })
      .option('batch-sizes', { type: 'string', default: '1,2,4,8', describe: 'comma-separated batch sizes' })
      .option('reps', { type: 'number', default: 200, describe: 'timed runs per batch size (one CSV row each)' })
      .option('warmup', { type: 'number', default: 20, describe: 'untimed runs per batch size first' })
      .option('model', { type: 'string', default: 'deployed', describe: 'model id in the manifest (deployed, backup, parity-addition-k2, ...)' })
      .option('models', modelsRootOption)
      .example('$0 calibrate fashion-mnist-mlp --out profiles/mlp.csv', 'then in a scenario: cluster.service: {profile: profiles/mlp.csv}')
      .example('$0 calibrate fashion-mnist-cnn --batch-sizes 1 --reps 1000 --out cnn-b1.csv', 'then: {dist: empirical, file: cnn-b1.csv, column: ms}'),
  handler: async (args) => {
    const sizes = parseBatchSizes(args['batch-sizes']);
    const reps = wholeNumber(args.reps, '--reps', 1);
    const warmup = wholeNumber(args.warmup, '--warmup', 0);
    // Loaded here, not with the command: the model set brings onnxruntime, which --help never needs.
    const { loadModelSet } = await import('../../predict/model-set.js');
    // Sessions in this thread: a batch's time is the session's own, with no hop to another thread.
    const set = await loadModelSet(args.set, modelsRoot(args.models), { inThisThread: true });
    try {
      const model = pick(set, args.model);
      // Opening the session is not part of any batch's time.
      await model.model.open();
      const rows = ['batch_size,ms'];
      for (const size of sizes) {
        for (const ms of await timeRuns(set, model, size, warmup, reps)) rows.push(`${size},${ms.toFixed(4)}`);
      }
      const csv = `${rows.join('\n')}\n`;
      if (args.out === undefined) {
        process.stdout.write(csv);
      } else {
        // Write then rename, so an interrupted run never leaves a half-written profile behind.
        await mkdir(dirname(args.out), { recursive: true });
        await writeFile(`${args.out}.partial`, csv);
        await rename(`${args.out}.partial`, args.out);
        process.stderr.write(`wrote ${args.out}: ${sizes.length} batch sizes x ${reps} runs of ${set.name}/${args.model}\n`);
      }
    } finally {
      await set.close();
    }
  },
};

async function timeRuns(set: ModelSet, model: LoadedModel, size: number, warmup: number, reps: number): Promise<number[]> {
  const pixels = set.pixels();
  const times: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    // Real test images, a different run of them each time, as a serving instance would see.
    const start = ((i * size) % (set.data.count - size + 1)) * IMAGE_SIZE;
    const batch = pixels.subarray(start, start + size * IMAGE_SIZE);
    const t0 = process.hrtime.bigint();
    await model.model.run(batch, size);
    const t1 = process.hrtime.bigint();
    if (i >= warmup) times.push(Number(t1 - t0) / 1e6);
  }
  return times;
}

function pick(set: ModelSet, id: string): LoadedModel {
  const all = [set.deployed, ...set.parityModels, ...(set.backup ? [set.backup] : [])];
  const found = all.find((m) => m.entry.id === id);
  if (!found) throw new InputError('command line', '--model', `one of ${all.map((m) => m.entry.id).join(', ')}`, JSON.stringify(id));
  return found;
}

function parseBatchSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 4096)) {
    throw new InputError('command line', '--batch-sizes', 'comma-separated integers from 1 to 4096', JSON.stringify(text));
  }
  return sizes;
}

function wholeNumber(value: number, flag: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new InputError('command line', flag, `an integer of at least ${min}`, String(value));
  return value;
}
