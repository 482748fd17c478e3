import type { CdfPoint, ResultsFile } from '../../metrics/types.js';
import { sweepLabel } from '../../metrics/sweep-label.js';
import { strategyColours } from './theme.js';

/** A vega-lite spec under construction; checked by vega-lite itself when rendered. */
export type Spec = Record<string, unknown>;

/** A plot: its file name stem (name.vl.json/.svg/.png) and its vega-lite spec with data inlined. */
export interface Plot { name: string; spec: Spec }

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
  seeds: number[];
  /**
   * The points the distribution plots draw: every seed for a single point, the first seed only
   * across a sweep (a line per seed in every panel would bury the comparison).
   */
  distribution: CdfPoint[];
  /** The seeds the distribution plots draw. */
  drawnSeeds: number[];
}

export function plotContext(results: ResultsFile, cdf: CdfPoint[]): PlotContext {
  const kinds = new Map<string, string>();
  for (const run of results.runs) if (!kinds.has(run.strategy)) kinds.set(run.strategy, run.kind);
  for (const p of cdf) if (!kinds.has(p.strategy)) kinds.set(p.strategy, '');
  const sweeps = unique([...results.runs.map((r) => sweepLabel(r.sweep)), ...cdf.map((p) => p.sweep)]);
  const seeds = unique([...results.runs.map((r) => r.seed), ...cdf.map((p) => p.seed)]);
  const strategies = [...kinds.keys()];
  const drawnSeeds = sweeps.length > 1 && seeds.length > 1 ? seeds.slice(0, 1) : seeds;
  const distribution = cdf.filter((p) => drawnSeeds.includes(p.seed));
  return {
    results, cdf, scenario: results.scenario.name, strategies, sweeps: sweeps.length > 0 ? sweeps : [''], seeds, distribution, drawnSeeds,
    colour: strategyColours(strategies.map((strategy) => ({ strategy, kind: kinds.get(strategy)! }))),
  };
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

export function colourEncoding(ctx: PlotContext): Spec {
  return { field: 'strategy', type: 'nominal', title: 'strategy', scale: ctx.colour, sort: ctx.strategies };
}

/** How a per-seed plot says what it shows. */
export function seedNote(ctx: PlotContext): string {
  if (ctx.drawnSeeds.length > 1) return `${ctx.drawnSeeds.length} seeds, one line each`;
  const seed = `seed ${ctx.drawnSeeds[0] ?? ctx.results.scenario.seed}`;
  return ctx.seeds.length > 1 ? `${seed} of ${ctx.seeds.length} (percentiles: all seeds)` : seed;
}

/**
 * One panel, or one panel per sweep point (in sweep order, at most three across) sharing axes,
 * so strategies compare within a panel and points compare across panels.
 */
export function panelled(ctx: PlotContext, title: Spec, data: object[] | DataSource, panel: Spec, size: { width: number; height: number }): Spec {
  const source = Array.isArray(data) ? { data: { values: data } } : { data: data.data, transform: data.transform };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, ...source };
  if (ctx.sweeps.length <= 1) return { ...base, ...size, ...panel };
  const facetSize = { width: Math.round(size.width * 0.62), height: Math.round(size.height * 0.75) };
  return {
    ...base,
    facet: { field: 'sweep', type: 'ordinal', sort: ctx.sweeps, header: { title: null, labelFontWeight: 'bold' } },
    columns: Math.min(3, ctx.sweeps.length),
    spec: { ...facetSize, ...panel },
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
