// Runs the mocha suite in test/inhost/ INSIDE code-server's real Node extension host (the real
// `vscode` API), the offline equivalent of @vscode/test-electron. code-server's CLI rejects
// --extensionDevelopmentPath / --extensionTestsPath, so the browser passes them in the workbench
// URL's `payload` parameter as vscode-remote:// URIs; when the suite's run() settles the workbench
// calls the page's exposed window.codeAutomationExit(code).
// The extension is loaded from its folder (package.json + dist/), as test-electron does; the
// workspace is a scratch copy of examples/. Environment: see lib/config.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { loadConfig, copyExamples } from './lib/config.mjs';
import { prepareProfile, startCodeServer } from './lib/codeServer.mjs';
import { launchBrowser, withTimeout } from './lib/browser.mjs';

const cfg = loadConfig();
const TESTS_PATH = path.join(cfg.repo, 'test', 'inhost', 'index.cjs');
const SUITE_TIMEOUT_MS = 240_000;

test('mocha suite inside the code-server extension host', { timeout: SUITE_TIMEOUT_MS + 60_000 }, async () => {
  const t0 = Date.now();
  const profile = prepareProfile(cfg.inhost, { resetExtensions: true }); // empty: only the dev extension loads
  const ws = copyExamples(cfg, path.join(cfg.inhost, 'workspace'));
  const resultFile = path.join(cfg.inhost, 'mocha-result.json');
  fs.rmSync(resultFile, { force: true });
  fs.mkdirSync(cfg.shots, { recursive: true });

  let cs; let ctx; let page;
  try {
    cs = await startCodeServer(cfg.codeServer, profile, {
      env: { // code-server's environment reaches the extension host, hence the suite
        NDIS_INHOST_RESULT: resultFile,
        NDIS_INHOST_EXT_ID: cfg.extId,
        NDIS_INHOST_ALLOW_NO_EXPECTED: cfg.allowNoExpected ? '1' : '',
      },
    });
    ({ ctx, page } = await launchBrowser(path.join(cfg.inhost, 'chrome-profile'), cfg.chromium));
    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    // Extension-host console output arrives in the page console through the workbench's log service
    // as ('%c INFO', 'color: ...', fmt, ...args), mixed with the workbench's own log lines. Mocha's
    // reporter (and the suite's own notes) always use a format string, which tells them apart.
    page.on('console', async (m) => {
      const a = await Promise.all(m.args().map((h) => h.jsonValue().catch(() => '?')));
      if (typeof a[0] === 'string' && a[0].startsWith('%c') && a.length > 3 && /%[sdifoOj]/.test(String(a[2]))) {
        console.log(util.format(...a.slice(2)).trimEnd().split('\n').map((l) => `# [exthost] ${l}`).join('\n'));
      }
    });
    const authority = `127.0.0.1:${cs.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${cfg.extDir}`],
      ['extensionTestsPath', `vscode-remote://${authority}${TESTS_PATH}`],
    ];
    await page.goto(`${cs.origin}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await withTimeout(exited, SUITE_TIMEOUT_MS, 'in-host mocha suite (codeAutomationExit)').catch(async (e) => {
      await page.screenshot({ path: path.join(cfg.shots, 'inhost-timeout.png') }).catch(() => {});
      throw e;
    });
    console.log(`# in-host run finished in ${((Date.now() - t0) / 1000).toFixed(1)} s, exit code ${code}`);
    assert.ok(fs.existsSync(resultFile), `the suite wrote no result file (${resultFile}); did run() start? See ${profile.userData}/logs`);
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    console.log(`# in-host mocha: ${result.stats.passes} passed, ${result.stats.failures} failed, ${result.stats.pending} pending`);
    for (const f of result.failed) console.log(`# FAILED ${f.title} (details in the mocha output above)`);
    assert.equal(result.failures, 0, `in-host failures: ${result.failed.map((f) => f.title).join('; ')}`);
    assert.equal(code, 0, 'extension-host test exit code');
    assert.ok(result.stats.passes > 0, 'ran some tests');
  } finally {
    await ctx?.close().catch(() => {});
    await cs?.stop();
  }
});
