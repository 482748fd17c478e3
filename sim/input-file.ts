import { readFileSync, statSync } from 'node:fs';
import { InputError } from './errors.js';

/** The largest input file read (scenario, trace, CSV): anything larger is a mistake, not an input. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * Reads a text input file (UTF-8, a leading byte-order mark dropped), or fails with one line:
 * missing, a folder, not a regular file (a FIFO or a device would block or never end), too
 * large, or unreadable. `reported` is the file an error names, `field` where the path was given.
 */
export function readInputText(path: string, what: string, reported = path, field = ''): string {
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(reported, field, what, code === 'ENOENT' || code === 'ENOTDIR' ? `no such file (${path})` : `a path that cannot be read (${code})`);
  }
  if (stat.isDirectory()) throw new InputError(reported, field, what, `a folder (${path})`);
  if (!stat.isFile()) throw new InputError(reported, field, what, `something that is not a regular file (${path}: a FIFO, socket or device)`);
  if (stat.size > MAX_INPUT_BYTES) throw new InputError(reported, field, `${what} of at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB`, `${(stat.size / 1024 / 1024).toFixed(0)} MiB`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(reported, field, what, `a file that cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
