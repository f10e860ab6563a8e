// Editor features end to end: the packaged VSIX in code-server (VS Code 1.100.3), driven by Debian
// chromium through playwright-core, on a copy of examples/. It hovers an NDIS DDI, checks the
// grammar's scope on it, completes members after `MChars.`, applies a quick fix from the Ctrl+.
// menu and waits for its diagnostic to go, and looks at the code lens, the inlay hints and the
// "NDIS Drivers" view (clicking a handler opens it). Screenshots: test-output/e2e/screenshots/editor-*.png.
// Run through `npm run test:e2e` (NDIS_E2E_SUITES=editor for this file alone).
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, copyExamples } from './lib/config.mjs';
import { prepareProfile, installVsix, startCodeServer, extHostLog } from './lib/codeServer.mjs';
import { launchBrowser, pollUntil } from './lib/browser.mjs';
import { readProblems } from './lib/problemsPanel.mjs';

const cfg = loadConfig();
const ROOT = path.join(cfg.out, 'editor');
const ANALYSIS_TIMEOUT = 90_000;
const PROTOCOL = 'protocol/driver.c';
const MINIPORT = 'broken/miniport-handlers/tunvnic.c';

let cs; let ctx; let page; let profile; let ws;
const T0 = Date.now();
const mark = (what) => console.log(`# [${((Date.now() - T0) / 1000).toFixed(1)}s] ${what}`);
const shot = async (name) => {
  const file = path.join(cfg.shots, `editor-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot ${file}`);
};

function uiTest(name, fn) {
  test(name, async () => {
    try {
      // Close whatever an earlier test left open (a menu, a widget) before starting.
      for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
      await fn();
    } catch (e) {
      if (page) await shot(`failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
      throw e;
    }
  });
}

function activationFailure() {
  const lines = extHostLog(profile).split('\n');
  const i = lines.findIndex((l) => l.includes(`Activating extension ${cfg.extId} failed`));
  return i < 0 ? undefined : lines.slice(i, i + 2).join(' ');
}

const quickInput = () => page.locator('.quick-input-widget input.input');

async function runCommand(title) {
  await page.keyboard.press('F1');
  await quickInput().waitFor({ state: 'visible' });
  await quickInput().fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await quickInput().waitFor({ state: 'hidden' });
}

async function openFile(file) {
  const segments = file.split('/');
  const base = segments.at(-1);
  const isActive = async () => {
    if (!(await page.locator('.tabs-container .tab.active', { hasText: base }).count())) return false;
    const items = (await page.locator('.breadcrumbs-control .monaco-breadcrumb-item').allInnerTexts()).map((t) => t.trim());
    return segments.every((seg, i) => items[i] === seg);
  };
  if (await isActive()) return;
  await page.keyboard.press('Control+P');
  await quickInput().waitFor({ state: 'visible' });
  await quickInput().fill(file);
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  await pollUntil(async () => {
    const [name, dir] = await Promise.all(['.label-name', '.label-description']
      .map((sel) => focused.locator(sel).first().textContent({ timeout: 1_000 }).catch(() => '')));
    return name.trim() === base && dir.trim() === segments.slice(0, -1).join('/');
  }, { timeoutMs: 20_000, describe: () => `Quick Open to offer ${file}` });
  await page.keyboard.press('Enter');
  await pollUntil(isActive, { timeoutMs: 10_000, describe: () => `an editor showing ${file}` });
}

/** 1-based line of the first line of `file` containing `needle`. */
function lineOf(file, needle) {
  const lines = fs.readFileSync(path.join(ws, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
}

async function gotoLine(line) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await quickInput().waitFor({ state: 'visible' });
  await quickInput().fill(`:${line}`);
  await page.keyboard.press('Enter');
  await quickInput().waitFor({ state: 'hidden' });
}

/** The rendered token span whose whole text is `text` (the NDIS grammar makes DDIs one token). */
const token = (text) => page.locator('.monaco-editor .view-lines .view-line span > span', { hasText: new RegExp(`^${text}$`) }).first();

/** The visible editor text, with Monaco's non-breaking spaces as spaces. */
const viewText = async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');

async function problemsOf(file) {
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  await page.locator('.markers-panel').waitFor({ state: 'visible' });
  const abs = path.join(ws, file);
  return (await readProblems(page)).filter((p) => p.file === abs && p.source === 'ndis');
}

describe('NDIS Workbench editor features in code-server', { timeout: 600_000 }, () => {
  before(async () => {
    fs.mkdirSync(cfg.shots, { recursive: true });
    ws = copyExamples(cfg, path.join(ROOT, 'workspace'));
    profile = prepareProfile(ROOT, { resetExtensions: true });
    console.log(`# ${installVsix(cfg.codeServer, profile, cfg.vsix)}`);
    // The Explorer shows our view; inlay hints on; no minimap over the right edge of screenshots.
    const settingsFile = path.join(profile.userData, 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    Object.assign(settings, { 'editor.minimap.enabled': false, 'editor.inlayHints.enabled': 'on', 'workbench.colorTheme': 'Default Dark Modern' });
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    cs = await startCodeServer(cfg.codeServer, profile);
    mark(`code-server on ${cs.port}`);
    ({ ctx, page } = await launchBrowser(path.join(ROOT, 'chrome-profile'), cfg.chromium));
    await page.goto(`${cs.origin}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken' }).first().waitFor({ timeout: 60_000 });
    mark('workbench ready');
  });

  after(async () => {
    await ctx?.close().catch(() => {});
    await cs?.stop();
  });

  uiTest('hover on a DDI shows its signature, IRQL and statuses; the grammar scopes it', async () => {
    await openFile(PROTOCOL);
    // The status bar item appears once the server has analysed the driver.
    await pollUntil(() => page.locator('.statusbar-item', { hasText: /NDIS 6\.30/ }).first().isVisible(),
      { timeoutMs: ANALYSIS_TIMEOUT, abortIf: activationFailure, describe: () => 'the NDIS status bar item' });
    await gotoLine(lineOf(PROTOCOL, 'NdisRegisterProtocolDriver('));
    const ddi = token('NdisRegisterProtocolDriver');
    await ddi.waitFor({ state: 'visible', timeout: 20_000 });
    const hover = page.locator('.monaco-hover', { hasText: 'NDIS_STATUS_BAD_CHARACTERISTICS' }).first();
    await pollUntil(async () => {
      // Measured each time: the code lens can arrive and move the line down.
      const box = await ddi.boundingBox();
      await page.mouse.move(box.x + 5, box.y - 25);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      return hover.isVisible();
    }, { timeoutMs: 30_000, intervalMs: 800, describe: () => 'the DDI hover' });
    const text = await hover.innerText();
    assert.match(text, /NdisRegisterProtocolDriver\(/);
    assert.match(text, /IRQL/);
    assert.match(text, /PASSIVE_LEVEL/);
    assert.match(text, /NDIS_STATUS_BAD_VERSION/);
    await shot('01-hover-ddi');
    await page.mouse.move(5, 450);

    await ddi.click();
    await runCommand('Developer: Inspect Editor Tokens and Scopes');
    const inspect = page.locator('.token-inspect-widget');
    await inspect.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await inspect.innerText(), /support\.function\.ddi\.ndis/);
    await shot('02-grammar-scope');
    await page.keyboard.press('Escape');
  });

  uiTest('the code lens above the registration and the IRQL inlay hints', async () => {
    await openFile(PROTOCOL);
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'protocol TUNPROT · NDIS 6.30 · 9 handlers' });
    await pollUntil(() => lens.first().isVisible(), { timeoutMs: ANALYSIS_TIMEOUT, describe: () => 'the code lens' });
    await shot('03-code-lens');
    await openFile('protocol/bind.c');
    await gotoLine(lineOf('protocol/bind.c', 'TunpBindAdapter('));
    await pollUntil(async () => viewText().then((t) => t.includes('PASSIVE_LEVEL')),
      { timeoutMs: ANALYSIS_TIMEOUT, describe: () => 'the PASSIVE_LEVEL inlay hint before TunpBindAdapter' });
    await shot('04-inlay-hints');
  });

  uiTest('navigation: the lens peeks the handlers, F12 jumps to a handler, document and workspace symbols', async () => {
    await openFile(PROTOCOL);
    await gotoLine(lineOf(PROTOCOL, 'NdisRegisterProtocolDriver('));
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'protocol TUNPROT · NDIS 6.30 · 9 handlers' }).first();
    await lens.waitFor({ state: 'visible', timeout: ANALYSIS_TIMEOUT });
    await lens.click();
    const title = page.locator('.monaco-editor .peekview-title').first();
    await title.waitFor({ state: 'visible', timeout: 20_000 });
    await pollUntil(async () => /Locations \(9\)/.test(await title.innerText()), { timeoutMs: 20_000, describe: async () => `the nine handlers in the peek view: ${await title.innerText()}` });
    assert.ok(await page.locator('.monaco-editor .peekview-widget .monaco-list-row', { hasText: 'bind.c' }).first().isVisible(), 'bind.c among the handler files');
    await shot('11-lens-peek-handlers');
    await page.keyboard.press('Escape');

    await gotoLine(lineOf(PROTOCOL, 'ProtocolChars.ReceiveNetBufferListsHandler'));
    await token('ReceiveNetBufferListsHandler').click(); // the member: F12 goes to the function assigned
    await page.keyboard.press('F12');
    await pollUntil(() => page.locator('.tabs-container .tab.active', { hasText: 'recv.c' }).isVisible(), { timeoutMs: 20_000, describe: () => 'recv.c opened by Go to Definition' });
    await shot('12-go-to-definition');

    await openFile(PROTOCOL);
    await page.keyboard.press('Control+Shift+O');
    await quickInput().waitFor({ state: 'visible' });
    const symbolRow = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await pollUntil(() => symbolRow('NdisRegisterProtocolDriver').isVisible(), { timeoutMs: 20_000, describe: async () => `document symbols: ${JSON.stringify(await page.locator('.quick-input-list .monaco-list-row').allInnerTexts())}` });
    assert.ok(await symbolRow('BindAdapterHandlerEx').isVisible());
    await shot('13-document-symbols');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+T');
    await quickInput().waitFor({ state: 'visible' });
    await quickInput().fill('#TunpRecv');
    await pollUntil(async () => /ProtocolReceiveNetBufferLists/.test(await symbolRow('TunpReceiveNetBufferLists').innerText().catch(() => '')),
      { timeoutMs: 20_000, describe: async () => `workspace symbols: ${JSON.stringify(await page.locator('.quick-input-list .monaco-list-row').allInnerTexts())}` });
    await shot('14-workspace-symbols');
    await page.keyboard.press('Escape');
  });

  uiTest('completion after `MChars.` offers the missing mandatory handlers first', async () => {
    await openFile(MINIPORT);
    await gotoLine(lineOf(MINIPORT, 'MChars.DevicePnPEventNotifyHandler'));
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('MChars.', { delay: 30 });
    const rows = page.locator('.suggest-widget .monaco-list-row');
    await pollUntil(async () => (await rows.count()) > 0 && /ShutdownHandlerEx/.test(await rows.first().innerText()),
      { timeoutMs: 30_000, describe: async () => `the suggest widget with ShutdownHandlerEx first; rows: ${JSON.stringify(await rows.allInnerTexts())}` });
    const labels = (await rows.allInnerTexts()).map((t) => t.split('\n')[0].trim());
    assert.equal(labels[0], 'ShutdownHandlerEx');
    assert.equal(labels[1], 'CancelOidRequestHandler');
    assert.ok(!labels.includes('InitializeHandlerEx'), `an assigned member is offered: ${labels.join(', ')}`);
    await shot('05-completion');
    await page.keyboard.press('Escape');
    await runCommand('File: Revert File');
  });

  uiTest('a quick fix from Ctrl+. adds the missing handlers and its diagnostic goes away', async () => {
    await openFile(MINIPORT);
    let before = [];
    await pollUntil(async () => (before = await problemsOf(MINIPORT)).some((p) => p.code === 'NDIS105'),
      { timeoutMs: ANALYSIS_TIMEOUT, describe: () => `NDIS105 in the Problems panel for ${MINIPORT}` });
    await openFile(MINIPORT);
    await gotoLine(lineOf(MINIPORT, 'NdisMRegisterMiniportDriver(DriverObject'));
    await token('NdisMRegisterMiniportDriver').click();
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Add the missing handlers ShutdownHandlerEx, CancelOidRequestHandler' }).first();
    await fix.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('06-quick-fix-menu');
    // The menu is driven with the keyboard, as users do (a pointer block covers it to the mouse).
    await pollUntil(async () => {
      if (/\bfocused\b/.test((await fix.getAttribute('class')) ?? '')) return true;
      await page.keyboard.press('ArrowDown');
      return false;
    }, { timeoutMs: 10_000, describe: () => 'the fix focused in the Quick Fix menu' });
    await page.keyboard.press('Enter');
    await pollUntil(async () => viewText().then((t) => t.includes('ShutdownHandlerEx = TunvShutdownEx')),
      { timeoutMs: 20_000, describe: () => 'the assignment the fix inserts' });
    await shot('07-quick-fix-applied');
    let after = [];
    await pollUntil(async () => !(after = await problemsOf(MINIPORT)).some((p) => p.code === 'NDIS105') && after.length > 0,
      { timeoutMs: ANALYSIS_TIMEOUT, describe: () => `NDIS105 gone from the Problems panel; listed: ${after.map((p) => p.code).join(', ')}` });
    const codes = (ps) => ps.map((p) => p.code).sort();
    assert.deepEqual(codes(after), codes(before).filter((c) => c !== 'NDIS105'), 'the fix removed NDIS105 and added nothing');
    await shot('08-problems-after-fix');
  });

  uiTest('the NDIS Drivers view lists drivers, registrations and handlers; a click opens the handler', async () => {
    await runCommand('View: Show Explorer');
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'NDIS Drivers' }) }).first();
    await pane.waitFor({ state: 'visible', timeout: 20_000 });
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // Give the view room: collapse the file explorer above it.
    const folders = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*(workspace|WORKSPACE)/ }) }).first();
    const fh = folders.locator('.pane-header').first();
    if ((await fh.count()) && (await fh.getAttribute('aria-expanded')) === 'true') await fh.click();
    const row = (text) => pane.locator('.monaco-list-row', { hasText: text }).first();
    const rows = async () => JSON.stringify(await pane.locator('.monaco-list-row').allInnerTexts());
    await pollUntil(() => row('protocol — protocol').isVisible(), { timeoutMs: ANALYSIS_TIMEOUT, describe: async () => `the protocol driver in the view: ${await rows()}` });
    assert.match(await row('protocol — protocol').innerText(), /NDIS 6\.30 · no problems/);
    // Counts cover drivers with no open file: the broken IRQL filter has two errors.
    await pollUntil(async () => /2 errors/.test(await row('irql — filter').innerText().catch(() => '')),
      { timeoutMs: ANALYSIS_TIMEOUT, describe: async () => `"2 errors" on the irql driver: ${await rows()}` });
    if ((await row('protocol — protocol').getAttribute('aria-expanded')) !== 'true') await row('protocol — protocol').click();
    await pollUntil(() => row('TunpBindAdapter').isVisible(), { timeoutMs: 20_000, describe: async () => `the TunpBindAdapter handler row: ${await rows()}` });
    assert.match(await row('TunpBindAdapter').innerText(), /BindAdapterHandlerEx · PASSIVE_LEVEL/);
    assert.match(await row('protocol TUNPROT').innerText(), /NdisRegisterProtocolDriver · NDIS 6\.30 · 9 handlers/);
    await shot('09-driver-view');
    await row('TunpBindAdapter').click();
    await pollUntil(() => page.locator('.tabs-container .tab.active', { hasText: 'bind.c' }).isVisible(), { timeoutMs: 10_000, describe: () => 'bind.c opened from the view' });
    await shot('10-driver-view-navigated');
  });

  uiTest('no error notifications and no extension errors', async () => {
    const log = extHostLog(profile);
    const lines = log.split('\n');
    const failures = lines.flatMap((l, i) => (l.includes('[error]') && l.includes(cfg.extId) ? [l, lines[i + 1] ?? ''] : []));
    assert.deepEqual(failures, [], failures.join('\n'));
    const toasts = await page.locator('.notifications-toasts .notification-list-item')
      .filter({ has: page.locator('.notification-list-item-icon.codicon-error') }).allInnerTexts();
    assert.deepEqual(toasts, []);
  });

  uiTest('after the language server is killed it restarts: hover and the driver view work again', async () => {
    // The server of *this* code-server profile, by its pid (dist/server.js inside our extensions dir).
    const serverPids = () => execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n')
      .filter((l) => l.includes(profile.extensions) && l.includes(path.join('dist', 'server.js')))
      .map((l) => Number(l.trim().split(/\s+/)[0]));
    const [pid] = serverPids();
    assert.ok(pid, 'the language server process of this profile');
    process.kill(pid, 'SIGKILL');
    await pollUntil(() => serverPids().some((p) => p !== pid), { timeoutMs: 60_000, describe: () => 'a restarted language server' });
    mark(`server ${pid} killed, restarted as ${serverPids().join(', ')}`);
    await openFile(PROTOCOL);
    await gotoLine(lineOf(PROTOCOL, 'NdisRegisterProtocolDriver('));
    const ddi = token('NdisRegisterProtocolDriver');
    await ddi.waitFor({ state: 'visible', timeout: 20_000 });
    const hover = page.locator('.monaco-hover', { hasText: 'NDIS_STATUS_BAD_CHARACTERISTICS' }).first();
    await pollUntil(async () => {
      // Measured each time: the code lens can arrive and move the line down.
      const box = await ddi.boundingBox();
      await page.mouse.move(box.x + 5, box.y - 25);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      return hover.isVisible();
    }, { timeoutMs: ANALYSIS_TIMEOUT, intervalMs: 1000, describe: () => 'the DDI hover from the restarted server' });
    await page.mouse.move(5, 450);
    await runCommand('NDIS: Refresh NDIS Drivers');
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'NDIS Drivers' }) }).first();
    await pollUntil(() => pane.locator('.monaco-list-row', { hasText: 'protocol — protocol' }).first().isVisible(),
      { timeoutMs: ANALYSIS_TIMEOUT, describe: () => 'the driver view after the restart' });
    await shot('15-after-server-restart');
  });

});
