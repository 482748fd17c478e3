/**
 * The plot thread (plot-renderer.ts): loads the plotting libraries (vega, vega-lite, resvg) as it
 * starts, while the main thread simulates, then draws a results folder's plots when asked
 * ({ dir } → renderPlots(dir)).
 */
import { answerCalls } from '../threads.js';
import { renderPlots } from './render-plots.js';

answerCalls(({ dir }: { dir: string }) => renderPlots(dir));
