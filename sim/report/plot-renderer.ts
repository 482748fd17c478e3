import { Worker } from 'node:worker_threads';
import type { PlotFailure } from './render-plots.js';

export interface RenderedPlots { written: string[]; failed: PlotFailure[]; upgradedFrom?: number }

/** Draws a results folder's plots (renderPlots), here or in the plot thread. */
export interface PlotRenderer {
  render(dir: string): Promise<RenderedPlots>;
}

/** Draws them in this thread, loading the plotting libraries on first use. */
export const plotsHere: PlotRenderer = {
  render: async (dir) => (await import('./render-plots.js')).renderPlots(dir),
};

/**
 * Starts the plot thread now, so that loading vega, vega-lite and resvg (about half a second)
 * happens while the simulation runs on the main thread, not after it. The thread never keeps
 * the process alive while it waits; a failure to draw comes back as the error renderPlots threw
 * (its code kept, so a full disk still reads as one).
 */
export function plotsInBackground(): PlotRenderer {
  const worker = new Worker(new URL('./plot-thread.js', import.meta.url));
  worker.unref();
  return {
    render: (dir) =>
      new Promise((resolve, reject) => {
        worker.ref();
        worker.once('message', (reply: { value: RenderedPlots } | { error: { message: string; code?: string; path?: string; syscall?: string } }) => {
          worker.unref();
          if ('value' in reply) return resolve(reply.value);
          reject(Object.assign(new Error(reply.error.message), reply.error));
        });
        worker.once('error', (err) => {
          worker.unref();
          reject(err);
        });
        worker.postMessage({ dir });
      }),
  };
}
