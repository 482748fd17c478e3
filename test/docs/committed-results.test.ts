/**
 * The committed results and the pages that quote them stay what the code produces: a change to
 * the model that is not followed by regenerating results/ and rewriting the figures fails here.
 * - results/quickstart/ is, byte for byte, a fresh run of scenarios/quickstart.yaml, and the
 *   README's `npm start` block shows that run's table as the CLI prints it.
 * - results/paper/fig9a/ holds what a fresh run gives at one of its points (270 queries/s, the
 *   first two seeds; latency does not depend on the model set).
 * - docs/reproducing-parm.md's calibration and Fig. 9a tables, and the README's coded-schemes
 *   block, are rows made from those folders' summary.json.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { describeRun, loadScenario, runScenario } from '../../sim/api/index.js';
import type { AggregateSummary, ResultsFile } from '../../sim/api/index.js';

const test = suite('committed results');
const readme = readFileSync('README.md', 'utf8');
const reproducing = readFileSync('docs/reproducing-parm.md', 'utf8');
const summary = (folder: string): ResultsFile => JSON.parse(readFileSync(`${folder}/summary.json`, 'utf8')) as ResultsFile;

const mean = (a: AggregateSummary, stat: string): number => (a.latency_ms as Record<string, { mean: number }>)[stat]!.mean;
const seedRange = (a: AggregateSummary, stat: string): string => {
  const values = (a.latency_ms as Record<string, { values: (number | null)[] }>)[stat]!.values.filter((v): v is number => v !== null);
  return `(${Math.min(...values).toFixed(0)} … ${Math.max(...values).toFixed(0)})`;
};
const stalled = (a: AggregateSummary): string => `${(100 * a.stalled.mean!).toFixed(2)}%`;
const gapRatio = (er: AggregateSummary, parm: AggregateSummary): string =>
  ((mean(er, 'p999') - mean(er, 'p50')) / (mean(parm, 'p999') - mean(parm, 'p50'))).toFixed(1);
const sweepValue = (a: AggregateSummary, key: string): string => String((a.sweep as Record<string, unknown>)[key]);

/** Per sweep point (its values joined by '|'): strategy → aggregate. */
function byPoint(results: ResultsFile): Map<string, Map<string, AggregateSummary>> {
  const points = new Map<string, Map<string, AggregateSummary>>();
  for (const a of results.aggregate) {
    const key = Object.values(a.sweep ?? {}).map(String).join('|');
    if (!points.has(key)) points.set(key, new Map());
    points.get(key)!.set(a.strategy, a);
  }
  return points;
}

test('results/quickstart/ is a fresh run of scenarios/quickstart.yaml, and the README shows its table', async () => {
  const content = await runScenario('scenarios/quickstart.yaml');
  assert.is(`${JSON.stringify(content.results, null, 2)}\n`, readFileSync('results/quickstart/summary.json', 'utf8'), 'summary.json as committed');
  const table = await describeRun(content.results);
  assert.ok(readme.includes(`$ npm start\n${table}`), `the README's npm start block is the table printed now:\n${table}`);
});

test('results/paper/fig9a/ holds what a fresh run gives at 270 queries/s (seeds 1 and 2)', async () => {
  const fresh = await runScenario(loadScenario('scenarios/paper/fig9a.yaml', { seeds: 2, set: ['arrivals.rate=270/s', 'models=null'] }));
  const committed = summary('results/paper/fig9a').runs.filter((r) => r.sweep['arrivals.rate'] === '270/s' && r.seed <= 2);
  assert.is(fresh.results.runs.length, committed.length);
  for (const run of fresh.results.runs) {
    const same = committed.find((r) => r.strategy === run.strategy && r.seed === run.seed);
    assert.ok(same, `${run.strategy} seed ${run.seed} is committed`);
    assert.equal(run.latency_ms, same!.latency_ms, `${run.strategy} seed ${run.seed}: latency`);
    assert.is(run.stalled, same!.stalled, `${run.strategy} seed ${run.seed}: stalled`);
  }
});

test("docs/reproducing-parm.md's calibration table is results/paper/calibration/summary.json", () => {
  const doc = summary('results/paper/calibration');
  const defaultHold = /tcp: \{ hold: (\S+) \}/.exec(readFileSync('scenarios/paper/calibration.yaml', 'utf8'))![1];
  let rows = 0;
  for (const strategies of byPoint(doc).values()) {
    const er = strategies.get('equal-resources')!, parm = strategies.get('parm')!;
    const cells = [sweepValue(er, 'network.buffer'), sweepValue(er, 'network.tcp.hold'),
      `${mean(er, 'p50').toFixed(1)} / ${mean(er, 'p999').toFixed(1)} ms ${seedRange(er, 'p999')}`, stalled(er),
      `${mean(parm, 'p50').toFixed(1)} / ${mean(parm, 'p999').toFixed(1)} ms`, stalled(parm), gapRatio(er, parm)];
    const isDefault = cells[0] === '256KB' && cells[1] === defaultHold;
    const row = `| ${cells.map((c) => (isDefault ? `**${c}**` : c)).join(' | ')} |`;
    assert.ok(reproducing.includes(row), `the doc has the row ${row}`);
    rows++;
  }
  assert.is(rows, 9);
});

test("docs/reproducing-parm.md's Fig. 9a table is results/paper/fig9a/summary.json", () => {
  let rows = 0;
  for (const strategies of byPoint(summary('results/paper/fig9a')).values()) {
    const er = strategies.get('equal-resources')!, parm = strategies.get('parm')!;
    const row = `| ${sweepValue(er, 'arrivals.rate')} | ${mean(er, 'p50').toFixed(1)} / ${mean(er, 'p999').toFixed(1)} ms ${seedRange(er, 'p999')} | ${stalled(er)} | ` +
      `${mean(parm, 'p50').toFixed(1)} / ${mean(parm, 'p999').toFixed(1)} ms ${seedRange(parm, 'p999')} | ${gapRatio(er, parm)} |`;
    assert.ok(reproducing.includes(row), `the doc has the row ${row}`);
    rows++;
  }
  assert.is(rows, 9);
});

test("the README's coded-schemes block is results/coded/summary.json", () => {
  const results = summary('results/coded');
  const block = readme.slice(readme.indexOf('strategy                           p50 ms'));
  for (const a of results.aggregate) {
    const accuracy = a.accuracy as Record<string, { mean: number | null } | undefined>;
    const degraded = [accuracy.reconstructed, accuracy.backup].find((e) => typeof e?.mean === 'number')?.mean;
    const cells = [mean(a, 'p50').toFixed(1), mean(a, 'p99').toFixed(1), mean(a, 'p999').toFixed(1), (mean(a, 'p999') - mean(a, 'p50')).toFixed(1),
      accuracy.overall!.mean!.toFixed(4), typeof degraded === 'number' ? degraded.toFixed(4) : '-'];
    const line = block.split('\n').find((l) => l.split(/\s+/)[0] === a.strategy);
    assert.ok(line, `${a.strategy} has a line`);
    assert.equal(line!.trim().split(/\s+/).slice(1), cells, `${a.strategy}'s line`);
  }
});

test.run();
