import { fileURLToPath } from 'node:url';
import { loadScenario } from '../sim/scenario/load.js';
import { expandScenario } from '../sim/scenario/expand.js';
import { runExperiment, runPoints } from '../sim/experiment/experiment.js';
import { shardIndices } from '../sim/experiment/shard.js';
import { round } from './kernel-mmc.js';

const fig9a = fileURLToPath(new URL('../../scenarios/paper/fig9a.yaml', import.meta.url));

/**
 * The Fig. 9a sweep shortened (9 load points × 2 seeds × 5 strategies, its own 100,000 queries a run),
 * with its CNN model set or without models, on `workers` threads: wall seconds of the whole
 * experiment (models loaded, every run simulated and scored), the CPU time of all its threads,
 * and the process's peak RSS.
 */
export async function sweep(workers: number, models: boolean): Promise<Record<string, number | string>> {
  const scenario = sweepScenario(models);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const content = await runExperiment(scenario, { workers });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    name: 'sweep',
    scenario: 'paper/fig9a --seeds 2',
    models: models ? (scenario.models ?? 'none') : 'none',
    workers,
    runs: content.results.runs.length,
    seconds: round(seconds, 3),
    // Every thread of the process (workers and the inference thread too): cores_busy near the
    // machine's core count says the cores, not the sweep's scheduling, bound its speed.
    cpu_seconds: round(cpuSeconds, 3),
    cores_busy: round(cpuSeconds / seconds, 2),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function sweepScenario(models: boolean) {
  return loadScenario(fig9a, { seeds: 2, queries: 100_000, set: models ? [] : ['models=null'] });
}

/**
 * Part `part` of `parts` of the same sweep (run points i with i mod parts = part, as `--shard`
 * splits them) on one worker, in a process of its own: `parts` of these at once, one per core,
 * are the sweep's work split with nothing shared — no thread, no model set, no module graph —
 * which is what a sweep on threads is measured against.
 */
export async function sweepPart(part: number, parts: number, models: boolean): Promise<Record<string, number | string>> {
  const scenario = sweepScenario(models);
  const only = shardIndices(expandScenario(scenario).length, { index: part, count: parts });
  const started = performance.now();
  await runPoints(scenario, { workers: 1, only });
  return { seconds: round((performance.now() - started) / 1000, 3), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) };
}
