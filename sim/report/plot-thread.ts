/**
 * The plot thread (plot-renderer.ts): loads the plotting libraries (vega, vega-lite, resvg) as it
 * starts, while the main thread simulates, then draws a results folder's plots when asked.
 * Request: { dir }; reply: { value: renderPlots's result } or { error: { message, code, path } }.
 */
import { parentPort } from 'node:worker_threads';
import { renderPlots } from './render-plots.js';

parentPort?.on('message', async ({ dir }: { dir: string }) => {
  try {
    parentPort!.postMessage({ value: await renderPlots(dir) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    parentPort!.postMessage({ error: { message: e instanceof Error ? e.message : String(err), code: e.code, path: e.path, syscall: e.syscall } });
  }
});
