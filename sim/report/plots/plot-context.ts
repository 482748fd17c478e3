import type { CdfPoint, ResultsFile } from '../../metrics/types.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import { strategyColours } from './theme.js';

/** A vega-lite spec under construction; checked by vega-lite itself when rendered. */
export type Spec = Record<string, unknown>;

/** A plot: its file name stem (name.vl.json/.svg/.png) and its vega-lite spec with data inlined. */
export interface Plot { name: string; spec: Spec }

/**
 * At most this many panels per plot: a 12-point sweep is 4 rows of 3, about 2,500 pixels tall in
 * the PNG; a 1,000-point sweep would be 55,000. Beyond it the distribution and percentile plots
 * draw a chosen few points and sweep-p999 (one x value per point) carries them all.
 */
export const PANEL_LIMIT = 12;
/** At most this many seeds drawn as a line each: beyond it a band across seeds says more than a thicket of lines. */
export const SEED_LINES = 5;

/** What every plot of one results folder shares: names, orders and colours, computed once. */
export interface PlotContext {
  results: ResultsFile;
  cdf: CdfPoint[];
  scenario: string;
  /** Strategies in the order the results list them; the colour scale follows this order. */
  strategies: string[];
  colour: { domain: string[]; range: string[] };
  /** Sweep labels in results order ("" alone when there is no sweep). */
  sweeps: string[];
  /**
   * The sweep points the distribution and percentile plots draw, one panel each: every point up
   * to PANEL_LIMIT, else the first, the median and the last (`sweepNote` says so).
   */
  shownSweeps: string[];
  seeds: number[];
  /**
   * The points the distribution plots draw, at the shown sweep points: every seed for a single
   * point, the first seed only across a sweep (a line per seed in every panel would bury the
   * comparison); every seed when they are drawn as a band.
   */
  distribution: CdfPoint[];
  /** The seeds the distribution plots draw. */
  drawnSeeds: number[];
  /** More than SEED_LINES seeds: the distribution plots draw a min–max band across seeds and their median, not a line per seed. */
  band: boolean;
}

export function plotContext(results: ResultsFile, cdf: CdfPoint[]): PlotContext {
  const kinds = new Map<string, string>();
  for (const run of results.runs) if (!kinds.has(run.strategy)) kinds.set(run.strategy, run.kind);
  for (const p of cdf) if (!kinds.has(p.strategy)) kinds.set(p.strategy, '');
  // Sets filled in place: cdf holds a row per quantile of every run (millions at sweep scale).
  const sweepSet = new Set<string>(), seedSet = new Set<number>();
  for (const run of results.runs) {
    sweepSet.add(sweepLabel(run.sweep));
    seedSet.add(run.seed);
  }
  for (const p of cdf) {
    sweepSet.add(p.sweep);
    seedSet.add(p.seed);
  }
  const sweeps = [...sweepSet], seeds = [...seedSet];
  const strategies = [...kinds.keys()];
  const band = seeds.length > SEED_LINES;
  const drawnSeeds = !band && sweeps.length > 1 && seeds.length > 1 ? seeds.slice(0, 1) : seeds;
  const shownSweeps = sweeps.length > PANEL_LIMIT ? chosenPoints(sweeps) : sweeps;
  const drawn = new Set(drawnSeeds);
  const shown = new Set(shownSweeps);
  const distribution = cdf.filter((p) => drawn.has(p.seed) && (shownSweeps.length === 0 || shown.has(p.sweep)));
  return {
    results, cdf, scenario: results.scenario.name, strategies, sweeps: sweeps.length > 0 ? sweeps : [''],
    shownSweeps: shownSweeps.length > 0 ? shownSweeps : [''], seeds, distribution, drawnSeeds, band,
    colour: strategyColours(strategies.map((strategy) => ({ strategy, kind: kinds.get(strategy)! }))),
  };
}

/** The first, median and last of a list (in its order): what a plot with room for a few shows of many. */
export function chosenPoints<T>(all: readonly T[]): T[] {
  return unique([all[0]!, all[Math.floor((all.length - 1) / 2)]!, all[all.length - 1]!]);
}

/** What the subtitle says when a plot draws only some sweep points ("" when it draws them all). */
export function sweepNote(ctx: PlotContext): string {
  if (ctx.shownSweeps.length === ctx.sweeps.length) return '';
  return `; ${ctx.shownSweeps.length} of ${ctx.sweeps.length} sweep points (first, median, last; sweep-p999 has them all)`;
}

/** Whether the plot draws only part of cdf.csv: then the rows it needs are inlined rather than the whole file read. */
export function drawsPart(ctx: PlotContext): boolean {
  return ctx.band || ctx.shownSweeps.length < ctx.sweeps.length;
}

/** Data read from a file of the results folder, with the transforms that select what a plot draws. */
export interface DataSource { data: Spec; transform: Spec[] }

/**
 * The distribution plots read cdf.csv beside them rather than carry thousands of inlined rows:
 * the folder already holds the data once, and the specs stay small enough to read.
 */
export function cdfSource(ctx: PlotContext, transform: Spec[]): DataSource {
  return {
    data: { url: 'cdf.csv', format: { type: 'csv', parse: { seed: 'number', quantile: 'number', latency_ms: 'number' } } },
    transform: [{ filter: { field: 'seed', oneOf: ctx.drawnSeeds } }, { filter: 'isValid(datum.latency_ms)' }, ...transform],
  };
}

/**
 * Colour by strategy. The scale's explicit domain sets the legend's order; no `sort` with it:
 * vega-lite turns a custom sort into an aggregate keyed by the value in a plain object, so a
 * strategy labelled `constructor` or `toString` broke every plot.
 */
export function colourEncoding(ctx: PlotContext): Spec {
  return { field: 'strategy', type: 'nominal', title: 'strategy', scale: ctx.colour };
}

/** How a per-seed plot says what it shows. */
export function seedNote(ctx: PlotContext): string {
  if (ctx.band) return `band: fastest to slowest of ${ctx.drawnSeeds.length} seeds at each quantile, line: their median`;
  if (ctx.drawnSeeds.length > 1) return `${ctx.drawnSeeds.length} seeds, one line each`;
  const seed = `seed ${ctx.drawnSeeds[0] ?? ctx.results.scenario.seed}`;
  return ctx.seeds.length > 1 ? `${seed} of ${ctx.seeds.length} (percentiles: all seeds)` : seed;
}

/**
 * One panel, or one panel per shown sweep point (in sweep order, at most three across) sharing
 * axes, so strategies compare within a panel and points compare across panels. Data rows must
 * be at the shown points only (a facet draws a panel for every value it finds).
 */
export function panelled(ctx: PlotContext, title: Spec, data: object[] | DataSource, panel: Spec, size: { width: number; height: number }): Spec {
  const source = Array.isArray(data) ? { data: { values: data } } : { data: data.data, transform: data.transform };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, ...source };
  if (ctx.shownSweeps.length <= 1) return { ...base, ...size, ...panel };
  const facetSize = { width: Math.round(size.width * 0.62), height: Math.round(size.height * 0.75) };
  return {
    ...base,
    facet: { field: 'sweep', type: 'ordinal', sort: ctx.shownSweeps, header: { title: null, labelFontWeight: 'bold' } },
    columns: Math.min(3, ctx.shownSweeps.length),
    spec: { ...facetSize, ...panel },
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
