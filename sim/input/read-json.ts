import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** A JSON file's document, or one InputError: the file cannot be read, or is not JSON. */
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
