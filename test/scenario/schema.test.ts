import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderScenarioJsonSchema, scenarioJsonSchema } from '../../sim/scenario/json-schema.js';
import { readDocument } from '../../sim/scenario/read.js';
import { fixtures, repoRoot } from './helpers.js';
import { firstViolation } from './mini-json-schema.js';

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

test('valid scenarios satisfy the published schema', () => {
  const schema = scenarioJsonSchema();
  for (const file of [`${fixtures}full.yaml`, `${repoRoot}scenarios/quickstart.yaml`]) {
    assert.is(firstViolation(schema, readDocument(file)), null, file);
  }
});

test('shape mistakes break the published schema too (ranges of quantities are the validator\'s alone)', () => {
  const schema = scenarioJsonSchema();
  for (const name of ['unknown-key', 'bad-unit', 'missing-unit', 'k-below-2', 'copies-below-2', 'empty-strategies', 'unknown-strategy', 'unknown-distribution', 'missing-queries', 'key-of-another-kind', 'bad-name', 'zero-weight']) {
    assert.is.not(firstViolation(schema, readDocument(`${repoRoot}scenarios/invalid/${name}.yaml`)), null, name);
  }
});

test.run();
