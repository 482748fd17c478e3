import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The browser builds report.html carries inline, in the order they must load: vega-embed
 * expects the globals `vega` and `vegaLite`. Inline, not from a CDN, so the page works offline
 * and shows what this build of parm-sim would draw, not whatever a CDN serves later.
 */
const builds = [
  { pkg: 'vega', file: 'build/vega.min.js' },
  { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

let cached: { name: string; version: string; code: string }[] | undefined;

/**
 * The minified builds with their versions, read once per process. Found by module resolution
 * from this file, so they are the copies parm-sim itself depends on wherever it is installed
 * (the current folder plays no part).
 */
export function browserLibraries(): { name: string; version: string; code: string }[] {
  cached ??= builds.map(({ pkg, file }) => {
    const root = packageRoot(pkg);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    const code = readFileSync(join(root, file), 'utf8');
    // Inline, the text must not close its own <script> element; none of these builds does today.
    if (/<\/script/i.test(code)) throw new Error(`${pkg}/${file} contains "</script" and cannot be inlined`);
    return { name: pkg, version, code };
  });
  return cached;
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
