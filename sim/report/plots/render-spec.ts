import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAsync } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { plottingLibraries } from './libraries.js';
import { FontMetrics } from './font-metrics.js';
import { fontFamily, plotConfig } from './theme.js';
import type { Spec } from './plot-context.js';

const { vega, vegaLite } = plottingLibraries();

const fontNames = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'];
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = fontNames.map((f) => join(fontDir, f));
/**
 * The same three faces cut down to the scripts plots use (fonts/, scripts/subset-fonts.sh): resvg
 * shapes every text element with its font's tables, in time that grows with the font's size, and
 * with these a plot’s PNG takes about 60% of the time, byte for byte the same.
 */
const subsetFiles = fontNames.map((f) => fileURLToPath(new URL(`../../../../fonts/${f}`, import.meta.url)));
let subsetCoverage: FontMetrics | undefined;

/** The text item fields vega passes to its width measure. */
interface TextItem { fontSize?: number | string; fontWeight?: number | string; limit?: number }
/** vega's global text measure (in vega-scenegraph, re-exported by vega; not in its typings). */
const textMetrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
let measuresInstalled = false;

/**
 * Points vega's text measure at the DejaVu metrics, once per process. vega supports replacing
 * it (vl-convert does the same); the plots here are its only users.
 */
function measureTextWithDejaVu(): void {
  if (measuresInstalled) return;
  const [regular, bold] = [new FontMetrics(fontFiles[0]!), new FontMetrics(fontFiles[1]!)];
  textMetrics.width = (item, text) => {
    const value = text == null ? '' : String(text).trim();
    const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0;
    const weight = item.fontWeight;
    const isBold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    const width = (isBold ? bold : regular).width(value, size);
    // A limited text is truncated to fit its limit when drawn.
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
  measuresInstalled = true;
}

/** The spec as written to <name>.vl.json: the shared config merged in, so the file renders alike in the vega editor. */
export function completeSpec(spec: Spec): Spec {
  return { ...spec, config: plotConfig };
}

/**
 * vega-lite → vega → SVG, headless (renderer 'none': no canvas needed). Data files the spec
 * names (cdf.csv) are read from `folder`, and only from there.
 */
export async function renderSvg(spec: Spec, folder?: string): Promise<string> {
  measureTextWithDejaVu();
  const loader = folder === undefined ? undefined : folderLoader(folder);
  const view = new vega.View(vega.parse(vegaLite.compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none', ...(loader ? { loader } : {}) });
  try {
    return normaliseIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Reads the files a spec names from `folder`. The browser build's loader has no file system
 * (its `file` rejects); this one reads as the Node build's would, as text.
 */
function folderLoader(folder: string): ReturnType<typeof vega.loader> {
  const loader = vega.loader({ baseURL: `${folder}/`, mode: 'file' });
  loader.file = (path: string) => readFile(path, 'utf8');
  return loader;
}

/**
 * The longest side a PNG may have, in pixels. The plots bound themselves (panels, seeds) well
 * below it; this is the backstop that keeps a plot nobody foresaw from becoming an image no
 * viewer opens: such a plot is drawn smaller, never larger.
 */
export const PNG_MAX_SIDE = 4096;

/**
 * PNG at twice the SVG's size (less if that would pass PNG_MAX_SIDE), text set in the bundled
 * DejaVu fonts (never the machine's fonts, so PNGs are the same everywhere). Rasterised on
 * libuv's thread pool, so the next plot's vega work goes on meanwhile.
 */
export async function renderPng(svg: string): Promise<Buffer> {
  const [, width, height] = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg) ?? [];
  const side = Math.max(Number(width) || 0, Number(height) || 0);
  const zoom = side * 2 > PNG_MAX_SIDE ? Math.floor((PNG_MAX_SIDE / side) * 1000) / 1000 : 2;
  const image = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
    font: { fontFiles: fontsFor(svg), loadSystemFonts: false, defaultFontFamily: fontFamily },
  });
  return image.asPng();
}

/**
 * The subset fonts when they have a glyph for every character of the SVG, else the full ones (a
 * label in Cyrillic, say): the three subsets cover the same characters, so the regular one answers
 * for all. Markup is ASCII, so only the other characters, and any written as references, are checked.
 */
function fontsFor(svg: string): string[] {
  let others = '';
  for (const [match] of svg.matchAll(/[^\x00-\x7e]+|&#(x[0-9a-f]+|[0-9]+);/gi)) {
    others += match.startsWith('&#') ? String.fromCodePoint(Number(match.slice(2, -1).replace(/^x/i, '0x'))) : match;
  }
  if (others === '') return subsetFiles;
  subsetCoverage ??= new FontMetrics(subsetFiles[0]!);
  return subsetCoverage.covers(others) ? subsetFiles : fontFiles;
}

/**
 * vega numbers clip paths and gradients from a counter that lives as long as the process, so
 * the second rendering of the same plot would say clip3 where the first said clip1. Renumber
 * ids in order of appearance so the SVG depends on the spec alone.
 */
export function normaliseIds(svg: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1]!;
    if (!renamed.has(id)) renamed.set(id, `${id.replace(/[\d_]+$/, '')}-${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const to = renamed.get(id);
    return to === undefined ? whole : `${lead}${to}`;
  });
}
