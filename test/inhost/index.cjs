// Entry point the VS Code extension host loads through extensionTestsPath: both code-server (see
// test/e2e/inhost.test.mjs) and @vscode/test-electron (see runWithTestElectron.mjs) call run().
// It must settle: VS Code exits (or calls codeAutomationExit) with 0 on resolve, 1 on reject.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.cjs'));
  return new Promise((resolve, reject) => {
    const failed = [];
    const runner = mocha.run((failures) => {
      const resultFile = process.env.NDIS_INHOST_RESULT; // set by the code-server harness
      if (resultFile) {
        fs.writeFileSync(resultFile, JSON.stringify({ failures, stats: runner.stats, failed }, null, 2));
      }
      if (failures) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
    runner.on('fail', (t, err) => failed.push({ title: t.fullTitle(), error: err && (err.stack || err.message) }));
  });
};
