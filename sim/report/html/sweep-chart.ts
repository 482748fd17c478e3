import { completeSpec } from '../plots/render-spec.js';
import { sweepP999Plot } from '../plots/sweep-p999.js';
import type { PlotContext, Spec } from '../plots/plot-context.js';
import { controlParams, hiddenFilter } from './interaction.js';

/**
 * p99.9 and median against the swept parameter: sweep-p999's spec (plots/) with strategies
 * that can be hidden and a tooltip on every measured point. Null without a sweep.
 */
export function sweepChart(ctx: PlotContext): Spec | null {
  const plot = sweepP999Plot(ctx);
  if (plot === null) return null;
  const spec = plot.spec as Spec & { spec?: Spec; layer?: Spec[] };
  // Panels (several swept parameters) keep the layers in their inner spec.
  const panel = (spec.spec ?? spec) as { layer: Spec[] };
  const [band, line] = panel.layer as [Spec, Spec & { encoding: Record<string, Spec> }];
  const x = line.encoding.x!;
  const tooltip = [
    { field: 'strategy', type: 'nominal' },
    { field: 'statistic', type: 'nominal' },
    { field: 'x', type: x.type, title: x.title },
    ...(spec.spec ? [{ field: 'panel', type: 'nominal' }] : []),
    { field: 'mean', type: 'quantitative', title: 'latency (ms)', format: '.2f' },
    { field: 'lo', type: 'quantitative', title: '95% interval from (ms)', format: '.2f' },
    { field: 'hi', type: 'quantitative', title: '95% interval to (ms)', format: '.2f' },
  ];
  const layer = [band, { ...line, encoding: { ...line.encoding, tooltip } }];
  const inner = spec.spec ? { spec: { ...spec.spec, layer } } : { layer };
  return completeSpec({ ...spec, ...inner, params: controlParams(ctx.sweeps[0] ?? ''), transform: [hiddenFilter] });
}
