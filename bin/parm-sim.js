#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm ci` (the `prepare` script) or `npm run build`.
import('../dist/sim/cli/main.js').then((cli) => cli.main(process.argv.slice(2)));
