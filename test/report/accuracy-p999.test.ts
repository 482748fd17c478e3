import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { plotSpecs } from '../../sim/report/render-plots.js';
import { syntheticResults } from './synthetic-results.js';

const test = suite('report/accuracy-p999');

interface Layer { mark: { type: string }; encoding: Record<string, { field?: string }> }

test('the trade-off plot: a point per strategy and sweep point at (p99.9, accuracy), shaped by resources; none without accuracy', () => {
  const withAccuracy = syntheticResults({ withAccuracy: true });
  const spec = plotSpecs(withAccuracy.results, withAccuracy.cdf)['accuracy-p999'] as { data: { values: { strategy: string; sweep: string; p999: number; accuracy: number; resources: string }[] }; layer: Layer[] };
  assert.ok(spec !== undefined, 'drawn when the runs have accuracy');
  const { values } = spec.data;
  assert.is(values.length, withAccuracy.results.aggregate.length, 'one point per strategy and sweep point');
  for (const a of withAccuracy.results.aggregate) {
    const v = values.find((x) => x.strategy === a.strategy && a.latency_ms.p999.mean === x.p999)!;
    assert.ok(v !== undefined, a.strategy);
    assert.is(v.accuracy, a.accuracy!.overall.mean);
    assert.match(v.resources, /^\d+\.\d\dx$/);
  }
  const points = spec.layer.find((l) => l.mark.type === 'point')!;
  assert.is(points.encoding['shape']!.field, 'resources');
  const without = syntheticResults({ withAccuracy: false });
  assert.is(plotSpecs(without.results, without.cdf)['accuracy-p999'], undefined, 'no plot without accuracy');
});

test.run();
