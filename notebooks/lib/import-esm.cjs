// tslab compiles notebook cells (and the .ts files they import) to CommonJS, where `import()`
// becomes `require()`; Node's require() refuses ES modules with top-level await (vega's canvas
// probe), so the plot renderer cannot be loaded that way. A real CommonJS file keeps a real
// dynamic import.
'use strict';
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

/** Imports an ES module by path, relative to the working directory (the repository root in the notebooks). */
exports.importEsm = (file) => import(pathToFileURL(resolve(file)).href);
