/**
 * scenarios/schema.json, generated from the same description the validator walks
 * (format/scenario.ts). Editors use it for completion and help; a test checks the committed
 * file is what this produces.
 */
import type { JsonSchema, SchemaContext } from '../input/core.js';
import { scenarioFormat } from './format/scenario.js';

export const SCHEMA_ID = 'https://parm-sim.dev/scenarios/schema.json';

export function scenarioJsonSchema(): JsonSchema {
  const ctx: SchemaContext = { defs: {} };
  const root = scenarioFormat.toSchema(ctx);
  const defs = Object.fromEntries(Object.entries(ctx.defs).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'parm-sim scenario',
    description: 'A parm-sim scenario: a serving cluster, its load, stragglers and faults, and the strategies to compare. Quantities carry units (8ms, 150KB, 270/s, 10Gbps). Reference: docs/scenario-reference.md.',
    ...root,
    $defs: defs,
  };
}

/** The file's exact text (two-space indent, trailing newline). */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
