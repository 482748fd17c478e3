/** Reading a scenario file into a plain document: YAML (.yaml, .yml) or JSON (.json). */
import { extname } from 'node:path';
import YAML from 'yaml';
import { InputError } from '../errors.js';
import { readInputText } from '../input-file.js';

/** Deepest nesting of lists and objects a scenario may have: real ones stay under 10. */
export const MAX_DEPTH = 64;

export function readDocument(file: string): unknown {
  const extension = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new InputError(file, '', 'a scenario file ending in .yaml, .yml or .json', extension ? `"${extension}"` : 'no extension');
  }
  const text = readInputText(file, 'a scenario file');
  const doc = extension === '.json' ? parseJson(text, file) : parseYaml(text, file);
  checkShape(doc, file);
  return doc;
}

/**
 * Limits the parsers do not: nesting (a deep document would overflow every recursive walker
 * after this) and `__proto__` keys (which would reach an object's prototype, not a key).
 * Iterative, so the check itself cannot overflow.
 */
export function checkShape(doc: unknown, file: string): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: doc, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) throw new InputError(file, path, `lists and objects nested at most ${MAX_DEPTH} deep`, 'deeper nesting');
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, depth: depth + 1, path: `${path}[${i}]` }));
    else {
      for (const key of Object.keys(value)) {
        if (key === '__proto__') throw new InputError(file, path, 'ordinary keys', 'the key "__proto__"', 'it names an object\'s prototype, not a setting');
        stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: path ? `${path}.${key}` : key });
      }
    }
  }
}

/** Deepest bracket nesting of JSON text outside strings: checked before parsing, which recurses. */
function jsonDepth(text: string): number {
  let depth = 0, max = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

export function parseYaml(text: string, file: string): unknown {
  let doc;
  try {
    doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(file, '', `lists and objects nested at most ${MAX_DEPTH} deep`, 'nesting too deep to parse');
    throw err;
  }
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    // The library's message repeats the position and quotes the source; keep the first sentence.
    const what = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, at ? `line ${at.line}, column ${at.col}` : '', 'valid YAML', what);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new InputError(file, '', 'YAML whose aliases (*name) expand to a reasonable size', 'aliases that expand exponentially (an alias bomb)');
    }
    if (err instanceof RangeError) throw new InputError(file, '', `lists and objects nested at most ${MAX_DEPTH} deep`, 'nesting too deep to read');
    throw err;
  }
}

export function parseJson(text: string, file: string): unknown {
  if (jsonDepth(text) > MAX_DEPTH) throw new InputError(file, '', `lists and objects nested at most ${MAX_DEPTH} deep`, 'deeper nesting');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /at position (\d+)/.exec(message);
    let field = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      field = `line ${line}, column ${column}`;
    }
    throw new InputError(file, field, 'valid JSON', message.replace(/ in JSON at position \d+.*$/, ''));
  }
  // JSON.parse keeps the last of two equal keys without a word; YAML (of which JSON is a subset) refuses them, as for .yaml files.
  const duplicate = YAML.parseDocument(text, { uniqueKeys: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate) {
    const at = duplicate.linePos?.[0];
    throw new InputError(file, at ? `line ${at.line}, column ${at.col}` : '', 'valid JSON with unique keys', 'a key given twice (JSON would silently keep the last)');
  }
  return value;
}
