/**
 * The design's rule "nothing imports in a circle", checked on the source: every relative import
 * of every .ts file under sim/ (`import … from`, `import type`, `export … from`, bare `import`,
 * `import()` and `import('…').Type`) is an edge, and there must be no cycle between files and
 * none between folders. A folder imports another when one of its own files imports one of the
 * other's (a parent folder and its subfolder are two folders), so a subfolder that reaches back
 * into its parent's files closes a loop even where no two files do. A type-only import counts:
 * a cycle through types is a cycle in the design all the same.
 *
 * Until sim/cluster's own two loops are undone (cluster/executor.ts ↔ cluster/pool.ts, and
 * sim/cluster ↔ sim/cluster/faults, both in the cluster rewrite), the last two tests fail on
 * those and on nothing else; drop this note when they pass.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('architecture');

/** Tests run from dist/test/, two levels below the repository root. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A graph: node → the nodes it imports, each with the file-level imports that make the edge. */
type Graph = Map<string, Map<string, string[]>>;

/** The module specifiers a TypeScript source names, in every form an import can take. */
function specifiers(source: string, fileName = 'source.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) found.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Every .ts file under `dir`, as a repository-relative path with forward slashes. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names ('./x.js' is x.ts under NodeNext), repository-relative. */
function resolveImport(from: string, specifier: string): string {
  const absolute = resolve(repoRoot, dirname(from), specifier).replace(/\.js$/, '.ts');
  const target = relative(repoRoot, absolute).split(sep).join('/');
  if (!existsSync(absolute)) throw new Error(`${from} imports ${specifier}, which is no file (${target})`);
  return target;
}

function addEdge(graph: Graph, from: string, to: string, because: string): void {
  let edges = graph.get(from);
  if (!edges) graph.set(from, (edges = new Map()));
  if (!graph.has(to)) graph.set(to, new Map());
  edges.set(to, [...(edges.get(to) ?? []), because]);
}

/** The import graphs of sim/: between files, and between the folders those files sit in. */
function importGraphs(): { files: Graph; folders: Graph } {
  const files: Graph = new Map();
  const folders: Graph = new Map();
  for (const file of sourceFiles('sim')) {
    if (!files.has(file)) files.set(file, new Map());
    for (const specifier of specifiers(readFileSync(join(repoRoot, file), 'utf8'), file)) {
      if (!specifier.startsWith('.')) continue; // packages and node: built-ins
      const target = resolveImport(file, specifier);
      if (!target.startsWith('sim/')) continue;
      addEdge(files, file, target, `${file} → ${target}`);
      const [a, b] = [posix.dirname(file), posix.dirname(target)];
      if (a !== b) addEdge(folders, a, b, `${file} → ${target}`);
    }
  }
  return { files, folders };
}

/**
 * One cycle per strongly connected component of more than one node (Tarjan), as the nodes along
 * a shortest loop from the component's first node back to itself, each step with the file
 * imports that make it, so a failure says exactly which imports to undo.
 */
function cycles(graph: Graph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0]!;
    // Breadth-first from start, within the component, until an edge leads back to start.
    const previous = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const v = queue.shift()!;
      for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
        if (w === start) {
          last = v;
          break;
        }
        if (inside.has(w) && !previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const loop = [start];
    for (let v = last!; v !== start; v = previous.get(v)!) loop.splice(1, 0, v);
    loop.push(start);
    const steps = loop.slice(1).map((to, i) => `    ${graph.get(loop[i]!)!.get(to)!.join('\n    ')}`);
    const members = component.length > loop.length - 1 ? ` (one loop of ${component.length} tied together: ${component.join(', ')})` : '';
    return `${loop.join(' → ')}${members}\n${steps.join('\n')}`;
  });
}

function assertNoCycles(found: string[], what: string): void {
  if (found.length > 0) assert.unreachable(`${found.length} import cycle(s) between ${what}:\n${found.join('\n')}`);
}

test('reads every form of import, types and re-exports included', () => {
  const source = [
    "import a from './a.js';",
    "import type { B } from '../b.js';",
    "import { type C, d } from './c.js';",
    "export { e } from './e.js';",
    "export * from './f.js';",
    "export type { G } from './g.js';",
    "import './h.js';",
    "const i = await import('./i.js');",
    "let j: import('./j.js').J;",
    "// import { k } from './k.js';",
    "import { readFile } from 'node:fs';",
  ].join('\n');
  assert.equal(specifiers(source), ['./a.js', '../b.js', './c.js', './e.js', './f.js', './g.js', './h.js', './i.js', './j.js', 'node:fs']);
});

test('finds a cycle, names its imports, and nothing in a chain', () => {
  const graph: Graph = new Map();
  addEdge(graph, 'a', 'b', 'a.ts → b.ts');
  addEdge(graph, 'b', 'c', 'b.ts → c.ts');
  addEdge(graph, 'c', 'a', 'c.ts → a.ts');
  addEdge(graph, 'c', 'd', 'c.ts → d.ts');
  assert.equal(cycles(graph), ['a → b → c → a\n    a.ts → b.ts\n    b.ts → c.ts\n    c.ts → a.ts']);
  graph.get('c')!.delete('a');
  assert.equal(cycles(graph), []);
});

test('sees the imports of sim/ (the graph is not empty by accident)', () => {
  const { files, folders } = importGraphs();
  assert.ok(files.size > 50, `${files.size} files`);
  assert.ok(files.get('sim/cli/main.ts')?.has('sim/cli/commands/index.ts'), 'main.ts imports commands/index.ts');
  assert.ok(folders.get('sim/cli')?.has('sim/cli/commands'), 'sim/cli imports sim/cli/commands');
});

test('no import cycle between files of sim/', () => {
  assertNoCycles(cycles(importGraphs().files), 'files');
});

test('no import cycle between folders of sim/ (a parent folder and its subfolder included)', () => {
  assertNoCycles(cycles(importGraphs().folders), 'folders');
});

test.run();
