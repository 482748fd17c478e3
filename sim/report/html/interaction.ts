import type { Spec } from '../plots/plot-context.js';

/*
 * The signals the page's controls set on every chart (page-script.ts): which strategies are
 * hidden and which sweep point the distribution charts show. Every chart declares both, so the
 * page can set them on all charts alike.
 */

/** Strategies the reader has switched off (checkboxes above the charts). */
export const HIDDEN = 'hidden';
/** The sweep point (its label, as in cdf.csv) the distribution charts show. */
export const POINT = 'point';

/** The two parameters, with the page's starting values: nothing hidden, the first point. */
export function controlParams(firstPoint: string): Spec[] {
  return [{ name: HIDDEN, value: [] }, { name: POINT, value: firstPoint }];
}

/** Drops the rows of hidden strategies; the colour scale keeps its explicit domain, so colours never move. */
export const hiddenFilter: Spec = { filter: `indexof(${HIDDEN}, datum.strategy) < 0` };

/** Keeps the rows of the chosen sweep point. */
export const pointFilter: Spec = { filter: `datum.sweep === ${POINT}` };

/**
 * A layer of points that appear under the pointer, with a tooltip: the nearest data point to
 * the pointer is shown and described. On lines of a hundred quantiles each, visible points
 * everywhere would bury the lines; invisible ones that light up keep the plot as printed.
 */
export function hoverLayer(x: Spec, y: Spec, colour: Spec, tooltip: Spec[]): Spec {
  return {
    params: [{ name: 'hover', select: { type: 'point', on: 'pointerover', nearest: true, clear: 'pointerout' } }],
    mark: { type: 'point', filled: true, size: 60 },
    encoding: {
      // The layers share one legend: keep it the plot's (a line per strategy), not this layer's dot.
      x, y, color: { ...colour, legend: { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 3 } }, tooltip,
      opacity: { condition: { param: 'hover', empty: false, value: 1 }, value: 0 },
    },
  };
}
