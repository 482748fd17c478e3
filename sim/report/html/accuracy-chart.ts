import { completeSpec } from '../plots/render-spec.js';
import type { PlotContext, Spec } from '../plots/plot-context.js';
import { accuracyP999Plot } from '../plots/accuracy-p999.js';
import { controlParams, hiddenFilter, POINT } from './interaction.js';

/**
 * The accuracy-p999 plot (plots/accuracy-p999.ts) made interactive: strategies switched off by
 * the page's checkboxes, and across a sweep the point chosen in the page drawn larger. Null when
 * the runs have no accuracy.
 */
export function accuracyChart(ctx: PlotContext): Spec | null {
  const swept = ctx.sweeps.length > 1;
  const plot = accuracyP999Plot(ctx, swept ? { condition: { test: `datum.sweep === ${POINT}`, value: 160 }, value: 40 } : { value: 100 });
  if (plot === null) return null;
  return completeSpec({ ...plot.spec, params: controlParams(ctx.sweeps[0] ?? ''), transform: [hiddenFilter] });
}
