/** Reading a scenario file into a plain document: YAML (.yaml, .yml) or JSON (.json). */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import YAML from 'yaml';
import { InputError } from '../errors.js';

export function readDocument(file: string): unknown {
  const extension = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new InputError(file, '', 'a scenario file ending in .yaml, .yml or .json', extension ? `"${extension}"` : 'no extension');
  }
  if (!existsSync(file)) throw new InputError(file, '', 'a scenario file', 'no such file');
  const text = readFileSync(file, 'utf8');
  return extension === '.json' ? parseJson(text, file) : parseYaml(text, file);
}

export function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    // The library's message repeats the position and quotes the source; keep the first sentence.
    const what = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, at ? `line ${at.line}, column ${at.col}` : '', 'valid YAML', what);
  }
  return doc.toJS();
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
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
}
