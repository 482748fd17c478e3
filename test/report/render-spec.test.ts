import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { completeSpec, renderPng, renderSvg } from '../../sim/report/plots/render-spec.js';
import { warmUp } from '../../sim/report/render-plots.js';

const test = suite('report/plots/render-spec');

test('the same spec renders to the same SVG however many plots came before (clip ids included)', async () => {
  const spec = {
    data: { values: [{ x: 1, y: 1 }, { x: 2, y: 5 }] },
    mark: { type: 'line', clip: true },
    encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1.5] } }, y: { field: 'y', type: 'quantitative' } },
  };
  const first = await renderSvg(spec);
  const second = await renderSvg(spec);
  assert.match(first, /clip-path="url\(#/, 'the spec does clip');
  assert.is(second, first);
});

test('the plot thread\'s warm-up chart changes nothing later plots draw', async () => {
  const spec = completeSpec({
    title: { text: 'p99.9', subtitle: 'by strategy' },
    data: { values: [{ s: 'parm', x: 1, q: 0.5 }, { s: 'none', x: 30, q: 0.9 }] },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: { x: { field: 'x', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'q', type: 'quantitative', axis: { format: '.0%' } }, color: { field: 's', type: 'nominal' } },
  });
  const before = await renderSvg(spec);
  await warmUp();
  assert.is(await renderSvg(spec), before);
});

test('text is laid out with the font the PNG uses: a longer label gets a wider legend', async () => {
  const legendWidth = async (name: string) => {
    const svg = await renderSvg({
      data: { values: [{ s: name }] }, mark: 'point', encoding: { color: { field: 's', type: 'nominal' } },
      config: { font: 'DejaVu Sans' },
    });
    return Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
  };
  // 10 × 'i' vs 10 × 'W': a per-character estimate would give equal widths.
  assert.ok((await legendWidth('WWWWWWWWWW')) - (await legendWidth('iiiiiiiiii')) > 40);
});

test('a PNG comes out as the full DejaVu fonts draw it, whether or not its text is within the bundled subsets', async () => {
  const ttf = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const full = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(ttf, f));
  const withFullFonts = (svg: string) =>
    new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { fontFiles: full, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
  const labelled = (label: string) => renderSvg({
    data: { values: [{ s: label, x: 1 }] }, mark: 'bar', encoding: { y: { field: 's', type: 'nominal', title: 'p99.9 − p50 (ms) …' }, x: { field: 'x', type: 'quantitative' } },
    config: { font: 'DejaVu Sans' },
  });
  // Latin, a kerned pair and bold text: within the subsets. Cyrillic: only in the full fonts (with
  // the subsets it would be drawn as missing-glyph boxes).
  for (const label of ['AVATAR Wave', 'Ѐкран']) {
    const svg = await labelled(label);
    assert.ok(Buffer.from(await renderPng(svg)).equals(Buffer.from(withFullFonts(svg))), label);
  }
});

test.run();
