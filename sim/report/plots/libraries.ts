import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compileFunction } from 'node:vm';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';

/**
 * The single-file builds of the plotting libraries, in the order they must load: vega-embed
 * expects the globals `vega` and `vegaLite`. report.html carries them inline, not from a CDN, so
 * the page works offline and shows what this build of parm-sim would draw, not whatever a CDN
 * serves later; the SVGs and PNGs are drawn by the same files (plottingLibraries).
 */
const builds = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;
type Package = (typeof builds)[number]['pkg'];

interface Build { name: Package; file: string; version: string; code: string; path: string }
const read = new Map<Package, Build>();

/**
 * A build with its version, read once per process. Found by module resolution from this file,
 * so it is the copy parm-sim itself depends on wherever it is installed (the current folder
 * plays no part).
 */
function build(pkg: Package): Build {
  let found = read.get(pkg);
  if (!found) {
    const root = packageRoot(pkg);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const file = builds.find((b) => b.pkg === pkg)!.file;
    const path = join(root, file);
    found = { name: pkg, file, version, code: readFileSync(path, 'utf8'), path };
    read.set(pkg, found);
  }
  return found;
}

/** The minified builds with their versions, for report.html. */
export function browserLibraries(): { name: string; version: string; code: string }[] {
  return builds.map(({ pkg }) => {
    const { name, file, version, code } = build(pkg);
    // Inline, the text must not close its own <script> element; none of these builds does today.
    if (/<\/script/i.test(code)) throw new Error(`${pkg}/${file} contains "</script" and cannot be inlined`);
    return { name, version, code };
  });
}

/** vega and vega-lite as their builds define them, typed by the packages' declarations. */
interface PlottingLibraries { vega: typeof Vega; vegaLite: typeof VegaLite }
let plotting: PlottingLibraries | undefined;

/**
 * vega and vega-lite for drawing in Node, from the same single-file builds report.html carries:
 * each is one script that defines the whole library (UMD: given `exports`, it fills them in;
 * vega-lite asks for vega through `require`). Evaluating the two files takes about a third of
 * the time that importing the packages' module graphs does (some 30 packages, each file resolved,
 * read and linked: 0.12 s against 0.36 s here), and the plots and the page run the same code.
 */
export function plottingLibraries(): PlottingLibraries {
  plotting ??= (() => {
    const vega = evaluate(build('vega'), {}) as typeof Vega;
    const vegaLite = evaluate(build('vega-lite'), { vega }) as typeof VegaLite;
    return { vega, vegaLite };
  })();
  return plotting;
}

/** Runs a UMD build as a CommonJS module whose `require` knows only `dependencies`; returns its exports. */
function evaluate({ code, path }: Build, dependencies: Record<string, unknown>): unknown {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (Object.hasOwn(dependencies, id)) return dependencies[id];
    throw new Error(`${path} asks for ${id}, which parm-sim does not provide to it`);
  };
  compileFunction(code, ['exports', 'module', 'require'], { filename: path }).call(module.exports, module.exports, module, require);
  return module.exports;
}

/**
 * The folder of an installed package. Its `exports` map hides the build folder from
 * `require.resolve`, so resolve the entry point and walk up to the package.json that names it.
 */
function packageRoot(pkg: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(pkg));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === pkg) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the package folder of ${pkg}`);
    dir = up;
  }
}
