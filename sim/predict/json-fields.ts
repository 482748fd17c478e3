/** Reading manifests: every missing or mistyped field becomes an InputError naming its path. */
import { readFile } from 'node:fs/promises';
import { InputError, describeValue } from '../errors.js';

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

export function requireObject(value: unknown, file: string, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(file, field, 'an object', describeValue(value));
  }
  return value as Record<string, unknown>;
}

export function requireString(value: unknown, file: string, field: string): string {
  if (typeof value !== 'string' || value === '') throw new InputError(file, field, 'a non-empty string', describeValue(value));
  return value;
}

export function requireNumber(value: unknown, file: string, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(file, field, 'a number', describeValue(value));
  return value;
}

export function requireInteger(value: unknown, file: string, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(file, field, `an integer from ${min} to ${max}`, describeValue(value));
  }
  return value;
}

export function requireArray(value: unknown, file: string, field: string): unknown[] {
  if (!Array.isArray(value)) throw new InputError(file, field, 'a list', describeValue(value));
  return value;
}

/** A number, or null/absent (figures a model does not have). */
export function optionalNumber(value: unknown, file: string, field: string): number | null {
  return value === undefined || value === null ? null : requireNumber(value, file, field);
}
