/**
 * What `--help` lists of each command, in its order: its usage and one line. A command's module
 * spreads its entry into its CommandModule; commands/index.ts pairs each entry with its module.
 * Kept apart from both so that neither imports the other.
 */
export const listing = {
  run: {
    command: 'run <scenario>',
    describe: 'Run a scenario and write results/<name>/ (summary.json, summary.csv, cdf.csv, plots)',
  },
  sweep: {
    command: 'sweep <scenario>',
    describe: 'Run a scenario over a sweep (from the file, or a list given with --set) in parallel across cores',
  },
  merge: {
    command: 'merge <shards..>',
    describe: 'Combine the shard files of `run/sweep --shard I/N` into the results folder the unsharded run writes',
  },
  plot: {
    command: 'plot <results-dir>',
    describe: 'Re-render the plots (.vl.json, .svg, .png) and the interactive report.html of a results folder from its summary.json and cdf.csv',
  },
  check: {
    command: 'check <scenarios..>',
    describe: 'Run scenarios and compare p50, p99, p99.9 (and accuracy) with a committed baseline; exit 1 on a regression or a failed expect claim',
  },
  emulate: {
    command: 'emulate <scenario>',
    describe: 'Run a scenario on an emulated cluster (network namespaces, tbf-shaped NICs, real TCP, real models; every strategy kind, coded ones included; needs root) and write its results folder',
  },
  validate: {
    command: 'validate <scenario>',
    describe: 'Run a scenario in the simulator and on the emulated cluster (needs root); print p50…p99.9 and stalls side by side with the error',
  },
  models: {
    command: 'models',
    describe: 'List the model sets (deployed, parity and backup models) with the accuracy figures their manifests record',
  },
  accuracy: {
    command: 'accuracy <set>',
    describe: 'Recompute available, degraded-mode and reconstruction accuracy on the manifest\'s groups (exit 1 if they differ by more than 0.5 points), and measure Berrut coding\'s',
  },
  calibrate: {
    command: 'calibrate <set>',
    describe: 'Measure inference latency per batch size (one thread) and write a batch_size,ms CSV service-time profile',
  },
} as const satisfies Record<string, { command: string; describe: string }>;

export type CommandName = keyof typeof listing;
