import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderSvg } from '../../sim/report/plots/render-spec.js';

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

test.run();
