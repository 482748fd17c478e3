// parm-sim's library API: run with `node api-example.mjs` in a folder where parm-sim is installed.
import { existsSync, writeFileSync } from 'node:fs';
import { checkScenarios, describeRun, loadScenario, runScenario, writeResultsFolder } from 'parm-sim';

// A scenario is an object (or a .yaml/.json file) of the shape docs/scenario-reference.md describes.
const doc = {
  name: 'api-example',
  models: 'fashion-mnist-mlp', // real predictions, from the model set installed with parm-sim
  seed: 1,
  seeds: 3,
  queries: 5000,
  warmup: 500,
  arrivals: { process: 'poisson', rate: '200/s' },
  cluster: { instances: 4, service: { dist: 'lognormal', median: '10ms', sigma: 0.3 } },
  stragglers: { slowdowns: { hosts: 1, every: { dist: 'exponential', mean: '2s' }, duration: '200ms', factor: 4 } },
  strategies: ['none', { kind: 'parm', k: 2 }, { kind: 'replication', copies: 2, instances: 6 }],
  expect: ['parm.p999 < none.p999'],
};

// Overrides as on the command line (--set, --seeds, --queries); bad input throws an InputError
// that names the file or object, the field, what was expected and what was found.
const scenario = loadScenario(doc, { set: { 'arrivals.rate': '250/s' } });
const results = await runScenario(scenario, { workers: 2 });
console.log(await describeRun(results.results));

// The results folder `parm-sim run` writes: summary.json and .csv, cdf.csv, plots, report.html.
const { written } = await writeResultsFolder('results/api-example', results);
console.log(`wrote ${written.length} files to results/api-example/`);

// The CI gate on scenario files: the first run records the baseline, later runs compare with it.
writeFileSync('api-example.json', JSON.stringify(doc, null, 2));
const gate = await checkScenarios({ scenarios: ['api-example.json'], baseline: 'api-baseline.json', update: !existsSync('api-baseline.json') });
console.log(gate.text);
process.exitCode = gate.passed ? 0 : 1;
