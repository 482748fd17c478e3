/**
 * Reading the pipeline's JSON files (model and data manifests). The fields are checked with the
 * project's input nodes (sim/input/), as the model manifest is in manifest.ts; the two readers
 * here serve the data set's manifest, which reads two fields.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { parseInput } from '../input/core.js';
import { anyObject } from '../input/composites.js';
import { str } from '../input/scalars.js';

export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError(path, '', 'a readable file', 'no such file');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(path, '', 'valid JSON', (err as Error).message);
  }
}

const anObject = anyObject();
const aText = str({ nonEmpty: true });

export function requireObject(value: unknown, file: string, field: string): Record<string, unknown> {
  return parseInput(anObject, value, file, undefined, field);
}

export function requireString(value: unknown, file: string, field: string): string {
  return parseInput(aText, value, file, undefined, field);
}
