/**
 * Fuzzing: every example scenario, mutated (keys dropped, duplicated, renamed; values retyped,
 * nested, pushed to extreme numbers), through the CLI's entry. Whatever the input, `run` ends
 * with exit 0, or exit 2 and one line on stderr with no stack trace and no results or `.partial`
 * folder left behind; it never crashes, hangs or exits 1.
 *
 * The mutants come from fast-check with a fixed seed, so the same ones run every time, each with
 * --queries 200 and a time limit. They run one after another in a process of their own
 * (fuzz-host.ts) that calls main(argv) as bin/parm-sim.js does, without paying the CLI's start-up
 * for each: a mutant that crashes or hangs that process is a failure, and the next mutants get a
 * fresh one, as they do after any mutant that ends with another exit code than 0 or 2. A failure
 * names the scenario and the mutations, which is enough to write the mutant again by hand.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import { tempDir } from '../helpers/cli.js';

const test = suite('cli/fuzz-scenarios');

// PARM_SIM_FUZZ_MUTANTS and PARM_SIM_FUZZ_SEED explore further (and print what each mutant did); npm test uses the defaults.
const MUTANTS = Number(process.env.PARM_SIM_FUZZ_MUTANTS ?? 60);
const SEED = Number(process.env.PARM_SIM_FUZZ_SEED ?? 20240613);
const verbose = process.env.PARM_SIM_FUZZ_SEED !== undefined || process.env.PARM_SIM_FUZZ_MUTANTS !== undefined;
const TIME_LIMIT_MS = 90_000;
const HOST = fileURLToPath(new URL('fuzz-host.js', import.meta.url));

/** Every runnable example: scenarios/**.yaml but not the rejected fixtures in scenarios/invalid. */
function examples(dir = 'scenarios'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'invalid' ? [] : examples(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** Objects to be written with one key twice (JSON text can say that; a JS object cannot), and the key. */
const repeatedKey = new WeakMap<object, string>();

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'retype'; at: number; to: Json }
  | { op: 'nest'; at: number; inArray: boolean }
  | { op: 'rename'; at: number; to: string }
  | { op: 'extreme'; at: number; value: number };

const extremes = [0, -1, -0.5, 0.5, 1e-300, 1e-9, 1e9, 1e12, 1e308, -1e308, 2 ** 53, 2 ** 31, 65536, 1e6];
// Extreme numbers weigh most: a scenario they leave valid runs to the end, where the hangs and crashes were.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('extreme' as const), at: fc.nat(), value: fc.constantFrom(...extremes) }), weight: 4 },
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('retype' as const), at: fc.nat(),
    to: fc.constantFrom<Json>(null, true, 0, -3, 'text', '', [], {}, [1, 2], { a: 1 }, '10ms', '1e400', 'NaN'),
  }),
  fc.record({ op: fc.constant('nest' as const), at: fc.nat(), inArray: fc.boolean() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), to: fc.constantFrom('__proto__', 'constructor', 'toString', 'Name', 'x', '', ' queries', 'strategies.0') }),
);

interface Mutant { scenario: string; mutations: Mutation[]; json: boolean }

/** Where a mutation can act: every value in the document, with the container holding it. */
interface Slot { parent: Json[] | Record<string, Json>; key: string | number }
function slots(root: Json): Slot[] {
  const found: Slot[] = [];
  const walk = (value: Json) => {
    if (Array.isArray(value)) value.forEach((child, i) => { found.push({ parent: value, key: i }); walk(child); });
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) { found.push({ parent: value, key }); walk(child); }
    }
  };
  walk(root);
  return found;
}

/** The number in a value, in place: 42 → v, "270/s" → "<v>/s", "[128MB, 256MB]"-like strings get their first number replaced. */
function withNumber(old: Json, value: number): Json {
  if (typeof old === 'string' && /\d/.test(old)) return old.replace(/[-+]?\d+(\.\d+)?(e[-+]?\d+)?/i, String(value));
  return value;
}

function apply(root: Json, m: Mutation): Json {
  const all = slots(root);
  if (all.length === 0) return root;
  const { parent, key } = all[m.at % all.length]!;
  const get = () => (Array.isArray(parent) ? parent[key as number]! : parent[key as string]!);
  const set = (v: Json) => { if (Array.isArray(parent)) parent[key as number] = v; else parent[key as string] = v; };
  switch (m.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(get()));
      // An object key twice: written as JSON text with the key repeated.
      else repeatedKey.set(parent, key as string);
      break;
    case 'retype': set(structuredClone(m.to)); break;
    case 'nest': set(m.inArray ? [get()] : { value: get() }); break;
    case 'rename':
      if (!Array.isArray(parent)) {
        const value = get();
        delete parent[key as string];
        Object.defineProperty(parent, m.to, { value, enumerable: true, configurable: true, writable: true });
      }
      break;
    case 'extreme': set(withNumber(get(), m.value)); break;
  }
  return root;
}

/** JSON text, with a repeated key written twice. */
function jsonText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const twice = repeatedKey.get(value);
    if (twice !== undefined && twice in value) entries.push([twice, value[twice]!]);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function containsRepeated(value: Json): boolean {
  if (Array.isArray(value)) return value.some(containsRepeated);
  if (value !== null && typeof value === 'object') return repeatedKey.has(value) || Object.values(value).some(containsRepeated);
  return false;
}

/** The mutant's file text and extension. */
function render(mutant: Mutant): { text: string; ext: string } {
  let doc = parse(readFileSync(mutant.scenario, 'utf8')) as Json;
  for (const m of mutant.mutations) doc = apply(doc, m);
  if (mutant.json || containsRepeated(doc)) return { text: jsonText(doc), ext: 'json' };
  return { text: stringify(doc), ext: 'yaml' };
}

function describe(mutant: Mutant): string {
  return `${mutant.scenario} as ${mutant.json ? 'JSON' : 'YAML'} with ${JSON.stringify(mutant.mutations)}`;
}

interface Outcome { status: number | null; stderr: string; timedOut: boolean }

/** The process that runs the mutants (fuzz-host.ts), started again after a mutant that ended it or left it in doubt. */
let host: { child: ChildProcess; stderr: string } | undefined;

/** Ends the process (at once: it may be stuck in a mutant); resolves once it has ended. */
function stopHost(): Promise<void> {
  if (host === undefined) return Promise.resolve();
  const { child } = host;
  host = undefined;
  child.removeAllListeners();
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return ended;
}

function runCli(args: string[]): Promise<Outcome> {
  if (host === undefined) {
    const child = fork(HOST, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, FORCE_COLOR: '0' } });
    host = { child, stderr: '' };
    const h = host;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { h.stderr += chunk; });
  }
  const h = host;
  h.stderr = '';
  return new Promise((resolve) => {
    const end = (outcome: Outcome) => {
      clearTimeout(timer);
      h.child.removeAllListeners('message').removeAllListeners('exit');
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      void stopHost();
      end({ status: null, stderr: h.stderr, timedOut: true });
    }, TIME_LIMIT_MS);
    h.child.once('message', (m: { status: number; stderr: string }) => {
      if (m.status !== 0 && m.status !== 2) void stopHost();
      end({ status: m.status, stderr: m.stderr + h.stderr, timedOut: false });
    });
    // The mutant ended the process: a crash (counted as exit 1 at least), whatever it printed.
    h.child.once('exit', (code, signal) => {
      host = undefined;
      end({ status: code !== null && code > 2 ? code : 1, stderr: `the process ended (${signal ?? `exit ${code}`}) during the run\n${h.stderr}`, timedOut: false });
    });
    h.child.send({ args });
  });
}

test(`${MUTANTS} mutants of the example scenarios: exit 0, or exit 2 with one line and nothing left behind`, async () => {
  const files = examples();
  assert.ok(files.length >= 10, `found ${files.length} example scenarios`);
  const mutants: Mutant[] = fc.sample(
    fc.record({ scenario: fc.constantFrom(...files), mutations: fc.array(mutation, { minLength: 1, maxLength: 2 }), json: fc.boolean() }),
    { seed: SEED, numRuns: MUTANTS },
  );
  // A copy of scenarios/ so the files a scenario names (profiles, traces) sit where it expects them.
  const root = tempDir('fuzz');
  cpSync('scenarios', join(root, 'scenarios'), { recursive: true });
  const problems: string[] = [];
  const counts = { ok: 0, refused: 0 };
  let next = 0;
  const worker = async () => {
    while (next < mutants.length) {
      const index = next++;
      const mutant = mutants[index]!;
      const { text, ext } = render(mutant);
      const file = join(root, dirname(mutant.scenario), `fuzz-${index}.${ext}`);
      writeFileSync(file, text);
      const outParent = join(root, `out-${index}`);
      const out = join(outParent, 'results');
      const r = await runCli(['run', file, '--queries', '200', '--out', out]);
      if (verbose) console.log(`${index} exit ${r.status}: ${describe(mutant)}\n    ${r.stderr.trim().split('\n')[0] ?? ''}`);
      const why = (text: string) => problems.push(`${describe(mutant)}: ${text}\n  stderr: ${r.stderr.trim().split('\n').slice(0, 4).join('\n  ')}`);
      const left = existsSync(outParent) ? readdirSync(outParent) : [];
      if (r.timedOut) why(`still running after ${TIME_LIMIT_MS / 1000} s`);
      else if (r.status === 0) {
        counts.ok++;
        if (!existsSync(join(out, 'summary.json'))) why('exit 0 without summary.json');
        if (left.some((name) => name !== 'results')) why(`left ${left.join(', ')}`);
      } else if (r.status === 2) {
        counts.refused++;
        const lines = r.stderr.trim().split('\n');
        if (lines.length !== 1) why(`exit 2 with ${lines.length} lines on stderr`);
        if (/\n\s+at /.test(r.stderr)) why('a stack trace');
        if (left.length > 0) why(`left ${left.join(', ')} behind`);
      } else why(`exit ${r.status}`);
      rmSync(outParent, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
  };
  try {
    await worker();
  } finally {
    await stopHost();
    rmSync(root, { recursive: true, force: true });
  }
  assert.is(problems.length, 0, `${problems.length} of ${MUTANTS} mutants (${counts.ok} ran, ${counts.refused} refused):\n${problems.join('\n')}`);
  assert.is(counts.ok + counts.refused, MUTANTS);
  // Fuzzing that only ever hits the first check proves little: some mutants must run to the end.
  assert.ok(counts.ok > 0 && counts.refused > 0, `${counts.ok} ran, ${counts.refused} refused`);
});

test.run();
