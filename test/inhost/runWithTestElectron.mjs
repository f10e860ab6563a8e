#!/usr/bin/env node
// Runs the in-host suite (index.cjs) in a downloaded desktop VS Code through @vscode/test-electron,
// for machines with internet access (CI here uses code-server instead: test/e2e/inhost.test.mjs).
//   npm run build && node test/inhost/runWithTestElectron.mjs
// Env: VSCODE_VERSION (default 1.100.3, the VS Code inside code-server 4.100.3; 'stable' works too).
// Headless Linux needs a display: xvfb-run -a node test/inhost/runWithTestElectron.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

// The workspace is a scratch copy of examples/ so nothing the user wrote is modified.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-inhost-'));
const workspace = path.join(scratch, 'workspace');
fs.cpSync(path.join(REPO, 'examples'), workspace, { recursive: true });

let exitCode = 0;
try {
  exitCode = await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(HERE, 'index.cjs'),
    extensionTestsEnv: {
      NDIS_INHOST_EXT_ID: `${pkg.publisher}.${pkg.name}`,
      NDIS_INHOST_RESULT: path.join(scratch, 'mocha-result.json'),
    },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay off; the development extension still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(scratch, 'user-data')}`,
    ],
  });
} catch (e) {
  console.error(`in-host tests failed: ${e instanceof Error ? e.message : e}`);
  exitCode = 1;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
