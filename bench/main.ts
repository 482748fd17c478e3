/**
 * Benchmarks (never part of `npm test`): `npm run bench [-- --json] [-- --only NAME]`.
 * Each benchmark prints one line; with --json, one JSON object per line, each with a `name`.
 * Simulation benchmarks run in a child process each, so that peak RSS belongs to that run.
 * kernel-mmc runs its references (a g++ -O2 build of bench/kernel-mmc.cpp, SimPy) in the same
 * run; `--no-references` leaves them out (the line says so).
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { kernelMmcLine, round } from './kernel-mmc.js';
import { fig9aStrategies, parmFig9a } from './parm-fig9a.js';
import { predictPhase, rawOnnxruntime } from './predict.js';
import { sweep } from './sweep.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const child = args.includes('--child') ? args[args.indexOf('--child') + 1] : undefined;

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version };

function emit(result: Record<string, unknown>): void {
  const line = { ...result, machine };
  if (json) process.stdout.write(`${JSON.stringify(line)}\n`);
  else process.stdout.write(`${Object.entries(result).map(([k, v]) => `${k}=${v}`).join('  ')}\n`);
}

function inChild(spec: string): Record<string, unknown> {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', spec], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Record<string, unknown>;
}

if (child) {
  const [name, label, queries] = child.split(':') as [string, string, string];
  const result =
    name === 'predict' ? await (label === 'raw' ? rawOnnxruntime() : predictPhase())
    : name === 'sweep' ? await sweep(Number(queries), label === 'models')
    : parmFig9a(label, Number(queries), name);
  process.stdout.write(JSON.stringify(result));
} else {
  if (!json) process.stdout.write(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GiB, node ${machine.node}\n`);
  if (!only || only === 'kernel-mmc') emit(kernelMmcLine(!args.includes('--no-references')));
  // Fig. 9a's scale, each strategy with its speed against `none`'s in the same run (the first strategy).
  const fig9aScale = (name: string) => {
    let none = 0;
    for (const s of fig9aStrategies) {
      const line = inChild(`${name}:${s.label}:1000000`);
      none ||= Number(line.queries_per_s);
      emit({ ...line, vs_none: round(Number(line.queries_per_s) / none, 2) });
    }
  };
  if (!only || only === 'parm-fig9a') fig9aScale('parm-fig9a');
  // The same with the switch-port model, beside the fluid shares alone: what the model costs.
  if (!only || only === 'parm-fig9a-ports') fig9aScale('parm-fig9a-ports');
  // The memory target: 10^7 queries of the most memory-hungry strategy within 2 GB.
  // The prediction phase against onnxruntime alone on the same model and batch size, each in its own process.
  if (!only || only === 'predict') {
    const raw = inChild('predict:raw:0');
    const phase = inChild('predict:phase:0');
    emit(raw);
    emit({ ...phase, vs_raw: round(Number(phase.rows_per_s) / Number(raw.rows_per_s), 2), scoring_vs_raw: round(Number(phase.scoring_rows_per_s) / Number(raw.rows_per_s), 2) });
  }
  // A sweep on every core against one worker, with and without models: speed-up and memory.
  if (!only || only === 'sweep') {
    for (const models of ['models', 'none']) {
      const one = inChild(`sweep:${models}:1`);
      const all = inChild(`sweep:${models}:${machine.cores}`);
      emit(one);
      emit({ ...all, speedup: round(Number(one.seconds) / Number(all.seconds), 2), memory_ratio: round(Number(all.peak_rss_mb) / Number(one.peak_rss_mb), 2) });
    }
  }
  if (!only || only === 'parm-fig9a-1e7') emit(inChild('parm-fig9a-1e7:parm:10000000'));
}
