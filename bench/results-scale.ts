import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlotFailure } from '../sim/report/render-plots.js';
import { writeResults } from '../sim/report/write-results.js';
import { syntheticResults } from '../test/report/synthetic-results.js';
import { round } from './kernel-mmc.js';

/**
 * Writing a results folder at sweep scale, every plot drawn: 1,000 sweep points × 3 seeds, then
 * 1 point × 1,000 seeds (the synthetic results test/report/sweep-scale.test.ts checks the shape
 * of; its time is measured here, not asserted there). Seconds each, and the plots that failed.
 */
export async function resultsScale(): Promise<Record<string, number | string>> {
  const root = await mkdtemp(join(tmpdir(), 'parm-sim-bench-scale-'));
  try {
    const time = async (name: string, points: number, seeds: number) => {
      const { results, cdf } = syntheticResults({ queries: 1100, withQueries: false, points, seeds });
      const failed: PlotFailure[] = [];
      const started = performance.now();
      await writeResults(join(root, name), { results, cdf }, failed);
      return { seconds: round((performance.now() - started) / 1000, 2), failed: failed.length };
    };
    const points = await time('points', 1000, 3);
    const seeds = await time('seeds', 1, 1000);
    return {
      name: 'results-scale',
      points_1000x3_s: points.seconds,
      seeds_1x1000_s: seeds.seconds,
      plots_failed: points.failed + seeds.failed,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
