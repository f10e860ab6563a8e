// Run and trace end to end: the packaged VSIX in code-server (VS Code 1.100.3), driven by Debian
// chromium through playwright-core, on a copy of examples/. It runs a long scenario and watches
// rows arrive live (follow, stop), runs the demo from the command palette, filters, follows an
// NBL, reads a packet's decoded layers and bytes, exports the capture (tshark reads it) and an
// HTML report (it renders offline) and JSONL (Open Trace… reads it back), runs the example
// protocol driver's own code from the ▶ Simulate lens and clicks an event to land on its source
// line, checks scenario diagnostics and completion, shows the bug-check banner and the budget
// message, and takes a screenshot of each view in the dark and the light theme (and one in high contrast):
// test-output/e2e/screenshots/trace-*.png.
// Run through `npm run test:e2e` (NDIS_E2E_SUITES=trace for this file alone).
import { describe, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, copyExamples } from './lib/config.mjs';
import { prepareProfile, installVsix, startCodeServer, extHostLog } from './lib/codeServer.mjs';
import { launchBrowser, pollUntil } from './lib/browser.mjs';

const cfg = loadConfig();
const ROOT = path.join(cfg.out, 'trace');
const TSHARK = process.env.TSHARK || '/usr/bin/tshark';
const DEMO = 'scenarios/demo.yaml';
const LEAK = 'scenarios/faults/leaked-nbl.yaml';
const DEMO_EVENTS = 970; // `ndiswb run examples/scenarios/demo.yaml`: the same seed, the same trace
const DEMO_FRAMES = 60; // its pcapng frames (send and indicate hops)

let cs; let ctx; let page; let profile; let ws; let out;
const cspErrors = [];
const T0 = Date.now();
const mark = (what) => console.log(`# [${((Date.now() - T0) / 1000).toFixed(1)}s] ${what}`);
const shot = async (name) => {
  const file = path.join(cfg.shots, `trace-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`# screenshot ${file}`);
};

function uiTest(name, fn) {
  test(name, async () => {
    try {
      if (await quickInput().isVisible()) await page.keyboard.press('Escape');
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

/** Opens the command palette; when focus sits where F1 does not reach (a webview after a picker closed), the title bar gets it first. */
async function openPalette() {
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await quickInput().waitFor({ state: 'visible', timeout: 3_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.locator('.part.titlebar').click({ position: { x: 200, y: 15 } });
    }
  }
}

async function runCommand(title) {
  await openPalette();
  await quickInput().fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await quickInput().waitFor({ state: 'hidden' });
}

async function openFile(file) {
  const segments = file.split('/');
  const base = segments.at(-1);
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
  await pollUntil(() => page.locator('.tabs-container .tab.active', { hasText: base }).isVisible(), { timeoutMs: 10_000, describe: () => `an editor showing ${file}` });
}

/** The trace viewer in the visible webview (the webview's iframe, then its content frame). */
const viewer = () => page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
const rows = (panel = 'events') => viewer().locator(`#panel-${panel} .vlist-layer [data-seq]`);
const statusText = () => viewer().locator('#run-status').innerText({ timeout: 2_000 }).catch(() => '');

/** Visible rows of the event table as data: seq, kind, component, what, details. */
async function tableRows() {
  return rows('events').evaluateAll((els) => els.filter((e) => e.offsetParent && getComputedStyle(e).display !== 'none').map((e) => {
    const c = (k) => e.querySelector(`.c-${k}`)?.textContent ?? '';
    return { seq: Number(e.dataset.seq), i: Number(e.dataset.i), kind: c('kind'), component: c('component'), what: c('what'), details: c('details'), nbl: c('nbl'), source: c('source'), selected: e.classList.contains('selected'), followed: e.classList.contains('followed') };
  }));
}

async function waitRunEnd(describe) {
  await pollUntil(async () => {
    const s = await statusText();
    return s && !/Running|Loading/.test(s) ? s : undefined;
  }, { timeoutMs: 120_000, abortIf: activationFailure, describe: () => `the end of ${describe}` });
  return statusText();
}

/** Closes every editor and trace panel. */
async function closeAll() {
  await runCommand('View: Close All Editors');
  await pollUntil(async () => (await page.locator('iframe.webview.ready').count()) === 0 || !(await page.locator('iframe.webview.ready >> visible=true').count()),
    { timeoutMs: 10_000, describe: () => 'the trace panels to close' });
}

async function clearNotifications() {
  await runCommand('Notifications: Clear All Notifications');
}

/** Answers VS Code's file dialog (the simple, quick-input dialog in code-server): the path, then OK. */
async function answerFileDialog(file) {
  await quickInput().waitFor({ state: 'visible', timeout: 20_000 });
  // Typed, not filled: the dialog rewrites its value as it changes (fill would land after its folder).
  await pollUntil(async () => {
    await quickInput().press('Control+a');
    await quickInput().pressSequentially(file, { delay: 5 });
    return (await quickInput().inputValue()) === file;
  }, { timeoutMs: 20_000, intervalMs: 500, describe: async () => `the dialog to take ${file} (has ${await quickInput().inputValue()})` });
  await page.locator('.quick-input-widget .monaco-button', { hasText: /^(OK|Open Trace|Export)$/ }).first().click();
  await quickInput().waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Saves through the save dialog and waits for the file. */
async function answerSaveDialog(file) {
  await answerFileDialog(file);
  await pollUntil(() => fs.existsSync(file) && fs.statSync(file).size > 0, { timeoutMs: 30_000, describe: () => `${file} to be written` });
}

/** The trace panel (the active editor) takes the whole window, for screenshots that show the views. */
async function maximizeTrace() {
  await viewer().locator('#run-status').waitFor({ timeout: 60_000 });
  // the command exists when there is another group to shrink (the scenario's editor)
  if (await page.locator('.editor-group-container').count() > 1) await runCommand('View: Maximize Editor Group and Hide Side Bars');
}

async function setTheme(name) {
  await openPalette();
  await quickInput().fill('>Preferences: Color Theme');
  // not "Preferences: Browse Color Themes in Marketplace", which can rank first
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click();
  await quickInput().fill(name);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await quickInput().waitFor({ state: 'hidden' });
}

describe('NDIS run and trace in code-server', { timeout: 900_000 }, () => {
  before(async () => {
    fs.mkdirSync(cfg.shots, { recursive: true });
    ws = copyExamples(cfg, path.join(ROOT, 'workspace'));
    out = path.join(ROOT, 'exports');
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    // A scenario that runs long enough to watch it grow (8M events; stopped early), one that a budget stops.
    const bench = `hosts:
  - name: alice
    drivers:
      - builtin: VETH
      - builtin: TINYLWF
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.1/24 } }
    adapters: [{ name: eth0, driver: VETH }]
  - name: bob
    drivers:
      - builtin: VETH
      - builtin: TINYIP
        adapterParameters: { eth0: { IPAddress: 10.0.0.2/24 } }
    adapters: [{ name: eth0, driver: VETH }]
wires:
  - { name: w0, between: [alice/eth0, bob/eth0], bandwidth: 100Gbps, latency: 1us }
traffic:
  - at: 1ms
    udp: { from: alice, to: 10.0.0.2, port: 7, payload: flood, count: 1000000000, interval: 2us }
`;
    fs.writeFileSync(path.join(ws, 'scenarios', 'long.yaml'), `name: long - UDP echo until 8M events\nseed: 1\n${bench}stop: { events: 8000000, teardown: false }\nlimits: { maxEvents: 100000000, maxWallTime: 300s, maxVirtualTime: 100000s }\n`);
    fs.writeFileSync(path.join(ws, 'scenarios', 'runaway.yaml'), `name: runaway - never stops\nseed: 1\n${bench}limits: { maxEvents: 20000 }\n`);
    profile = prepareProfile(ROOT, { resetExtensions: true });
    console.log(`# ${installVsix(cfg.codeServer, profile, cfg.vsix)}`);
    const settingsFile = path.join(profile.userData, 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    Object.assign(settings, { 'editor.minimap.enabled': false, 'workbench.colorTheme': 'Default Dark Modern', 'files.simpleDialog.enable': true });
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    cs = await startCodeServer(cfg.codeServer, profile);
    mark(`code-server on ${cs.port}`);
    ({ ctx, page } = await launchBrowser(path.join(ROOT, 'chrome-profile'), cfg.chromium));
    page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) cspErrors.push(m.text()); });
    await page.goto(`${cs.origin}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'scenarios' }).first().waitFor({ timeout: 60_000 });
    mark('workbench ready');
  });

  after(async () => {
    await ctx?.close().catch(() => {});
    await cs?.stop();
  });

  uiTest('a long run streams rows live with follow on, and Stop Simulation stops it', async () => {
    await openFile('scenarios/long.yaml');
    await runCommand('NDIS: Run Scenario…');
    await maximizeTrace();
    // Live: the count grows between two looks while the status says Running.
    const seen = [];
    await pollUntil(async () => {
      const s = await statusText();
      const m = /Running… ([\d,]+) events/.exec(s);
      if (m) seen.push(Number(m[1].replace(/,/g, '')));
      return new Set(seen).size >= 3;
    }, { timeoutMs: 60_000, intervalMs: 300, abortIf: activationFailure, describe: () => `three growing event counts while running (saw ${seen.join(', ')})` });
    assert.ok(seen.every((n, k) => k === 0 || n >= seen[k - 1]), `counts only grow: ${seen.join(', ')}`);
    // Follow is on: the newest rows are on screen.
    assert.equal(await viewer().locator('#follow').getAttribute('aria-pressed'), 'true');
    const total = Number((await viewer().locator('#row-count').innerText()).replace(/\D/g, ''));
    await pollUntil(async () => {
      const r = await tableRows();
      const now = Number((await viewer().locator('#row-count').innerText()).replace(/\D/g, ''));
      return r.length > 5 && Math.max(...r.map((x) => x.seq)) > now - 200 && now >= total;
    }, { timeoutMs: 20_000, describe: () => 'the last rows on screen while following' });
    await shot('01-live-run-dark');
    await runCommand('NDIS: Stop Simulation');
    const end = await waitRunEnd('the long run');
    assert.match(end, /stopped/);
    mark(`long run: ${end}`);
    await closeAll();
  });

  uiTest('the demo runs from the command palette and ends clean', async () => {
    await openFile(DEMO);
    await runCommand('NDIS: Run Scenario…');
    await maximizeTrace();
    const end = await waitRunEnd('the demo');
    assert.match(end, /clean/);
    assert.match(await viewer().locator('#row-count').innerText(), new RegExp(`${DEMO_EVENTS.toLocaleString('en-US')} events`));
    const r = await tableRows();
    assert.ok(r.length > 10, 'rows are rendered');
    await clearNotifications();
    await shot('02-events-dark');
  });

  uiTest('the event table is keyboard-navigable', async () => {
    await rows('events').first().locator('.c-seq').click();
    const selected = async () => (await tableRows()).find((x) => x.selected)?.seq;
    const start = await selected();
    assert.ok(start !== undefined, 'a row is selected by the click');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await pollUntil(async () => (await selected()) === start + 2, { timeoutMs: 5_000, describe: async () => `row ${start + 2} selected (is ${await selected()})` });
    assert.equal(await viewer().locator('[role="grid"][aria-label="Trace events"]').getAttribute('aria-activedescendant') !== null, true);
    await page.keyboard.press('End');
    await pollUntil(async () => (await selected()) === DEMO_EVENTS, { timeoutMs: 10_000, describe: async () => `the last row selected (is ${await selected()})` });
    await page.keyboard.press('Home');
    await pollUntil(async () => (await selected()) === 1, { timeoutMs: 10_000, describe: async () => `the first row selected (is ${await selected()})` });
    assert.match(await viewer().locator('.details .detail-title').innerText(), /^#1 state/);
  });

  uiTest('filters narrow the table: packet hops whose text has "echo request"', async () => {
    for (const k of ['call', 'return', 'state', 'violation', 'bugcheck', 'log']) await viewer().locator(`#kind-${k}`).uncheck();
    await pollUntil(async () => (await viewer().locator('#row-count').innerText()).trim() === '100 of 970 events', { timeoutMs: 20_000, describe: () => 'the 100 packet hops' });
    await viewer().locator('#filter-text').fill('echo request');
    // every row on screen is an echo-request hop, and fewer rows than the packet hops
    let r = [];
    await pollUntil(async () => {
      r = await tableRows();
      const count = Number((await viewer().locator('#row-count').innerText()).split(' ')[0]);
      return count > 0 && count < 100 && r.length > 0 && r.every((x) => x.kind === 'packet' && /echo request/.test(x.details));
    }, { timeoutMs: 20_000, describe: () => `only echo-request hops: ${JSON.stringify(r.slice(0, 2))}` });
    await shot('03-filtered-dark');
  });

  uiTest('following an NBL highlights its journey across the layers', async () => {
    // A protocol send hop: NBL allocated by TINYIP, sent through the filter to the miniport.
    const first = rows('events').filter({ hasText: 'protocol:TINYIP' }).first();
    await first.locator('.c-seq').click();
    await viewer().locator('#follow-nbl').waitFor();
    const label = await viewer().locator('#follow-nbl').innerText();
    const nbl = Number(/#(\d+)/.exec(label)[1]);
    await viewer().locator('#follow-nbl').click();
    const chips = viewer().locator('#journey .chip');
    await pollUntil(async () => (await chips.count()) >= 3, { timeoutMs: 10_000, describe: () => `the journey of NBL ${nbl}` });
    const hops = await chips.allInnerTexts();
    assert.ok(hops.some((h) => /send protocol:TINYIP → filter:TINYLWF@eth0/.test(h)), `the journey starts at the protocol: ${hops.join(' | ')}`);
    assert.ok(hops.some((h) => /send filter:TINYLWF@eth0 → miniport:eth0/.test(h)), `and crosses the filter: ${hops.join(' | ')}`);
    // Only this NBL: every row is about it.
    await viewer().locator('#journey-only').click();
    await pollUntil(async () => {
      const r = await tableRows();
      return r.length > 0 && r.every((x) => x.nbl === `#${nbl}` && x.followed);
    }, { timeoutMs: 10_000, describe: () => `rows of NBL ${nbl} only, highlighted` });
    await shot('04-follow-nbl-dark');
    await viewer().locator('#tab-lanes').click();
    await pollUntil(async () => (await rows('lanes').count()) > 0, { timeoutMs: 10_000, describe: () => 'lane rows' });
    const lanes = await viewer().locator('.lanes-head .lane-comp').allInnerTexts();
    for (const l of ['ndis', 'protocol:TINYIP', 'filter:TINYLWF@eth0', 'miniport:eth0']) assert.ok(lanes.includes(l), `lane ${l} in ${lanes.join(', ')}`);
    assert.ok(await viewer().locator('#panel-lanes .lrow.followed .l-arrow.pkt').count() > 0, 'the NBL\'s hops are arrows in the lanes');
    await shot('05-lanes-follow-dark');
    await viewer().locator('#journey-close').click();
    await viewer().locator('#filter-clear').click();
    await pollUntil(async () => (await viewer().locator('#row-count').innerText()).trim() === `${DEMO_EVENTS} events`, { timeoutMs: 10_000, describe: () => 'the whole trace again' });
    await shot('06-lanes-dark');
  });

  uiTest('a packet hop shows decoded layers and a hex dump, linked both ways', async () => {
    await viewer().locator('#tab-events').click();
    await viewer().locator('#filter-text').fill('ICMP echo request');
    await pollUntil(async () => (await tableRows()).some((x) => x.kind === 'packet'), { timeoutMs: 10_000, describe: () => 'an ICMP hop' });
    await rows('events').filter({ hasText: 'ICMP echo request' }).first().locator('.c-seq').click();
    const layers = viewer().locator('.details .layer');
    await pollUntil(async () => (await layers.count()) >= 3, { timeoutMs: 10_000, describe: () => 'decoded layers' });
    assert.deepEqual((await viewer().locator('.details .layer').evaluateAll((els) => els.map((e) => e.dataset.layer))).slice(0, 3), ['eth', 'ipv4', 'icmp']);
    // layer → bytes: Ethernet is 14 bytes
    await viewer().locator('.details .layer[data-layer="eth"]').click();
    assert.equal(await viewer().locator('.details .hb.hl').count(), 14);
    // byte → layer: byte 20 (0x14) is in the IPv4 header
    await viewer().locator('.details .hb[data-off="20"]').click();
    assert.equal(await viewer().locator('.details .layer.active').getAttribute('data-layer'), 'ipv4');
    assert.equal(await viewer().locator('.details .hb.hl').count(), 20);
    await shot('07-packet-details-dark');
    await viewer().locator('#filter-clear').click();
  });

  uiTest('the topology view shows the stack per host, like !ndiskd.netreport', async () => {
    await viewer().locator('#tab-topology').click();
    const topo = viewer().locator('.topology-body');
    await pollUntil(async () => /TINYLWF@eth0/.test(await topo.innerText()), { timeoutMs: 10_000, describe: () => 'the topology' });
    const text = await topo.innerText();
    for (const s of ['alice', 'bob', 'TINYIP', 'ifIndex', 'wire w0', 'Running']) assert.ok(text.includes(s), `${s} in the topology`);
    await shot('08-topology-dark');
    await viewer().locator('#tab-events').click();
  });

  uiTest('export pcapng from the viewer: tshark reads every frame', async () => {
    const file = path.join(out, 'demo.pcapng');
    await viewer().locator('#export-pcapng').click();
    await answerSaveDialog(file);
    const frames = execFileSync(TSHARK, ['-r', file, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment'], { encoding: 'utf8' }).trim().split('\n');
    assert.equal(frames.length, DEMO_FRAMES, `tshark reads ${DEMO_FRAMES} frames`);
    assert.ok(frames.some((l) => /alice send protocol:TINYIP -> filter:TINYLWF@eth0 nbl#\d+: .*ICMP echo request/.test(l)), 'frame comments name the hop');
    const ifaces = execFileSync(TSHARK, ['-r', file, '-T', 'fields', '-e', 'frame.interface_name'], { encoding: 'utf8' });
    assert.match(ifaces, /bob:miniport:eth0<->wire:w0/);
  });

  uiTest('export an HTML report: the same viewer, offline, with the data embedded', async () => {
    const file = path.join(out, 'demo.html');
    await viewer().locator('#export-html').click();
    await answerSaveDialog(file);
    await clearNotifications();
    const report = await ctx.newPage();
    const remote = [];
    report.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) remote.push(r.url()); });
    const errors = [];
    report.on('pageerror', (e) => errors.push(String(e)));
    await report.goto(`file://${file}`);
    await report.locator('.trow[data-seq]').first().waitFor({ timeout: 20_000 });
    await pollUntil(async () => (await report.locator('#row-count').innerText()).includes(`${DEMO_EVENTS} events`), { timeoutMs: 20_000, describe: () => 'every event in the report' });
    await report.locator('#tab-lanes').click();
    await report.locator('#panel-lanes .lrow[data-seq]').first().waitFor();
    assert.deepEqual(remote, [], 'the report loads nothing from the network');
    assert.deepEqual(errors, [], 'no script errors in the report');
    await report.screenshot({ path: path.join(cfg.shots, 'trace-09-html-report.png') });
    await report.close();
  });

  uiTest('export JSONL, then Open Trace… shows the same events', async () => {
    const file = path.join(out, 'demo.jsonl');
    await viewer().locator('#export-jsonl').click();
    await answerSaveDialog(file);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, DEMO_EVENTS);
    assert.deepEqual(JSON.parse(lines[0]), { seq: 1, t: 0, kind: 'state', host: 'alice', component: 'ndis', object: 'host', name: 'alice', from: 'off', to: 'up' });
    await closeAll();
    await runCommand('NDIS: Open Trace…');
    await answerFileDialog(file);
    await pollUntil(async () => (await viewer().locator('#row-count').innerText().catch(() => '')).trim() === `${DEMO_EVENTS} events`, { timeoutMs: 20_000, describe: () => 'the opened trace' });
    assert.match(await viewer().locator('.title').innerText(), /demo\.jsonl/);
    await closeAll();
  });

  uiTest('▶ Simulate on DriverEntry runs the driver\'s own code; clicking an event opens its source line', async () => {
    await openFile('protocol/driver.c');
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: '▶ Simulate' }).first();
    await pollUntil(async () => {
      if (await lens.isVisible()) return true;
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+G');
      await quickInput().waitFor({ state: 'visible' });
      await quickInput().fill(':31');
      await page.keyboard.press('Enter');
      return lens.isVisible();
    }, { timeoutMs: 60_000, intervalMs: 1_000, abortIf: activationFailure, describe: () => 'the ▶ Simulate lens above DriverEntry' });
    await shot('10-simulate-lens-dark');
    await lens.click();
    await maximizeTrace();
    const end = await waitRunEnd('the protocol driver');
    assert.match(end, /clean/);
    assert.match(await viewer().locator('.title').innerText(), /protocol \(protocol\)/);
    await viewer().locator('#filter-api').fill('NdisRegisterProtocolDriver');
    const row = rows('events').filter({ hasText: 'NdisRegisterProtocolDriver' }).first();
    await row.waitFor({ timeout: 20_000 });
    const src = (await row.locator('.c-source').innerText()).trim();
    const m = /^driver\.c:(\d+)$/.exec(src);
    assert.ok(m, `the call has a source location in driver.c: "${src}"`);
    const line = Number(m[1]);
    assert.match(fs.readFileSync(path.join(ws, 'protocol', 'driver.c'), 'utf8').split('\n')[line - 1], /NdisRegisterProtocolDriver\(/);
    await clearNotifications();
    await shot('11-driver-run-dark');
    await row.locator('.c-source').click();
    await pollUntil(() => page.locator('.tabs-container .tab.active', { hasText: 'driver.c' }).isVisible(), { timeoutMs: 15_000, describe: () => 'driver.c opened from the trace' });
    const crumbs = (await page.locator('.breadcrumbs-control .monaco-breadcrumb-item').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(crumbs.slice(0, 2), ['protocol', 'driver.c'], 'the driver.c of protocol/');
    await pollUntil(async () => (await page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first().innerText()).startsWith(`Ln ${line},`),
      { timeoutMs: 10_000, describe: async () => `the cursor on line ${line}: ${await page.locator('.statusbar-item', { hasText: /^Ln / }).first().innerText().catch(() => '?')}` });
    await shot('12-click-to-source-dark');
    await closeAll();
  });

  uiTest('scenario files: problems from the simulator\'s checks, completion from the schema', async () => {
    const file = path.join(ws, 'scenarios', 'typo.yaml');
    fs.writeFileSync(file, 'hosts:\n  - name: a\n    drivers:\n      - builtin: VETH\n    adapters:\n      - { name: eth0, driver: VETH }\n    colour: red\n');
    await openFile('scenarios/typo.yaml');
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ timeout: 30_000 });
    await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'colour' }).first();
    await problem.waitFor({ timeout: 20_000 });
    assert.match(await problem.innerText(), /ndis scenario/);
    // completion: a new host key, then a built-in driver name
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('    ');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.monaco-editor .suggest-widget .monaco-list-row');
    await pollUntil(async () => (await suggest.allInnerTexts()).some((t) => /ndisVersion/.test(t)), { timeoutMs: 15_000, describe: async () => `host keys in the completion list: ${(await suggest.allInnerTexts()).join(' | ')}` });
    await shot('13-scenario-completion-dark');
    await page.keyboard.press('Escape');
    await runCommand('View: Hide Panel');
    await runCommand('View: Close All Editors');
    const revert = page.locator('.monaco-dialog-box .monaco-button', { hasText: /Don.t Save/ });
    if (await revert.isVisible().catch(() => false)) await revert.click();
  });

  uiTest('a bug check shows its banner with code, parameters, reason and stack', async () => {
    await openFile(LEAK);
    await runCommand('NDIS: Run Scenario…');
    await maximizeTrace();
    const end = await waitRunEnd('the leaked-NBL fault');
    assert.match(end, /bug check 0x7C/);
    const banner = viewer().locator('#bugcheck-banner');
    await banner.waitFor();
    const text = await banner.innerText();
    assert.match(text, /BUG CHECK 0x7C BUGCODE_NDIS_DRIVER/);
    assert.match(text, /0x27/);
    assert.match(text, /NDIS_BUGCHECK_LEAKED_NBL/);
    assert.match(text, /TINYIP!TipUnbindAdapter/);
    await viewer().locator('#bugcheck-goto').click();
    await pollUntil(async () => (await tableRows()).some((x) => x.selected && x.kind === 'bugcheck'), { timeoutMs: 10_000, describe: () => 'the bug check row selected' });
    await clearNotifications();
    await shot('14-bugcheck-dark');
  });

  uiTest('Violation ▶ jumps to the next violation', async () => {
    await closeAll();
    await openFile('scenarios/faults/double-complete.yaml');
    await runCommand('NDIS: Run Scenario…');
    await maximizeTrace();
    const end = await waitRunEnd('the double-completion fault');
    assert.match(end, /violation/);
    await viewer().locator('#next-violation').click();
    let sel;
    await pollUntil(async () => (sel = (await tableRows()).find((x) => x.selected))?.kind === 'violation', { timeoutMs: 10_000, describe: () => `a violation selected (${JSON.stringify(sel)})` });
    assert.equal(sel.what, 'nbl-double-completion');
    assert.match(await viewer().locator('.details').innerText(), /nbl-double-completion/);
    await clearNotifications();
    await shot('15-violation-dark');
  });

  uiTest('a runaway scenario is stopped by its budget with a clear message', async () => {
    await closeAll();
    await openFile('scenarios/runaway.yaml');
    await runCommand('NDIS: Run Scenario…');
    await waitRunEnd('the runaway scenario');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'stopped by its budget' });
    await toast.first().waitFor({ timeout: 20_000 });
    assert.match(await toast.first().innerText(), /event budget of 20000 events/);
    assert.match(await viewer().locator('#budget-banner').innerText(), /budget/);
    await shot('16-budget-dark');
    await clearNotifications();
    await closeAll();
  });

  uiTest('light theme: every view', async () => {
    await setTheme('Light Modern');
    await openFile(DEMO);
    await runCommand('NDIS: Run Scenario…');
    await maximizeTrace();
    await waitRunEnd('the demo (light)');
    await clearNotifications();
    const bg = await viewer().locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.ok(/rgb\((2[0-9]{2}), (2[0-9]{2}), (2[0-9]{2})\)/.test(bg), `a light background in the light theme: ${bg}`);
    await viewer().locator('#filter-text').fill('ICMP echo request');
    await rows('events').filter({ hasText: 'ICMP echo request' }).first().locator('.c-seq').click();
    await viewer().locator('.details .layer').first().waitFor();
    await viewer().locator('#filter-clear').click();
    // the selection stays on the event, now among all the others
    await pollUntil(async () => (await viewer().locator('#row-count').innerText()).trim() === `${DEMO_EVENTS} events` && (await tableRows()).some((x) => x.selected && /ICMP echo request/.test(x.details)),
      { timeoutMs: 10_000, describe: () => 'the selected hop in the whole trace' });
    await shot('17-events-light');
    await viewer().locator('#tab-lanes').click();
    await rows('lanes').first().waitFor();
    await shot('18-lanes-light');
    await viewer().locator('#tab-topology').click();
    await viewer().locator('.thost').first().waitFor();
    await shot('19-topology-light');
    // high contrast: the viewer follows the theme's border colours
    await setTheme('Dark High Contrast');
    await viewer().locator('#tab-events').click();
    await pollUntil(async () => (await viewer().locator('body').getAttribute('class') ?? '').includes('vscode-high-contrast'), { timeoutMs: 10_000, describe: () => 'the high-contrast theme in the webview' });
    await shot('20-events-high-contrast');
    await viewer().locator('#tab-topology').click();
    await setTheme('Dark Modern');
  });

  uiTest('the viewer broke no rule of its Content Security Policy', async () => {
    assert.deepEqual(cspErrors, [], 'CSP violations in the console (the workbench and the webviews)');
  });

  uiTest('the trace panel comes back after a reload, on the same tab', async () => {
    // the panel of the previous test is on the topology tab
    await runCommand('Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await pollUntil(async () => (await viewer().locator('#tab-topology').getAttribute('aria-selected', { timeout: 2_000 }).catch(() => null)) === 'true',
      { timeoutMs: 60_000, describe: () => 'the restored trace panel on its topology tab' });
    await pollUntil(async () => /970 events/.test(await viewer().locator('#row-count').innerText().catch(() => '')), { timeoutMs: 30_000, describe: () => 'the restored trace' });
    assert.match(await viewer().locator('.title').innerText(), /NDIS trace: demo\.yaml/, 'its title');
    assert.equal(await viewer().locator('#export-pcapng').isVisible(), true, 'and its capture (pcapng export, packet bytes)');
  });
});

