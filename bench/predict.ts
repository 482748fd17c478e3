import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InferenceSession } from 'onnxruntime-node';
import { loadScenario } from '../sim/scenario/load.js';
import { simulate } from '../sim/strategies/simulate.js';
import { runPoints } from '../sim/experiment/experiment.js';
import { answerSheet } from '../sim/experiment/answer-sheet.js';
import { modelsFor } from '../sim/experiment/models.js';
import { scoreAnswers } from '../sim/predict/score.js';
import { OnnxModel } from '../sim/predict/onnx-model.js';
import { modelsRoot } from '../sim/predict/models-root.js';
import { runScenario, writeResultsFolder } from '../sim/api/index.js';
import { round } from './kernel-mmc.js';

const BATCH = 2048;
const quickstart = fileURLToPath(new URL('../../scenarios/quickstart.yaml', import.meta.url));

/**
 * quickstart's predictions in isolation (MLP set, 10^5 queries a strategy): the model set loaded,
 * then every strategy's answers scored one after another with nothing else to do, as the
 * `accuracy` command scores, in model rows a second (every image the models evaluated: the
 * deployed model's pass over the test split and each reconstruction's parity query), and the same
 * for scoring alone, once the set is loaded. The simulation before it is not timed. A run does
 * better than this: it loads and scores beside its simulation (quickstartRun).
 */
export async function predictPhase(): Promise<Record<string, number | string>> {
  const scenario = loadScenario(quickstart);
  const sheets = scenario.strategies.map((s) => answerSheet(simulate(scenario.world, s, scenario.seed), s));
  const rowsBefore = OnnxModel.rowsRun;
  const started = performance.now();
  const set = (await modelsFor(scenario, modelsRoot()))!;
  const loaded = performance.now();
  let reconstructed = 0;
  for (const sheet of sheets) reconstructed += (await scoreAnswers(set, sheet)).fractionReconstructed * sheet.sample.length;
  const seconds = (performance.now() - started) / 1000;
  const rows = OnnxModel.rowsRun - rowsBefore;
  const scoring = seconds - (loaded - started) / 1000;
  return {
    name: 'predict-phase', set: set.name, reconstructed: Math.round(reconstructed), rows, seconds: round(seconds, 3), rows_per_s: Math.round(rows / seconds),
    // The same without loading the set and opening its sessions (onnxruntime's native library included): the steady state.
    scoring_seconds: round(scoring, 3), scoring_rows_per_s: Math.round(rows / scoring),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * quickstart's run points (simulation and scoring, as `parm-sim run` runs them, without writing
 * results), with its models or without any: the difference in wall time between the two, taken
 * in separate processes, is what the models add to a run. A run opens the models and runs the
 * deployed model over the test split in the inference thread while it simulates, so part of the
 * prediction work costs no wall time where a second core is free.
 */
export async function quickstartRun(models: boolean): Promise<Record<string, number | string>> {
  const scenario = loadScenario(quickstart);
  const rowsBefore = OnnxModel.rowsRun;
  const started = performance.now();
  await runPoints(models ? scenario : { ...scenario, models: null });
  const seconds = (performance.now() - started) / 1000;
  return { name: 'predict-run', models: models ? String(scenario.models) : 'none', rows: OnnxModel.rowsRun - rowsBefore, seconds: round(seconds, 3) };
}

/**
 * The memory target with models: quickstart's setting (270 queries/s, the MLP set) with parm alone,
 * `queries` measured queries, run and written as a program using the library does (runScenario,
 * then writeResultsFolder into a scratch folder): the process's peak RSS, every thread's included.
 */
export async function parmWithModels(queries: number): Promise<Record<string, number | string>> {
  const scenario = loadScenario(quickstart, { queries });
  const parmAlone = { ...scenario, strategies: scenario.strategies.filter((s) => s.kind === 'parm'), expect: [] };
  const dir = await mkdtemp(join(tmpdir(), 'parm-sim-bench-'));
  try {
    const started = performance.now();
    await writeResultsFolder(join(dir, 'results'), await runScenario(parmAlone));
    return {
      name: 'parm-models-memory', models: String(scenario.models), queries,
      seconds: round((performance.now() - started) / 1000, 3),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * onnxruntime-node alone on the same parity model, session options and batch size: the ceiling
 * the prediction phase is compared with (rows a second over about one second of runs).
 */
export async function rawOnnxruntime(): Promise<Record<string, number | string>> {
  const ort = (await import('onnxruntime-node')).default;
  const file = `${modelsRoot()}/fashion-mnist-mlp/parity-addition-k2.onnx`;
  const session: InferenceSession = await ort.InferenceSession.create(await readFile(file), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  const pixels = new Float32Array(BATCH * 784).map((_, i) => (i % 251) / 251);
  const input = { [session.inputNames[0]!]: new ort.Tensor('float32', pixels, [BATCH, 1, 28, 28]) };
  await session.run(input);
  let rows = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    await session.run(input);
    rows += BATCH;
  }
  const seconds = (performance.now() - started) / 1000;
  await session.release();
  return { name: 'predict-raw-onnxruntime', model: 'fashion-mnist-mlp/parity-addition-k2', batch: BATCH, rows, seconds: round(seconds, 3), rows_per_s: Math.round(rows / seconds) };
}
