/**
 * report.html as text, without a browser (browser.test.ts draws it): self-contained, escaped,
 * deterministic, its data intact. Labels that break naive code: markup, quotes, and names that
 * are properties of every JavaScript object.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toColumns } from '../../sim/report/html/columns.js';
import { PICK_LIMIT } from '../../sim/report/html/pickable-points.js';
import { reportHtml } from '../../sim/report/html/report-html.js';
import { runTable } from '../../sim/report/table/run-table.js';
import { syntheticResults } from './synthetic-results.js';

const test = suite('report/html');
const labels = ['</script><b>bold', 'say "hi" & \'bye\'', 'constructor'];
const { results, cdf } = syntheticResults({ withAccuracy: true, labels, withQueries: false });
const html = reportHtml(results, cdf);

interface PageData { charts: { id: string; spec: Record<string, unknown>; dataset?: string }[]; datasets: Record<string, ReturnType<typeof toColumns>> }

function pageData(page: string): PageData {
  const match = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(page);
  assert.ok(match, 'the page carries its data in one JSON script element');
  return JSON.parse(match[1]!) as PageData;
}

test('the same results give the same bytes', () => {
  assert.ok(reportHtml(results, cdf) === html);
});

test('self-contained: no element of the page loads anything, its style fetches nothing', () => {
  // The markup, scripts' contents left out (what the libraries do when run, browser.test.ts watches).
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
  assert.not.match(markup, /<(script|img|link|iframe|source|object|embed)\b[^>]*\s(src|href|data)=/i);
  assert.not.match(markup, /@import|url\(/);
  // Three libraries, the data and the page's own script: five script elements, each closed once.
  assert.is(html.match(/<script\b/g)?.length, 5);
  assert.is(html.match(/<\/script>/g)?.length, 5);
});

test('labels are escaped in the markup and survive in the data', () => {
  assert.not.ok(html.includes('<b>bold'), 'no label becomes markup');
  assert.ok(html.includes('&#60;/script&#62;&#60;b&#62;bold'));
  assert.ok(html.includes('data-strategy="say &#34;hi&#34; &#38; &#39;bye&#39;"'));
  const data = pageData(html);
  const strategy = data.datasets.distribution!.columns.strategy as { values: string[] };
  assert.equal(strategy.values, labels);
});

test('the charts of a sweep with accuracy, and the run table as the CLI prints it', () => {
  const data = pageData(html);
  assert.equal(data.charts.map((c) => c.id), ['latency-cdf', 'tail-ccdf', 'sweep-p999', 'accuracy-p999']);
  for (const chart of data.charts) {
    const params = (chart.spec.params as { name: string }[]).map((p) => p.name);
    assert.ok(params.includes('hidden') && params.includes('point'), `${chart.id} declares the page's controls`);
  }
  const table = runTable(results);
  for (const cell of [...table.header, ...table.rows.flatMap((r) => r.cells)]) {
    const text = cell.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
    assert.ok(html.includes(`>${text}</t`), `run table cell ${cell}`);
  }
  // The picker offers every sweep point, in order.
  assert.ok(html.includes('<option value="arrivals.rate=150/s">arrivals.rate=150/s</option><option value="arrivals.rate=270/s">'));
});

test('a sweep of more points than the picker offers: 50 evenly spaced in the picker, the distributions and the tables; the sweep chart has all', () => {
  const many = syntheticResults({ points: 60, seeds: 1, queries: 1100, withQueries: false });
  const page = reportHtml(many.results, many.cdf);
  const options = [...page.matchAll(/<option value="([^"]*)">/g)].map((m) => m[1]!);
  assert.is(options.length, PICK_LIMIT);
  assert.is(options[0], 'arrivals.rate=100/s');
  assert.is(options[options.length - 1], 'arrivals.rate=159/s');
  assert.match(page, `the picker and the tables offer ${PICK_LIMIT} of the 60 sweep points`);
  const data = pageData(page);
  assert.equal((data.datasets.distribution!.columns.sweep as { values: string[] }).values, options);
  const rows = new Set([...page.matchAll(/<tr data-sweep="([^"]*)">/g)].map((m) => m[1]!));
  assert.equal([...rows].sort(), [...options].sort(), 'table rows at the pickable points only');
  const sweep = data.charts.find((c) => c.id === 'sweep-p999')!.spec as { data: { values: { x: number }[] } };
  assert.is(new Set(sweep.data.values.map((v) => v.x)).size, 60, 'the sweep chart carries every point');
});

test('columns: text as a dictionary, numbers as they are, latencies to 0.1 µs, non-finite as null', () => {
  const rows = [
    { strategy: 'a', quantile: 0.5, latency_ms: 13.863299999999999 },
    { strategy: 'b', quantile: 0.99, latency_ms: Infinity },
    { strategy: 'a', quantile: 1, latency_ms: 2.5 },
  ];
  assert.equal(toColumns(rows), {
    length: 3,
    columns: { strategy: { values: ['a', 'b'], codes: [0, 1, 0] }, quantile: [0.5, 0.99, 1], latency_ms: [13.8633, null, 2.5] },
  });
  assert.throws(() => toColumns([{ x: 1 }, { x: 'one' }]), /mixes text and numbers/);
});

test.run();
