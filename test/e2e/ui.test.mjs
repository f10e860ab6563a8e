// UI end-to-end test: the packaged VSIX installed into a real code-server (VS Code 1.100.3), driven
// by Debian chromium through playwright-core. Run through `npm run test:e2e` (test/e2e/run.mjs
// installs code-server and the VSIX first); on its own: `node --test test/e2e/ui.test.mjs`.
// Screenshots go to test-output/e2e/screenshots/. Environment: see lib/config.mjs.
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { loadConfig, copyExamples } from './lib/config.mjs';
import { prepareProfile, installVsix, startCodeServer, extHostLog } from './lib/codeServer.mjs';
import { launchBrowser, pollUntil } from './lib/browser.mjs';
import { readProblems, scrollProblemsToTop } from './lib/problemsPanel.mjs';

const require = createRequire(import.meta.url);
const { loadExpected, codesByFile, pickUiFile, firstBrokenSource } = require('../inhost/expected.cjs');

const cfg = loadConfig();
/** The status-bar item format; relax here if the item's text changes. */
const STATUS_RE = /NDIS \d\.\d+ · (protocol|miniport|filter|provider)/;
const SQUIGGLE = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning';
const ANALYSIS_TIMEOUT = 90_000; // cold start: extension host + language server + first analysis
const CLEAN_EXAMPLE = 'protocol/driver.c';

let cs; let ctx; let page; let profile; let ws; let target;
const consoleErrors = [];
const T0 = Date.now();
const mark = (what) => console.log(`# [${((Date.now() - T0) / 1000).toFixed(1)}s] ${what}`);
const shot = async (name) => {
  const file = path.join(cfg.shots, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot ${file}`);
};

/** node:test `test` that leaves a screenshot of the workbench when it fails. */
function uiTest(name, fn) {
  test(name, async () => {
    try {
      await fn();
    } catch (e) {
      if (page) await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
      throw e;
    }
  });
}

/** The extension host's report of a failed activation, if any (ends waits early). */
function activationFailure() {
  const lines = extHostLog(profile).split('\n');
  const i = lines.findIndex((l) => l.includes(`Activating extension ${cfg.extId} failed`));
  return i < 0 ? undefined : lines.slice(i, i + 2).join(' ');
}

async function runCommand(title) {
  await page.keyboard.press('F1'); // command palette
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Opens `file` (relative to the workspace) through Quick Open (server-side ripgrep search),
 *  unless it is the active editor already. */
async function ensureOpen(file) {
  const segments = file.split('/');
  const base = segments.at(-1);
  const isActive = async () => {
    if (!(await page.locator('.tabs-container .tab.active', { hasText: base }).count())) return false;
    // breadcrumbs: folder segments, the file, then possibly symbols
    const items = (await page.locator('.breadcrumbs-control .monaco-breadcrumb-item').allInnerTexts()).map((t) => t.trim());
    return segments.every((seg, i) => items[i] === seg);
  };
  if (await isActive()) return;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(file);
  // wait until the focused row is this very file, not another driver's file of the same name
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  await pollUntil(async () => {
    const [name, dir] = await Promise.all(['.label-name', '.label-description']
      .map((sel) => focused.locator(sel).first().textContent({ timeout: 1_000 }).catch(() => '')));
    return name.trim() === base && dir.trim() === segments.slice(0, -1).join('/');
  }, { timeoutMs: 20_000, describe: () => `Quick Open to offer ${file}` });
  await page.keyboard.press('Enter');
  await pollUntil(isActive, { timeoutMs: 10_000, describe: () => `an editor showing ${file}` });
}
const ensureTargetOpen = () => ensureOpen(target.file);

/** Squiggles are only rendered for visible lines: jump to a problem of the active file unless one
 *  is already on screen (Alt+F8 = Go to Next Problem; its peek widget is closed again). */
async function revealProblemInEditor() {
  const peek = page.locator('.monaco-editor .marker-widget').first();
  await pollUntil(async () => {
    if (await page.locator(SQUIGGLE).first().isVisible()) return true;
    await page.locator('.tabs-container .tab.active').click(); // focus the editor
    await page.keyboard.press('Alt+F8');
    if (await peek.isVisible()) {
      await page.keyboard.press('Escape');
      await peek.waitFor({ state: 'hidden' });
    }
    return page.locator(SQUIGGLE).first().isVisible();
  }, { timeoutMs: ANALYSIS_TIMEOUT, intervalMs: 1000, abortIf: activationFailure, describe: () => `an error or warning squiggle in ${target.file}` });
}

async function showProblems() {
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  await page.locator('.markers-panel').waitFor({ state: 'visible' });
}

describe('NDIS Workbench in code-server (UI)', { timeout: 600_000 }, () => {
  before(async () => {
    fs.mkdirSync(cfg.shots, { recursive: true });
    ws = copyExamples(cfg, path.join(cfg.ui, 'workspace'));
    const expected = loadExpected(ws, { allowMissing: cfg.allowNoExpected });
    if (cfg.uiFile) target = { file: cfg.uiFile, codes: codesByFile(expected.entries).get(cfg.uiFile) ?? [] };
    else target = pickUiFile(expected.entries) ?? { file: firstBrokenSource(ws), codes: [] };
    assert.ok(target.file && fs.existsSync(path.join(ws, target.file)), `no broken example to open under ${ws}/broken`);
    if (expected.missing) console.log('# WARNING: examples/broken/expected.json missing; only checking for some NDIS code');
    console.log(`# UI target ${target.file}, expected codes: ${target.codes.join(', ') || '(any NDIS code)'}`);

    profile = prepareProfile(cfg.ui); // keeps extensions/: run.mjs installed the VSIX there
    const installed = fs.readdirSync(profile.extensions).some((d) => d.toLowerCase().startsWith(`${cfg.extId}-`));
    if (!installed) console.log(`# ${installVsix(cfg.codeServer, profile, cfg.vsix)}`);
    cs = await startCodeServer(cfg.codeServer, profile);
    mark(`code-server listening on ${cs.port} (log ${profile.log})`);
    ({ ctx, page } = await launchBrowser(path.join(cfg.ui, 'chrome-profile'), cfg.chromium));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  });

  after(async () => {
    if (consoleErrors.length) console.log(`# browser console errors (not asserted):\n#   ${consoleErrors.slice(0, 10).join('\n#   ')}`);
    await ctx?.close().catch(() => {});
    await cs?.stop();
    mark(`stopped; screenshots in ${cfg.shots}`);
  });

  uiTest('workbench opens a copy of examples/', async () => {
    await page.goto(`${cs.origin}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken' }).first().waitFor({ timeout: 60_000 });
    mark('workbench ready');
    await shot('01-workbench');
  });

  uiTest('Problems panel lists the NDIS codes expected for the broken example', async () => {
    await ensureTargetOpen();
    mark(`${target.file} open`);
    await showProblems();
    const abs = path.join(ws, target.file);
    let codes = [];
    await pollUntil(async () => {
      codes = [...new Set((await readProblems(page)).filter((p) => p.file === abs && p.source === 'ndis').map((p) => p.code))];
      return target.codes.length ? target.codes.every((c) => codes.includes(c)) : codes.some((c) => /^NDIS\d{3}$/.test(c));
    }, {
      timeoutMs: ANALYSIS_TIMEOUT,
      abortIf: activationFailure,
      describe: () => `codes ${target.codes.join(', ')} in the Problems panel for ${abs}; listed: ${codes.join(', ') || 'none'}`,
    });
    mark(`Problems panel lists ${codes.join(', ')}`);
  });

  uiTest('an NDIS problem is underlined in the editor', async () => {
    await ensureTargetOpen();
    await revealProblemInEditor();
    await showProblems(); // screenshot: editor with squiggles + Problems panel, scrolled to its top
    await page.locator('.markers-panel .monaco-list-row').first().waitFor();
    await scrollProblemsToTop(page);
    await shot('02-editor-squiggles-problems');
  });

  uiTest('hovering a squiggle shows the NDIS message', async () => {
    await ensureTargetOpen();
    await revealProblemInEditor();
    // A squiggle whose middle is not covered by a widget. The decoration lies under the text layer,
    // so hover by coordinates rather than with locator.hover().
    const point = await page.locator(SQUIGGLE).evaluateAll((els) => {
      for (const e of els) {
        const r = e.getBoundingClientRect();
        const x = r.left + Math.min(r.width / 2, 40); const y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        if (r.width > 0 && hit && hit.closest('.monaco-editor .view-lines, .monaco-editor .view-overlays')) return { x, y };
      }
      return undefined;
    });
    assert.ok(point, 'no squiggle is uncovered in the editor viewport');
    const hover = page.locator('.monaco-hover', { hasText: /NDIS\d{3}/ }).first();
    await page.mouse.move(point.x, point.y - 30);
    await pollUntil(async () => {
      await page.mouse.move(point.x, point.y, { steps: 2 });
      return hover.isVisible();
    }, { timeoutMs: 20_000, intervalMs: 500, describe: () => `an editor hover with an NDIS code at ${JSON.stringify(point)}` });
    const text = await hover.innerText();
    assert.match(text, /NDIS\d{3}/);
    assert.match(text, /ndis/);
    await shot('03-hover');
    await page.mouse.move(5, 450); // move away so the hover does not cover later screenshots
  });

  uiTest('status bar shows the NDIS version and driver kind', async () => {
    // The clean protocol example declares a valid NDIS version (a broken one may not).
    const file = fs.existsSync(path.join(ws, CLEAN_EXAMPLE)) ? CLEAN_EXAMPLE : target.file;
    await ensureOpen(file);
    const item = page.locator('.statusbar-item').filter({ hasText: STATUS_RE }).first();
    await pollUntil(() => item.isVisible(), {
      timeoutMs: ANALYSIS_TIMEOUT,
      abortIf: activationFailure,
      describe: async () => `a status-bar item matching ${STATUS_RE} for ${file}; items: ${JSON.stringify((await page.locator('.statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean))}`,
    });
    mark(`status bar for ${file}: ${(await item.innerText()).trim()}`);
  });

  uiTest('extension activated without error notifications', async () => {
    let log = '';
    await pollUntil(() => (log = extHostLog(profile)).includes(`_doActivateExtension ${cfg.extId}`),
      { timeoutMs: ANALYSIS_TIMEOUT, describe: () => `activation of ${cfg.extId} in ${profile.userData}/logs` });
    const lines = log.split('\n'); // an [error] line naming the extension, then usually the error itself
    const failures = lines.flatMap((l, i) => (l.includes('[error]') && l.includes(cfg.extId) ? [l, lines[i + 1] ?? ''] : []));
    assert.deepEqual(failures, [], `the extension host logged errors for ${cfg.extId}:\n${failures.join('\n')}`);
    const errorToasts = await page.locator('.notifications-toasts .notification-list-item')
      .filter({ has: page.locator('.notification-list-item-icon.codicon-error') })
      .allInnerTexts();
    assert.deepEqual(errorToasts, [], `error notifications are showing: ${errorToasts.join(' | ')}`);
  });
});
