/**
 * The scenario file format, top level: the one description that the validator walks and
 * write-schema publishes as scenarios/schema.json.
 */
import { either, list, object, optional, record, required, withDefault } from '../../input/composites.js';
import { bool, int, num, str } from '../../input/scalars.js';
import { quantity } from '../nodes/quantity.js';
import { claim } from './claims.js';
import { faults, stragglers } from './environment.js';
import { strategies } from './strategies.js';
import { arrivals, cluster, network } from './workload.js';

export const NAME_PATTERN = '^[a-z0-9][a-z0-9._-]*$';

const sweepValue = either<string | number | boolean>('a value (text, number or true/false)', [
  { when: (v) => typeof v === 'string', node: str() },
  { when: (v) => typeof v === 'number', node: num() },
  { when: (v) => typeof v === 'boolean', node: bool() },
]);

export const scenarioFormat = object({
  name: required(str({ regex: NAME_PATTERN, meaning: 'a name of lower-case letters, digits, ".", "_" or "-" (it names the results folder)' }), 'Names the results folder.'),
  description: optional(str(), 'Free text.'),
  seed: withDefault(int(0), 1, 'Root seed; every random stream derives from it.'),
  seeds: withDefault(int(1), 1, 'Independent replications, with seeds seed, seed+1, …'),
  queries: required(int(1), 'Measured queries (after the warm-up).'),
  warmup: optional(int(0), 'Queries run before measuring starts (default: 5% of queries, rounded).'),
  samples: withDefault(int(1), 10000, 'Size of the data set that query sample indices are drawn from.'),
  deadline: optional(quantity('duration', 'positive'), 'Unanswered queries get the default answer this long after arrival.'),
  drain: optional(quantity('duration', 'positive'), 'How long after the last arrival the run may go on; queries unanswered then are reported unfinished or lost (default: as long as the arrivals took, at least 60s).'),
  arrivals: required(arrivals, 'How queries arrive, and their request and response sizes.'),
  cluster: required(cluster, 'The data instances serving the deployed model.'),
  network: withDefault(network, {}, 'Latency and bandwidth between the frontend and the hosts.'),
  stragglers: withDefault(stragglers, {}, 'Background load that slows hosts.'),
  faults: withDefault(faults, [], 'Host failures and scripted slowdowns.'),
  strategies: required(strategies, 'The strategies to compare, under common random numbers.'),
  models: optional(str({ regex: '^[A-Za-z0-9][A-Za-z0-9._-]*$', meaning: 'the name of a model set under models/' }), 'Model set under models/ for real predictions; none: latency only.'),
  sweep: withDefault(record(list(sweepValue, 1, 'values (texts, numbers or true/false)'), 'an object mapping a scenario path to a non-empty list of values'), {}, 'Path → values; several paths give their cartesian product, in the order written.'),
  expect: withDefault(list(claim()), [], 'Claims checked after the run, e.g. "parm.p999 < 0.6 * equal-resources.p999"; a mapping `every-seed: claim` or `ci95: claim` judges it at every seed, or on 95% bootstrap intervals across seeds, instead of on the means.'),
}, 'the scenario');
