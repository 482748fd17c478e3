import { threadCalls } from '../threads.js';
import type { renderPlots } from './render-plots.js';

export type RenderedPlots = Awaited<ReturnType<typeof renderPlots>>;

/** Draws a results folder's plots (renderPlots), here or in the plot thread. */
export interface PlotRenderer {
  render(dir: string): Promise<RenderedPlots>;
}

/** Draws them in this thread, loading the plotting libraries on first use. */
export const plotsHere: PlotRenderer = {
  render: async (dir) => (await import('./render-plots.js')).renderPlots(dir),
};

let shared: PlotRenderer | undefined;

/**
 * The plot thread, started now if it is not running yet (one per process, reused by every later
 * run), so that loading vega, vega-lite and resvg (about half a second) happens while the
 * simulation runs on the main thread, not after it (sim/threads.ts: it never keeps the process
 * alive while it waits, and a full disk still reads as one).
 */
export function plotsInBackground(): PlotRenderer {
  if (!shared) {
    const thread = threadCalls<{ dir: string }, RenderedPlots>(new URL('./plot-thread.js', import.meta.url));
    thread.start();
    shared = { render: (dir) => thread.call({ dir }) };
  }
  return shared;
}
