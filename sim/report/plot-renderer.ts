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

type PlotReply = { call: number; value: RenderedPlots } | { call: number; error: { message: string; code?: string; path?: string; syscall?: string } };

let shared: PlotRenderer | undefined;

/**
 * The plot thread, started now if it is not running yet (one per process, reused by every later
 * run), so that loading vega, vega-lite and resvg (about half a second) happens while the
 * simulation runs on the main thread, not after it. The thread never keeps the process alive
 * while it waits; a failure to draw comes back as the error renderPlots threw (its code kept, so
 * a full disk still reads as one).
 */
export function plotsInBackground(): PlotRenderer {
  shared ??= startPlotThread();
  return shared;
}

function startPlotThread(): PlotRenderer {
  const worker = new Worker(new URL('./plot-thread.js', import.meta.url));
  let calls = 0;
  const waiting = new Map<number, { resolve: (plots: RenderedPlots) => void; reject: (err: Error) => void }>();
  worker.on('message', (reply: PlotReply) => {
    const w = waiting.get(reply.call);
    waiting.delete(reply.call);
    if (waiting.size === 0) worker.unref();
    if ('value' in reply) w?.resolve(reply.value);
    else w?.reject(Object.assign(new Error(reply.error.message), reply.error));
  });
  worker.on('error', (err) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    shared = undefined;
  });
  // After the listeners: adding a 'message' listener would hold the process again.
  worker.unref();
  return {
    render: (dir) =>
      new Promise((resolve, reject) => {
        const call = ++calls;
        if (waiting.size === 0) worker.ref();
        waiting.set(call, { resolve, reject });
        worker.postMessage({ call, dir });
      }),
  };
}
