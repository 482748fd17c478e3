import type { Argv, CommandModule } from 'yargs';
import { modelSetArg, modelsRootOption, modelsRoot } from './options.js';
import { InputError } from '../../errors.js';
import { encoderNames, isEncoderName } from '../../predict/encoders/encoder.js';
import { listing } from './listing.js';

interface AccuracyArgs {
  set: string;
  k?: number;
  encoder?: string;
  json: boolean;
  models?: string;
}

/** Measured figures further from the manifest's than this (accuracy points / 100) fail the check. */
const TOLERANCE = 0.005;

interface Row {
  model: string;
  figure: string;
  measured: number;
  manifest: number | null;
  agrees: boolean;
}

/** `parm-sim accuracy SET`: recompute the manifest's figures with the committed ONNX files. */
export const accuracyCommand: CommandModule<object, AccuracyArgs> = {
  ...listing.accuracy,
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('set', modelSetArg)
      .option('k', { type: 'number', describe: 'only parity models for this k' })
      .option('encoder', { type: 'string', choices: encoderNames, describe: 'only parity models with this encoder' })
      .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' })
      .option('models', modelsRootOption)
      .example('$0 accuracy fashion-mnist-mlp', 'every model of the set')
      .example('$0 accuracy fashion-mnist-mlp --k 2 --encoder addition --json', 'one parity model, as JSON'),
  handler: async (args) => {
    if (args.k !== undefined && (!Number.isInteger(args.k) || args.k < 2)) {
      throw new InputError('command line', '--k', 'an integer of at least 2', String(args.k));
    }
    if (args.encoder !== undefined && !isEncoderName(args.encoder)) {
      throw new InputError('command line', '--encoder', `one of ${encoderNames.join(', ')}`, args.encoder);
    }
    // Loaded here, not with the command: the model set brings onnxruntime, which --help never needs.
    const [{ loadModelSet }, { availableAccuracy, backupAccuracy, berrutAccuracy, collageAccuracy, parityAccuracy, twoMissingAccuracy }] = await Promise.all([
      import('../../predict/model-set.js'),
      import('../../predict/accuracy.js'),
    ]);
    const set = await loadModelSet(args.set, modelsRoot(args.models));
    try {
      const rows: Row[] = [];
      const check = (model: string, figure: string, measured: number, manifest: number | null): void => {
        rows.push({ model, figure, measured, manifest, agrees: manifest === null || Math.abs(measured - manifest) <= TOLERANCE });
      };
      check('deployed', 'available', await availableAccuracy(set), set.deployed.entry.figures.availableAccuracy);
      if (set.backup) check('backup', 'available', await backupAccuracy(set), set.backup.entry.figures.availableAccuracy);
      const chosen = set.parityModels.filter(
        (p) => (args.k === undefined || p.entry.k === args.k) && (args.encoder === undefined || p.entry.encoder === args.encoder),
      );
      if (chosen.length === 0 && (args.k !== undefined || args.encoder !== undefined)) {
        const wanted = [args.encoder, args.k === undefined ? undefined : `k=${args.k}`].filter(Boolean).join(' ');
        const have = set.parityModels.map((p) => `${p.entry.encoder} k=${p.entry.k}`).join(', ') || 'none';
        throw new InputError(`${set.dir}/manifest.json`, 'models', `a parity model for ${wanted}`, have);
      }
      for (const p of chosen) {
        const fig = await parityAccuracy(set, p.entry.k!, p.entry.encoder!);
        check(p.entry.id, 'degraded', fig.degraded, p.entry.figures.degradedAccuracy);
        check(p.entry.id, 'reconstruction', fig.reconstruction, p.entry.figures.reconstructionAccuracy);
      }
      // Collage classifiers: their tile accuracy on the manifest's groups, against the manifest's.
      if (args.encoder === undefined) {
        for (const c of set.collages.filter((c) => args.k === undefined || c.entry.k === args.k)) {
          check(c.entry.id, 'tile', await collageAccuracy(set, c.entry.k!), c.entry.figures.tileAccuracy);
        }
      }
      // ParM with r = 2: two members missing, decoded from the addition and the weighted parity
      // outputs together (each model alone is checked above, one member missing).
      const pairs = chosen.filter((p) => p.entry.encoder === 'weighted' && set.hasParity(p.entry.k!, 'addition'));
      for (const p of pairs) {
        const fig = await twoMissingAccuracy(set, p.entry.k!);
        check(`parm r=2 k=${fig.k}`, '2 missing', fig.degraded, null);
      }
      // Berrut coding (ApproxIFER) trains nothing: its figures are measured here, with no manifest
      // figure to agree with. Every k of the parity models (or --k), one straggler, coded and systematic.
      if (args.encoder === undefined) {
        const ks = args.k !== undefined ? [args.k] : [...new Set(set.parityModels.map((p) => p.entry.k!))].sort((a, b) => a - b);
        for (const k of ks) {
          for (const systematic of [false, true]) {
            for (let missing = 0; missing <= 1; missing++) {
              const fig = await berrutAccuracy(set, k, 1, systematic, missing);
              check(`berrut${systematic ? '-systematic' : ''} k=${k} s=1`, `${missing} missing`, fig.accuracy, null);
            }
          }
        }
      }
      const agrees = rows.every((r) => r.agrees);
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ set: set.name, tolerance: TOLERANCE, agrees, rows }, null, 2)}\n`);
      } else {
        process.stdout.write(render(set.name, rows, agrees));
      }
      if (!agrees) process.exitCode = 1;
    } finally {
      await set.close();
    }
  },
};

function render(name: string, rows: Row[], agrees: boolean): string {
  const pct = (v: number | null): string => (v === null ? '    -' : (100 * v).toFixed(2).padStart(6));
  const lines = [`${name}: measured vs manifest (accuracy %, tolerance ${100 * TOLERANCE} points)`];
  for (const r of rows) {
    lines.push(`  ${r.model.padEnd(28)} ${r.figure.padEnd(15)} ${pct(r.measured)}  ${pct(r.manifest)}  ${r.agrees ? 'ok' : 'DIFFERS'}`);
  }
  lines.push(agrees ? 'all figures agree' : 'some figures differ from the manifest');
  return `${lines.join('\n')}\n`;
}
