#!/usr/bin/env node
// ndiswb: the NDIS Workbench command line (bundled in dist/cli.js by `npm run build`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('ndiswb: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(cli).main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`ndiswb: internal error: ${e && e.message ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
