/**
 * The plot thread (plot-renderer.ts): loads the plotting libraries (vega, vega-lite, resvg) as it
 * starts, while the main thread simulates, and draws a small chart to warm their code (warmUp);
 * then draws a results folder's plots when asked ({ dir } → renderPlots(dir)).
 *
 * It loads them at the lowest priority: on two cores the loading competes with the main thread's
 * first simulations, while V8 is still optimising their code, and nothing waits for the plots
 * until the runs are done. The first request restores the priority, so what is left of the loading
 * and the warm-up, and all of the drawing, which the run then waits for, go at the normal one.
 * Only root may raise a priority again, so elsewhere it is not lowered at all.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { answerCalls } from '../threads.js';

const restore = lowerWhileLoading();
const loading = import('./render-plots.js');
let asked = false;
// Skipped if the request came first; a warm-up that fails costs nothing but its time.
const warming = loading.then((plots) => (asked ? undefined : plots.warmUp())).catch(() => {});
answerCalls(async ({ dir }: { dir: string }) => {
  asked = true;
  restore();
  await warming;
  return (await loading).renderPlots(dir);
});

/** Lowers this thread's priority (on Linux a thread's id names it as a process id would); returns what restores it, once. */
function lowerWhileLoading(): () => void {
  if (process.getuid?.() !== 0) return () => {};
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    const before = getPriority(thread);
    setPriority(thread, 19);
    let restored = false;
    return () => {
      if (restored) return;
      restored = true;
      try {
        setPriority(thread, before);
      } catch {
        // Drawing at the lowest priority is slower, not wrong: the plots still come.
      }
    };
  } catch {
    return () => {};
  }
}
