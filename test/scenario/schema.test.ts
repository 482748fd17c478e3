import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import YAML from 'yaml';
import { InputError } from '../../sim/errors.js';
import { renderScenarioJsonSchema, scenarioJsonSchema } from '../../sim/scenario/json-schema.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { PERCENTILE_PATTERN, readPercentile } from '../../sim/scenario/format/strategies.js';
import { fixtures, repoRoot } from './helpers.js';

const test = suite('scenario/schema');

test('scenarios/schema.json is what the format description generates (run `npm run schema` after changing it)', () => {
  const committed = readFileSync(`${repoRoot}scenarios/schema.json`, 'utf8');
  assert.ok(committed === renderScenarioJsonSchema(), 'scenarios/schema.json is stale: run npm run schema');
});

/** Every property in the schema, with where it is. */
function properties(node: unknown, at = '$'): [string, string, Record<string, unknown>][] {
  if (Array.isArray(node)) return node.flatMap((item, i) => properties(item, `${at}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = typeof record.properties === 'object' && record.properties !== null
    ? Object.entries(record.properties as Record<string, Record<string, unknown>>).map(([key, schema]): [string, string, Record<string, unknown>] => [key, `${at}.${key}`, schema])
    : [];
  return [...own, ...Object.entries(record).flatMap(([key, value]) => properties(value, `${at}/${key}`))];
}

test('every key in the schema has a description, for editors', () => {
  const missing = properties(scenarioJsonSchema()).filter(([, , schema]) => typeof schema.description !== 'string' || schema.description === '');
  assert.equal(missing.map(([, where]) => where), []);
});

test('the schema is draft 2020-12 and every $ref resolves', () => {
  const schema = scenarioJsonSchema();
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const defs = schema.$defs as Record<string, unknown>;
  const refs = [...renderScenarioJsonSchema().matchAll(/"\$ref": "#\/\$defs\/([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(refs.length > 0);
  for (const ref of refs) assert.ok(ref in defs, `$ref to missing $defs/${ref}`);
});

test('docs/scenario-reference.md documents every key of the format', () => {
  const reference = readFileSync(`${repoRoot}docs/scenario-reference.md`, 'utf8');
  const keys = new Set(properties(scenarioJsonSchema()).map(([key]) => key));
  const undocumented = [...keys].filter((key) => !reference.includes(`\`${key}\``));
  assert.equal(undocumented, []);
});

/**
 * scenarios/schema.json as editors see it, checked by Ajv (draft 2020-12, as its `$schema`
 * says) in strict mode: a keyword Ajv does not know, a type left unsaid or a tuple left open
 * fails the compile.
 */
const published = JSON.parse(readFileSync(`${repoRoot}scenarios/schema.json`, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020.default({ strict: true, allErrors: true }).compile(published);

function schemaVerdict(document: unknown): string | null {
  return validate(document) ? null : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
}

/** A scenario file as an editor reads it: YAML, or JSON for .json; undefined where it does not parse. */
function documentOf(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return extname(file) === '.json' ? JSON.parse(text) : YAML.parse(text);
  } catch {
    return undefined;
  }
}

function loaderVerdict(file: string): string | null {
  try {
    loadScenario(file);
    return null;
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
}

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scenarioFiles(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  }).sort();
}

const invalidFolder = `${repoRoot}scenarios/invalid/`;
/** The runnable examples: every .yaml under scenarios/ but invalid/ (scenarios/ci/baseline.json is the CI gate's, no scenario). */
const examples = scenarioFiles(`${repoRoot}scenarios`).filter((file) => !file.startsWith(invalidFolder) && /\.ya?ml$/.test(file));
/** The rejected fixtures (scenarios/invalid/) and the loader tests' own (test/scenario/fixtures/, valid ones among them). */
const judged = [...scenarioFiles(invalidFolder), ...scenarioFiles(fixtures)];
const shown = (file: string) => relative(repoRoot, file);

/** Files that are no document at all: the YAML or JSON parser refuses them before any schema could look. */
const notADocument: Record<string, string> = {
  'scenarios/invalid/duplicate-yaml-key.yaml': 'YAML syntax: a key given twice',
  'scenarios/invalid/malformed.yaml': 'YAML syntax: an unclosed flow map',
  'test/scenario/fixtures/malformed.json': 'JSON syntax: a trailing comma',
};

/**
 * Rejected fixtures the schema passes, because their rule is beyond what JSON Schema can say
 * (or say without restating the validator): each must stay valid for Ajv and rejected by the
 * loader, so a schema that learns the rule fails here until the entry goes.
 */
const beyondTheSchema: Record<string, string> = {
  'scenarios/invalid/bandwidth-mismatch.yaml': 'cross-field, unit arithmetic: the shuffles\' bandwidth must equal network.bandwidth (10Gbps = 1250000B/ms)',
  'scenarios/invalid/claim-unknown-label.yaml': 'cross-field: a claim names labels the strategies define, some of them derived (parm-k2)',
  'scenarios/invalid/duplicate-labels.yaml': 'cross-item: labels unique across strategies',
  'scenarios/invalid/indistinguishable-strategies.yaml': 'cross-item: derived labels (kind plus distinguishing parameters) unique',
  'scenarios/invalid/k-above-instances.yaml': 'cross-field: k at most cluster.instances',
  'scenarios/invalid/missing-column.yaml': 'file content: the column must exist in the CSV file',
  'scenarios/invalid/missing-csv.yaml': 'file existence: the CSV file must exist beside the scenario',
  'scenarios/invalid/profile-without-batch-size-1.yaml': 'file content: the profile needs rows for batch size 1',
  'scenarios/invalid/shuffles-without-bandwidth.yaml': 'cross-field: shuffles need network.bandwidth or their own bandwidth',
  'scenarios/invalid/stall-with-buffer.yaml': 'cross-field: no coarse stall when network.buffer models the switch ports',
  'scenarios/invalid/sweep-bad-value.yaml': 'cross-field: a sweep value is checked against the node its path leads to',
  'scenarios/invalid/sweep-unknown-path.yaml': 'the paths a sweep may name are walked from the format and the document (strategies[1].k), not a fixed set of keys',
  'scenarios/invalid/trace-not-ascending.yaml': 'file content: the trace\'s times must ascend',
  'scenarios/invalid/uniform-min-above-max.yaml': 'cross-field, unit arithmetic: min ≤ max across units',
};

test('there are examples and fixtures to check, and every listed exception is one of them', () => {
  assert.ok(examples.length >= 20, `only ${examples.length} example scenarios`);
  assert.ok(judged.length >= 40, `only ${judged.length} fixtures`);
  const names = judged.map(shown);
  for (const listed of [...Object.keys(notADocument), ...Object.keys(beyondTheSchema)]) assert.ok(names.includes(listed), `${listed} is listed but not there`);
});

for (const file of examples) {
  test(`example ${shown(file)} is valid for the published schema`, () => {
    assert.is(schemaVerdict(documentOf(file)), null);
  });
}

for (const file of judged) {
  const name = shown(file);
  test(`fixture ${name}: the schema's verdict agrees with the loader's`, () => {
    const loader = loaderVerdict(file);
    const document = documentOf(file);
    if (name in notADocument) {
      assert.is(document, undefined, `${name} parses: take it off notADocument`);
      assert.ok(loader !== null, `the loader accepts ${name}`);
      return;
    }
    assert.ok(document !== undefined, `${name} does not parse`);
    const schema = schemaVerdict(document);
    if (name in beyondTheSchema) {
      assert.ok(loader !== null, `the loader accepts ${name}: it is no rejected fixture`);
      assert.is(schema, null, `the schema now rejects ${name}: take it off beyondTheSchema`);
      return;
    }
    if (loader === null) assert.is(schema, null, `the loader accepts ${name}, the schema does not`);
    else assert.ok(schema !== null, `the loader rejects ${name} (${loader}), the schema accepts it`);
  });
}

test('the percentile pattern admits exactly what readPercentile reads', () => {
  const pattern = new RegExp(PERCENTILE_PATTERN);
  const texts = ['p', 'p.5', 'p0.', 'p95.', 'p1000', 'p-1', 'p9a'];
  for (let digits = 1; digits <= 4; digits++) {
    for (let n = 0; n < 10 ** digits; n++) texts.push(`p${String(n).padStart(digits, '0')}`);
  }
  for (const whole of ['0', '00', '5', '05', '50', '99']) for (const fraction of ['0', '00', '5', '05', '9', '90']) texts.push(`p${whole}.${fraction}`);
  const disagree = texts.filter((text) => pattern.test(text) !== (readPercentile(text) !== undefined));
  assert.equal(disagree, []);
});

test.run();
