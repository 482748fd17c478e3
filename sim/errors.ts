/**
 * Bad input from a user: a scenario, a flag, a model file. The CLI prints `message` alone (no
 * stack trace) and exits with code 2. Name the file, the field path, what was expected and
 * what was found, so the user can fix it without reading code.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    readonly found: string,
    readonly hint?: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}expected ${expected}, found ${found}${hint ? ` (${hint})` : ''}`);
    this.name = 'InputError';
  }
}

/** Short, readable rendering of a found value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'object') return `an object (${JSON.stringify(value).slice(0, 60)})`;
  return String(value);
}
