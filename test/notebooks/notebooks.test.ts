/**
 * Executes every notebook in notebooks/ headless, as `npm run notebooks` does but into a temporary
 * folder (the committed files stay as they are), with PARM_SIM_NOTEBOOKS_QUICK=1 so simulations
 * are shortened. A notebook fails when a cell errors (a TypeScript diagnostic included: tslab
 * type-checks every cell against the project's declarations) or writes to stderr, when a code
 * cell shows nothing, when it draws fewer charts than it should, or a different number than its
 * committed version (which then needs regenerating: `npm run notebooks`). On a machine without
 * Jupyter, scripts/notebooks.sh installs Debian's packages first (as root, or with passwordless
 * sudo), so `npm ci && npm test` is all CI runs.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> }
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[] }
interface Notebook { cells: Cell[]; metadata: { kernelspec?: { name?: string } } }

const test = suite('notebooks');
const notebooks = readdirSync('notebooks').filter((f) => f.endsWith('.ipynb')).sort();
let outDir = '';

/**
 * Charts each notebook must draw at least. paper.ipynb shows the plot of every results/paper/
 * folder that has one, and none when there are no results (it says so instead).
 */
function chartsExpected(notebook: string): number {
  if (notebook === 'quickstart.ipynb') return 4;
  if (notebook === 'accuracy.ipynb') return 3;
  if (notebook === 'paper.ipynb') {
    const root = join('results', 'paper');
    if (!existsSync(root)) return 0;
    return readdirSync(root).filter((d) => existsSync(join(root, d, 'summary.json')) && readdirSync(join(root, d)).some((f) => f.endsWith('.png'))).length;
  }
  return 0;
}

const readNotebook = (file: string): Notebook => JSON.parse(readFileSync(file, 'utf8')) as Notebook;
const text = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : s ?? '');
const codeCells = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === 'code' && text(c.source).trim() !== '');
const charts = (nb: Notebook): number => nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.['image/png'] !== undefined).length;
const firstLine = (cell: Cell): string => text(cell.source).split('\n')[0] ?? '';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 300_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`);
  }
}

test.before(() => {
  // Jupyter (installed if missing) and dist/**/*.d.ts; dist/ itself was built by `npm test`.
  run('bash', ['scripts/notebooks.sh', '--no-build', '--prepare']);
  outDir = mkdtempSync(join(tmpdir(), 'parm-sim-notebooks-'));
});

test.after(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('there are notebooks: quickstart, paper and accuracy at least', () => {
  for (const name of ['quickstart.ipynb', 'paper.ipynb', 'accuracy.ipynb']) assert.ok(notebooks.includes(name), name);
});

test('notebooks/lib/*.ts type-check strictly (tslab checks them only loosely when cells import them)', () => {
  const lib = readdirSync(join('notebooks', 'lib')).filter((f) => f.endsWith('.ts')).map((f) => join('notebooks', 'lib', f));
  run(process.execPath, [
    join('node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--noUncheckedIndexedAccess', '--skipLibCheck',
    // As tslab compiles them: CommonJS, classic node resolution.
    '--module', 'commonjs', '--moduleResolution', 'node10', '--target', 'es2022', '--esModuleInterop', '--types', 'node', ...lib,
  ]);
});

for (const name of notebooks) {
  test(`${name} is committed with its outputs, for the project's kernel`, () => {
    const nb = readNotebook(join('notebooks', name));
    assert.is(nb.metadata.kernelspec?.name, 'parm-sim', 'kernelspec notebooks/kernels/parm-sim');
    for (const cell of codeCells(nb)) assert.ok((cell.outputs ?? []).length > 0, `committed without output: ${firstLine(cell)}`);
  });

  test(`${name} executes: no errors, every code cell shows something, its charts drawn`, () => {
    const out = join(outDir, name);
    // execute.py stops at the first failing cell and prints its source and outputs (the diagnostics).
    run('/usr/bin/python3', ['notebooks/lib/execute.py', join('notebooks', name), '--out', out], { ...process.env, PARM_SIM_NOTEBOOKS_QUICK: '1' });
    const nb = readNotebook(out);
    for (const cell of codeCells(nb)) {
      const outputs = cell.outputs ?? [];
      assert.ok(outputs.length > 0, `no output: ${firstLine(cell)}`);
      for (const o of outputs) {
        assert.is.not(o.output_type, 'error', `error output in: ${firstLine(cell)}`);
        // tslab reports failures on stderr; a warning there is noise in a committed notebook too.
        assert.is.not(o.name, 'stderr', `stderr in ${firstLine(cell)}: ${text(o.text)}`);
      }
    }
    const drawn = charts(nb);
    const expected = chartsExpected(name);
    assert.ok(drawn >= expected, `${name} drew ${drawn} PNG charts, expected at least ${expected}`);
    const committed = charts(readNotebook(join('notebooks', name)));
    assert.is(drawn, committed, `${name} now draws ${drawn} charts, its committed version ${committed}: regenerate it with npm run notebooks`);
  });
}

test.run();
