/**
 * The plot thread (plot-renderer.ts): loads the plotting libraries (vega, vega-lite, resvg) as it
 * starts, while the main thread simulates, then draws a results folder's plots when asked.
 * Request: { call, dir }; reply: { call, value: renderPlots's result } or { call, error: { message,
 * code, path, syscall } }.
 */
import { parentPort } from 'node:worker_threads';
import { renderPlots } from './render-plots.js';

parentPort?.on('message', async ({ call, dir }: { call: number; dir: string }) => {
  try {
    parentPort!.postMessage({ call, value: await renderPlots(dir) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    parentPort!.postMessage({ call, error: { message: e instanceof Error ? e.message : String(err), code: e.code, path: e.path, syscall: e.syscall } });
  }
});
