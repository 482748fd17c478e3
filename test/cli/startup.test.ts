/**
 * What every command pays before it does anything: the modules loaded with the command line
 * itself. Read from the compiled JavaScript (where TypeScript has already dropped imports used
 * only as types), following static imports only: `import()` in a handler is loaded when that
 * command runs. The heavy packages and the simulator must stay behind such an `import()`, so that
 * `--help` and a bad input do not load them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('cli/startup');

/** Tests run from dist/test/cli/; the compiled CLI is dist/sim/cli/. */
const dist = fileURLToPath(new URL('../../', import.meta.url));
const entry = resolve(dist, 'sim/cli/main.js');

/** The specifiers a compiled module imports statically (`import … from`, `export … from`, bare `import`). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const found: string[] = [];
  for (const node of source.statements) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
  }
  return found;
}

/** Every project file and package reached from `start` by static imports, each with the chain that reaches it. */
function loadedAtStart(start: string): Map<string, string[]> {
  const reached = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of staticImports(file)) {
      const target = specifier.startsWith('.') ? resolve(dirname(file), specifier) : specifier;
      if (reached.has(target)) continue;
      reached.set(target, [...reached.get(file)!, target]);
      if (specifier.startsWith('.') && existsSync(target)) queue.push(target);
    }
  }
  return reached;
}

const rel = (path: string) => (path.startsWith(dist) ? path.slice(dist.length) : path);

/** The command modules commands/index.js loads when their command is named (`import('./run.js')`). */
function commandModules(): string[] {
  const index = resolve(dist, 'sim/cli/commands/index.js');
  const found = [...readFileSync(index, 'utf8').matchAll(/import\('(\.\/[\w-]+\.js)'\)/g)].map((m) => resolve(dirname(index), m[1]!));
  assert.ok(found.length >= 10, `the index names the command modules (${found.length})`);
  return found;
}

test('the command line loads no model runtime, plot renderer, scenario parser or simulator, whichever command it names', () => {
  // What a command line loads: the entry, and the module of the command it names.
  const reached = new Map([entry, ...commandModules()].flatMap((start) => [...loadedAtStart(start)]));
  assert.ok(reached.has('yargs'), 'the walk reaches yargs (it is not empty by accident)');
  assert.ok(reached.has(resolve(dist, 'sim/cli/commands/run.js')), 'the walk reaches the command files');
  const heavy = (name: string) =>
    /^(onnxruntime-node|vega|vega-lite|@resvg\/resvg-js|yaml)(\/|$)/.test(name) ||
    /\/sim\/(experiment\/experiment|predict\/(model-set|onnx-model)|report\/(write-results|render-plots)|scenario\/load|check\/check)\.js$/.test(name);
  const loaded = [...reached.keys()].filter(heavy).map((name) => reached.get(name)!.map(rel).join(' → '));
  assert.equal(loaded, [], `loaded with every command:\n${loaded.join('\n')}`);
});

test('`--help` and a misspelt command load the index of commands, none of their modules', () => {
  const reached = loadedAtStart(entry);
  assert.ok(reached.has(resolve(dist, 'sim/cli/commands/index.js')), 'the index is loaded');
  const commands = commandModules().filter((file) => reached.has(file)).map(rel);
  assert.equal(commands, [], 'no command module is loaded with the command line itself');
});

test('running a scenario loads onnxruntime with its first model and the plot renderer with its results, not before', () => {
  for (const start of ['sim/cli/commands/experiment-command.js', 'sim/experiment/experiment.js', 'sim/experiment/worker.js']) {
    const reached = loadedAtStart(resolve(dist, start));
    const loaded = [...reached.keys()].filter((name) => /^(onnxruntime-node|vega|vega-lite|@resvg\/resvg-js)(\/|$)/.test(name));
    assert.equal(loaded.map((name) => reached.get(name)!.map(rel).join(' → ')), [], `loaded with ${start}`);
  }
});

test.run();
