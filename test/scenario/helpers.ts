/** Shared by the scenario tests: the repository root, and a minimal valid document to vary. */
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import { InputError } from '../../sim/errors.js';

/** Tests run from dist/test/scenario/, three levels below the repository root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixtures = `${repoRoot}test/scenario/fixtures/`;

export function minimal(): Record<string, unknown> {
  return {
    name: 'minimal',
    queries: 1000,
    arrivals: { rate: '270/s' },
    cluster: { instances: 4, service: '20ms' },
    strategies: ['none'],
  };
}

/** Runs `act`, which must throw an InputError; returns it. */
export function inputError(act: () => unknown): InputError {
  try {
    act();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  assert.unreachable('expected an InputError');
  throw new Error('unreachable');
}
