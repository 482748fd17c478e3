import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { recordResults } from '../../sim/check/baseline.js';
import { passed, type CheckReport } from '../../sim/check/check.js';
import { compareScenario } from '../../sim/check/compare.js';
import { renderJUnit } from '../../sim/check/junit.js';
import { renderMarkdown } from '../../sim/check/markdown.js';
import { DEFAULT_TOLERANCES } from '../../sim/check/tolerance.js';
import { syntheticResults } from '../report/synthetic-results.js';

/**
 * Accuracy and sweeps through the gate's reports, on synthetic results (two seeds, a two-point
 * sweep, accuracy on every run): a model set is not needed to see accuracy gated in points.
 */
const test = suite('check/report');

function accuracyDrop(): CheckReport {
  const before = syntheticResults({ withAccuracy: true }).results;
  const after = syntheticResults({ withAccuracy: true }).results;
  for (const run of after.runs) if (run.strategy === 'parm-k2') run.accuracy!.overall -= 0.02;
  const comparisons = compareScenario('syn', recordResults(before), recordResults(after), DEFAULT_TOLERANCES);
  const claims = [{ claim: 'parm-k2.p999 < 0.5 * none.p999', mode: 'mean' as const, sweep: { 'arrivals.rate': '270/s' }, holds: false, left: 30, right: 20 }];
  return { scenarios: [{ name: 'syn', file: null, comparisons, claims, notes: [] }], tolerances: DEFAULT_TOLERANCES, update: false, written: false, baselineFile: 'b.json', notes: [] };
}

test('the baseline keeps accuracy per sweep point and seed', () => {
  const record = recordResults(syntheticResults({ withAccuracy: true }).results);
  assert.equal(record.seeds, [1, 2]);
  assert.equal(Object.keys(record.strategies['parm-k2']!), ['arrivals.rate=150/s', 'arrivals.rate=270/s']);
  assert.equal(record.strategies['parm-k2']!['arrivals.rate=150/s']!.accuracy, { mean: 0.9, values: [0.9, 0.9] });
  assert.is(recordResults(syntheticResults().results).strategies.none!['arrivals.rate=150/s']!.accuracy, undefined, 'no accuracy without models');
});

test('two points less accuracy regresses at each sweep point; latency is untouched', () => {
  const report = accuracyDrop();
  const failing = report.scenarios[0]!.comparisons.filter((c) => c.verdict !== 'ok');
  assert.equal(failing.map((c) => `${c.strategy} ${c.point} ${c.metric} ${c.verdict}`), [
    'parm-k2 arrivals.rate=150/s accuracy regressed',
    'parm-k2 arrivals.rate=270/s accuracy regressed',
  ]);
  assert.ok(Math.abs(failing[0]!.change! + 0.02) < 1e-12);
  assert.not.ok(passed(report));
  assert.ok(passed({ ...report, update: true, scenarios: [{ ...report.scenarios[0]!, claims: [] }] }), '--update does not fail on regressions');
});

test('JUnit: a failing test case per regressed metric and claim, escaped', () => {
  const xml = renderJUnit(accuracyDrop());
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="parm-sim check" tests="\d+" failures="3" errors="0" skipped="0">/);
  assert.match(xml, /<testcase classname="syn.parm-k2" name="accuracy at arrivals.rate=150\/s"><failure message="syn \/ parm-k2 at arrivals.rate=150\/s: accuracy regressed: 0.9000 → 0.8800 \(−2.00 pt, tolerance 1 pt\)" type="regressed"\/><\/testcase>/);
  assert.match(xml, /<testcase classname="syn.expect" name="parm-k2.p999 &lt; 0.5 \* none.p999 at arrivals.rate=270\/s"><failure message="expect claim fails: /);
  assert.is((xml.match(/<testcase /g) ?? []).length, (xml.match(/<\/testcase>|<testcase [^>]*\/>/g) ?? []).length, 'every test case closed');
});

test('Markdown: failing rows first in words, then the table with a sweep column', () => {
  const md = renderMarkdown(accuracyDrop());
  assert.match(md, /^## ❌ parm-sim check — FAIL: 2 regressed, 1 expect claim fails\n/);
  assert.match(md, /- \*\*syn \/ parm-k2 at arrivals.rate=150\/s: accuracy regressed: 0.9000 → 0.8800/);
  assert.match(md, /- ❌ \*\*fails\*\* — syn: `parm-k2.p999 < 0.5 \* none.p999 at arrivals.rate=270\/s \(30.000 vs 20.000\)`/);
  assert.match(md, /\| scenario \| strategy \| sweep \| metric \| baseline \| now \| change \| verdict \|/);
  assert.match(md, /\| syn \| parm-k2 \| arrivals.rate=270\/s \| accuracy \| 0.9000 \| 0.8800 \| −2.00 pt \| \*\*REGRESSED\*\* \|/);
});

test.run();
