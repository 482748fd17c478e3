// Starts the tslab TypeScript kernel for parm-sim's notebooks. Jupyter finds this kernelspec
// through JUPYTER_PATH=notebooks (notebooks/lib/execute.py sets it).
//
// Why a launcher instead of `tslab install`: `tslab install` registers a kernel for whichever
// python it finds first, and its kernel runs in the notebook's folder. This one runs the tslab of
// this repository (a devDependency) from the repository root, so cells import project files
// root-relative (`./dist/sim/...`, `./notebooks/lib/...`) wherever the notebook lives.
'use strict';
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const connectionFile = process.argv[2];
if (!connectionFile) {
  console.error('usage: start-kernel.cjs CONNECTION_FILE (Jupyter passes it)');
  process.exit(2);
}
// tslab compiles cells to CommonJS, so `import ... from './dist/sim/...'` becomes require() of an
// ES module, which Node supports without a flag from 20.19 on.
if (process.features.require_module !== true) {
  console.error(`parm-sim's notebooks need Node 20.19 or later (require() of ES modules); this is ${process.version}`);
  process.exit(1);
}
process.chdir(root);
const { startKernel } = require(path.join(root, 'node_modules', 'tslab', 'dist', 'main.js'));
startKernel({ configPath: connectionFile, enableFindLocal: false, jsKernel: false, globalVersion: '' });
