/**
 * `npm test` executes every notebook, so that none can rot, and must stay fast: it sets
 * PARM_SIM_NOTEBOOKS_QUICK=1, and notebooks that simulate then run shortened scenarios.
 * `npm run notebooks` leaves it unset: the outputs committed with the notebooks come from full runs.
 */
export const quick = process.env['PARM_SIM_NOTEBOOKS_QUICK'] === '1';

/** Options for loadScenario, returned as given, or with a short run (2,000 measured queries after 500) when quick. */
export function shortenWhenQuick<Options extends { queries?: number; set?: readonly string[] }>(options: Options): Options {
  if (!quick) return options;
  return { ...options, queries: 2000, set: [...(options.set ?? []), 'warmup=500'] };
}
