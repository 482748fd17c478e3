/** The `strategies` list: each item a kind name, or an object with `kind` and its parameters. */
import { constrained, fail, mapped } from '../../input/core.js';
import { either, list, object, optional, required, withDefault } from '../../input/composites.js';
import { bool, choice, int, str } from '../../input/scalars.js';
import { quantity } from '../nodes/quantity.js';
import { tagged } from '../../input/tagged.js';
import { distribution } from './distributions.js';

export const LABEL_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';

/** `pNN`, `pNN.N`, or the metrics' compact form `p999` (= p99.9). */
const PERCENTILE = /^p(\d{1,2})(?:\.(\d+)|(\d+))?$/;

/**
 * The quantile a percentile names, as a fraction in (0, 1): p95 → 0.95, p99.9 and p999 → 0.999
 * (the hedged strategy takes that element of its sorted window). Built from the digits rather
 * than divided by 100, so p99.9 is exactly 0.999.
 */
export function readPercentile(text: string): number | undefined {
  const match = PERCENTILE.exec(text);
  // p100 or p950 would read as 10.0 and 95.0: a compact form ends in a non-zero digit.
  if (!match || /^0+$/.test(match[3] ?? '1')) return undefined;
  const value = Number(`0.${match[1]!.padStart(2, '0')}${match[2] ?? match[3] ?? ''}`);
  return value > 0 ? value : undefined;
}

/**
 * What readPercentile reads, for the schema: one or two digits, then a fraction or (after two
 * digits) compact digits not all zero (p950 and p100 are no percentiles), and not zero itself.
 */
export const PERCENTILE_PATTERN = '^p(?!0+(\\.0+)?$)(\\d{1,2}|\\d{1,2}\\.\\d+|\\d{2}\\d*[1-9]\\d*)$';
const PERCENTILE_MEANING = 'a percentile such as p95, p99.9 or p999 (above p0, below p100)';
const percentile = mapped(str({ regex: PERCENTILE_PATTERN, meaning: PERCENTILE_MEANING }), (text, path, ctx) => {
  const value = readPercentile(text);
  if (value === undefined) fail(ctx, path, PERCENTILE_MEANING, text); // the pattern lets none through; readPercentile is the reference
  return value;
});

const hedgeAfter = either<{ fixed: number } | { percentile: number }>('a duration such as 5ms, or a percentile such as p95', [
  { when: (v) => typeof v === 'string' && v.startsWith('p'), node: mapped(percentile, (p) => ({ percentile: p })) },
  { when: () => true, node: mapped(quantity('duration', 'non-negative'), (ms) => ({ fixed: ms })) },
]);

const groupTimeout = either<number>('a duration such as 20ms, or `none`', [
  { when: (v) => v === 'none', node: mapped(choice('none'), () => Infinity) },
  { when: () => true, node: quantity('duration', 'positive') },
]);

/** When a degraded answer may be given: `first` (at once), or `{prefer: original, wait: 30ms}`. */
const answerPolicy = either<number>('`first`, or {prefer: original, wait: DURATION}', [
  { when: (v) => v === 'first', node: mapped(choice('first'), () => 0) },
  { when: () => true, node: mapped(object({
    prefer: required(choice('original'), 'The answer to wait for.'),
    wait: required(quantity('duration', 'non-negative'), 'How long after its batch was dispatched a degraded answer is held back while the original may still come.'),
  }, 'an answer policy'), (policy) => policy.wait) },
]);
/** The collage layouts the encoder and the classifiers know: 2x2 and 3x3 tiles. */
const COLLAGE_KS = [4, 9];
const collageK = constrained(int(4, 9), {
  check: (k, path, ctx) => {
    if (!COLLAGE_KS.includes(k)) fail(ctx, path, 'a k of 4 or 9 (a 2x2 or 3x3 collage)', k);
  },
  schema: () => ({ enum: COLLAGE_KS }),
});

const ANSWER_POLICY = 'When a degraded answer is given: `first` (the first answer, original or reconstruction), or `{prefer: original, wait: DURATION}` (a reconstruction held back until its batch has waited that long, in case the original comes).';

const branches = {
  none: {},
  'equal-resources': {
    k: optional(int(2), 'Adds ceil(instances/k) instances (default: k of the first parm strategy, else 2).'),
  },
  parm: {
    k: required(int(2), 'Queries per coding group.'),
    r: withDefault(int(1, 2), 1, 'Parity queries per group: with 2, the second is the `weighted` encoder\'s (member i weighted i + 1) and any k of the k + 2 outputs decode.'),
    encoder: withDefault(choice('addition', 'concatenation'), 'addition', 'How k queries are encoded into one parity query.'),
    parity: optional(int(1), 'Parity instances (default ceil(instances/k)).'),
    encode: withDefault(distribution('duration'), '0ms', 'Time to encode a group.'),
    decode: withDefault(distribution('duration'), '0ms', 'Time to decode a missing output.'),
    'group-timeout': withDefault(groupTimeout, 'none', 'Encode a partial group once its first batch has waited this long; `none` waits forever (as ParM\'s prototype).'),
    answer: withDefault(answerPolicy, 'first', ANSWER_POLICY),
  },
  collage: {
    k: required(collageK, 'Queries per collage: 4 (a 2x2 collage of 14x14 images) or 9 (3x3 of 9x9).'),
    collages: optional(int(1), 'Collage instances (default ceil(instances/k)).'),
    service: optional(distribution('duration'), 'Service time of the collage model per collage (default: the cluster\'s).'),
    encode: withDefault(distribution('duration'), '0ms', 'Time to build a collage.'),
    'group-timeout': withDefault(groupTimeout, 'none', 'Send a partial collage once its first batch has waited this long; `none` waits forever.'),
    answer: withDefault(answerPolicy, 'first', ANSWER_POLICY),
  },
  berrut: {
    k: required(int(2), 'Queries per coding group.'),
    stragglers: withDefault(int(1), 1, 'Answers per group that may straggle: a group has k + stragglers answers, any k of which decode it.'),
    systematic: withDefault(bool(), false, 'Also send the originals to data instances, with `stragglers` coded queries per group beside them: exact answers whenever the originals come back.'),
    coded: optional(int(1), 'Coded instances (default ceil(instances × coded queries per group / k)).'),
    encode: withDefault(distribution('duration'), '0ms', 'Time to encode a group.'),
    decode: withDefault(distribution('duration'), '0ms', 'Time to decode a group.'),
    'group-timeout': withDefault(groupTimeout, 'none', 'Encode a partial group once its first batch has waited this long; `none` waits forever.'),
    wait: withDefault(groupTimeout, 'none', 'Decode from fewer than k answers (at least one) once a group has waited this long after encoding; `none` always waits for k.'),
    answer: withDefault(answerPolicy, 'first', `${ANSWER_POLICY} Systematic only: without originals every answer is decoded.`),
  },
  replication: {
    copies: withDefault(int(2), 2, 'Copies of every query.'),
    instances: optional(int(1), 'Instances in the pool (default cluster.instances).'),
    cancel: withDefault(choice('queued', 'running'), 'queued', 'When the first copy answers, cancel the others still queued, or also those running.'),
  },
  hedged: {
    after: required(hedgeAfter, 'Send a second copy after this long, or after this percentile of recent batch latencies.'),
    window: optional(int(1), 'Recent batch latencies the percentile is taken over (default 1000; only with a percentile).'),
    instances: optional(int(1), 'Instances in the pool (default cluster.instances).'),
  },
  backup: {
    backups: optional(int(1), 'Backup instances running a cheaper model (default ceil(instances/4)).'),
    service: required(distribution('duration'), 'Service time of the backup model per batch.'),
    after: withDefault(quantity('duration', 'non-negative'), '0ms', 'Send to the backup this long after the original.'),
  },
};

export const strategyKinds = Object.keys(branches) as (keyof typeof branches)[];

export const strategy = tagged('kind', branches, {
  noun: 'a strategy',
  common: {
    label: optional(str({ regex: LABEL_PATTERN, meaning: 'a label of letters, digits, ".", "_" or "-"' }), 'The name reports and claims use (default: the kind, plus the parameters that tell same-kind strategies apart).'),
  },
  expected: `a strategy: one of ${strategyKinds.join(', ')}, or an object with \`kind:\``,
  shorthand: {
    node: choice(...strategyKinds),
    accepts: (raw) => typeof raw === 'string',
    toObject: (raw) => ({ kind: raw }),
  },
  descriptions: {
    none: 'No redundancy.',
    'equal-resources': 'ParM\'s main baseline: as many extra instances as parm would add, all serving the deployed model, no coding.',
    parm: 'Parity models: k queries encoded into one parity query; a missing output is decoded from the other k.',
    collage: 'Collage inference: each group of k queries also answered at once by one multi-image classifier on their collage; first answer wins.',
    berrut: 'ApproxIFER: k queries interpolated (Berrut) into coded queries the deployed model answers; any k answers decode the group, approximately.',
    replication: 'Every query sent to `copies` instances; the first answer wins.',
    hedged: 'A second copy of a batch once it has waited past a fixed time or a percentile of recent latencies.',
    backup: 'Every query also sent to cheap backup instances (an approximate model); the first answer wins.',
  },
});

export const strategies = list(strategy, 1, `strategies (${strategyKinds.join(', ')}, or objects with \`kind:\`)`);
