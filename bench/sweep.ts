import { fileURLToPath } from 'node:url';
import { loadScenario } from '../sim/scenario/load.js';
import { runExperiment } from '../sim/experiment/experiment.js';
import { round } from './kernel-mmc.js';

const fig9a = fileURLToPath(new URL('../../scenarios/paper/fig9a.yaml', import.meta.url));

/**
 * The Fig. 9a sweep shortened (9 load points × 2 seeds × 5 strategies, its own 100,000 queries a run),
 * with its CNN model set or without models, on `workers` threads: wall seconds of the whole
 * experiment (models loaded, every run simulated and scored) and the process's peak RSS.
 */
export async function sweep(workers: number, models: boolean): Promise<Record<string, number | string>> {
  const scenario = loadScenario(fig9a, { seeds: 2, queries: 100_000, set: models ? [] : ['models=null'] });
  const started = performance.now();
  const content = await runExperiment(scenario, { workers });
  const seconds = (performance.now() - started) / 1000;
  return {
    name: 'sweep',
    scenario: 'paper/fig9a --seeds 2',
    models: models ? (scenario.models ?? 'none') : 'none',
    workers,
    runs: content.results.runs.length,
    seconds: round(seconds, 3),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
