/**
 * Benchmarks (never part of `npm test`): `npm run bench [-- --json] [-- --only NAME]`.
 * Each benchmark prints one line; with --json, one JSON object per line, each with a `name`.
 * Simulation benchmarks run in a child process each, so that peak RSS belongs to that run.
 * kernel-mmc runs its references (a g++ -O2 build of bench/kernel-mmc.cpp, SimPy) in the same
 * run; `--no-references` leaves them out (the line says so).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cliStart, npmStart } from './cli-start.js';
import { kernelMmc, kernelMmcLine, median, round } from './kernel-mmc.js';
import { fig9aStrategies, parmFig9a } from './parm-fig9a.js';
import { parmWithModels, predictPhase, quickstartRun, rawOnnxruntime } from './predict.js';
import { sweep, sweepPart } from './sweep.js';
import { resultsScale } from './results-scale.js';

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

/** Rounds of the Fig. 9a-scale lines: each strategy's figures are the medians of its runs. */
const FIG9A_ROUNDS = 3;

/** Pairs of quickstart runs (without models, with them) whose median difference is what the models add. */
const PREDICT_PAIRS = 5;

/** Runs one benchmark in a child process of its own (so that peak RSS is its own) and returns its line. */
async function inChild(spec: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(import.meta.url), '--child', spec], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** The engine's M/M/8 loop, ten times over in this process: CPU-bound work of about two seconds, for the parallelism reference. */
function kernelWork(): Record<string, number | string> {
  const started = performance.now();
  for (let i = 0; i < 10; i++) kernelMmc();
  return { name: 'kernel-work', seconds: round((performance.now() - started) / 1000, 3) };
}

if (child) {
  const [name, label, queries] = child.split(':') as [string, string, string];
  const result =
    name === 'predict' ? await (label === 'raw' ? rawOnnxruntime() : label === 'phase' ? predictPhase() : quickstartRun(label === 'models'))
    : name === 'sweep' ? await sweep(Number(queries), label === 'models')
    : name === 'sweep-part' ? await sweepPart(Number(queries), machine.cores, label === 'models')
    : name === 'kernel-work' ? kernelWork()
    : name === 'results-scale' ? await resultsScale()
    : name === 'parm-models-memory' ? await parmWithModels(Number(queries))
    : parmFig9a(label, Number(queries), name);
  process.stdout.write(JSON.stringify(result));
} else {
  if (!json) process.stdout.write(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gb} GiB, node ${machine.node}\n`);
  if (!only || only === 'kernel-mmc') emit(kernelMmcLine(!args.includes('--no-references')));
  // Fig. 9a's scale, each strategy with its speed against `none`'s in the same run (the first
  // strategy): FIG9A_ROUNDS rounds, each strategy once a round in a process of its own, in turn, and
  // the medians, since one run of a few seconds on a shared machine can be off by a third.
  const fig9aScale = async (name: string) => {
    const lines = fig9aStrategies.map(() => [] as Record<string, unknown>[]);
    for (let r = 0; r < FIG9A_ROUNDS; r++) {
      for (const [i, s] of fig9aStrategies.entries()) lines[i]!.push(await inChild(`${name}:${s.label}:1000000`));
    }
    const medianOf = (runs: Record<string, unknown>[], field: string) => median(runs.map((l) => Number(l[field])));
    const none = medianOf(lines[0]!, 'queries_per_s');
    for (const runs of lines) {
      const rates = runs.map((l) => Number(l.queries_per_s));
      emit({
        ...runs[0],
        rounds: runs.length,
        seconds: medianOf(runs, 'seconds'),
        queries_per_s: median(rates),
        queries_per_s_range: `${Math.min(...rates)}..${Math.max(...rates)}`,
        events_per_s: medianOf(runs, 'events_per_s'),
        peak_rss_mb: Math.max(...runs.map((l) => Number(l.peak_rss_mb))),
        vs_none: round(median(rates) / none, 2),
      });
    }
  };
  if (!only || only === 'parm-fig9a') await fig9aScale('parm-fig9a');
  // The same with the switch-port model, beside the fluid shares alone: what the model costs.
  if (!only || only === 'parm-fig9a-ports') await fig9aScale('parm-fig9a-ports');
  // The memory target: 10^7 queries of the most memory-hungry strategy within 2 GB.
  // The prediction phase against onnxruntime alone on the same model and batch size, each in its own process:
  // what the models add to a run's wall time (runs with and without them, paired), and scoring alone once loaded.
  if (!only || only === 'predict') {
    const raw = await inChild('predict:raw:0');
    const added: number[] = [];
    let rows = 0;
    for (let pair = 0; pair < PREDICT_PAIRS; pair++) {
      const without = await inChild('predict:none:0');
      const withModels = await inChild('predict:models:0');
      rows = Number(withModels.rows);
      added.push(Number(withModels.seconds) - Number(without.seconds));
    }
    const addedSeconds = median(added);
    const phase = await inChild('predict:phase:0');
    const rawRate = Number(raw.rows_per_s);
    emit(raw);
    emit({
      name: 'predict-phase', rows, pairs: PREDICT_PAIRS, added_seconds: round(addedSeconds, 3), added_range: `${round(Math.min(...added), 3)}..${round(Math.max(...added), 3)}`,
      rows_per_added_s: Math.round(rows / addedSeconds), vs_raw: round(rows / addedSeconds / rawRate, 2),
      scoring_rows_per_s: phase.scoring_rows_per_s, scoring_vs_raw: round(Number(phase.scoring_rows_per_s) / rawRate, 2),
      loaded_then_scored_vs_raw: round(Number(phase.rows_per_s) / rawRate, 2),
    });
  }
  // A sweep on every core against one worker, with and without models: speed-up and memory. Beside it,
  // what this machine gives two independent CPU-bound processes (the same work alone, then one copy on
  // each core at once): the speed-up no sweep can pass here, measured in the same run.
  if (!only || only === 'sweep') {
    const alone = Number((await inChild('kernel-work:0:0')).seconds);
    const both = (await Promise.all(Array.from({ length: machine.cores }, () => inChild('kernel-work:0:0')))).map((r) => Number(r.seconds));
    emit({ name: 'parallel-ceiling', processes: machine.cores, alone_s: alone, at_once_s: both.map((x) => round(x, 3)).join('/'), speedup: round((machine.cores * alone) / Math.max(...both), 2) });
    for (const models of ['models', 'none']) {
      const one = await inChild(`sweep:${models}:1`);
      const all = await inChild(`sweep:${models}:${machine.cores}`);
      // The same sweep split into one process per core, run at once: the speed-up and the memory
      // (the processes' peaks summed) of parallel work that shares nothing, the yardstick for threads.
      const parts = await Promise.all(Array.from({ length: machine.cores }, (_, i) => inChild(`sweep-part:${models}:${i}`)));
      const partsSeconds = Math.max(...parts.map((p) => Number(p.seconds)));
      const partsRss = parts.reduce((sum, p) => sum + Number(p.peak_rss_mb), 0);
      emit(one);
      emit({
        ...all, speedup: round(Number(one.seconds) / Number(all.seconds), 2), memory_ratio: round(Number(all.peak_rss_mb) / Number(one.peak_rss_mb), 2),
        processes_speedup: round(Number(one.seconds) / partsSeconds, 2), processes_memory_ratio: round(partsRss / Number(one.peak_rss_mb), 2),
      });
    }
  }
  if (!only || only === 'parm-fig9a-1e7') emit(await inChild('parm-fig9a-1e7:parm:10000000'));
  // The same target with the models a run scores: 10^6 queries within 400 MB, 10^7 within 2 GB.
  if (!only || only === 'parm-models-memory') {
    for (const queries of [1_000_000, 10_000_000]) emit(await inChild(`parm-models-memory:parm:${queries}`));
  }
  // A results folder at sweep scale, every plot drawn.
  if (!only || only === 'results-scale') emit(await inChild('results-scale:0:0'));
  // The fixed cost of every command, against node itself and against the CLI parser's own.
  if (!only || only === 'cli-start') emit(cliStart());
  if (!only || only === 'npm-start') emit(npmStart());
}
