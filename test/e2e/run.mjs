#!/usr/bin/env node
// `npm run test:e2e`: end-to-end tests in a real VS Code (code-server 4.100.3 = VS Code 1.100.3),
// offline apart from the npm registry.
//   1. preflight    chromium present (never skipped: missing chromium is a failure), expected.json present
//   2. code-server  installed on demand into .cache/code-server/<version>/ (NDIS_E2E_CACHE), cached after
//   3. build        `npm run build` + `npm run package` -> <name>-<version>.vsix (NDIS_E2E_SKIP_BUILD=1 skips)
//   4. install      the VSIX into an isolated --extensions-dir/--user-data-dir in test-output/e2e/ui/
//   5. tests        node --test --test-concurrency=1: ui.test.mjs (Playwright), inhost.test.mjs
//                   (mocha inside the extension host) and editor.test.mjs (hover, completion, quick fix,
//                   lens, hints, driver view) and trace.test.mjs (run a scenario, the trace viewer, exports);
//                   NDIS_E2E_SUITES=ui, =inhost, =editor or =trace runs one of them
// Exits non-zero on any failure. Screenshots: test-output/e2e/screenshots/. Other settings: lib/config.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './lib/config.mjs';
import { ensureCodeServer, CODE_SERVER_VERSION } from './lib/installCodeServer.mjs';
import { prepareProfile, installVsix } from './lib/codeServer.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITES = { ui: path.join(HERE, 'ui.test.mjs'), inhost: path.join(HERE, 'inhost.test.mjs'), editor: path.join(HERE, 'editor.test.mjs'), trace: path.join(HERE, 'trace.test.mjs') };
const TESTS_TIMEOUT_MS = 20 * 60_000; // hard stop for a hung run; the suites' own timeouts are far lower

const cfg = loadConfig();
const timings = [];
const T0 = Date.now();

class Failure extends Error {}
const fail = (msg) => { throw new Failure(msg); };

async function phase(name, fn) {
  const t = Date.now();
  console.log(`\n=== ${name}`);
  try {
    return await fn();
  } finally {
    const s = (Date.now() - t) / 1000;
    timings.push([name, s]);
    console.log(`=== ${name}: ${s.toFixed(1)} s`);
  }
}

/** Runs a command with inherited output; resolves to its exit code. stdin is closed so nothing
 *  (vsce, npm) can wait for an answer in CI. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    let timer;
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        console.error(`${cmd} ${args.join(' ')}: still running after ${opts.timeoutMs / 1000} s, killing it`);
        child.kill('SIGKILL');
      }, opts.timeoutMs);
    }
    child.on('error', (e) => { console.error(String(e)); clearTimeout(timer); resolve(1); });
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve(code ?? (signal ? 1 : 0)); });
  });
}

function preflight() {
  try {
    fs.accessSync(cfg.chromium, fs.constants.X_OK);
  } catch {
    fail(`chromium not found at ${cfg.chromium} (the e2e tests drive the workbench with it; they are never skipped).\n`
      + '  Fix: apt-get update && apt-get install -y chromium\n'
      + '  (or point CHROMIUM=/path/to/chromium at another Chromium build)');
  }
  const expected = path.join(cfg.examples, 'broken', 'expected.json');
  if (!fs.existsSync(expected) && !cfg.allowNoExpected) {
    fail(`${expected} is missing; the e2e tests read the NDIS codes each broken example must produce from it.\n`
      + '  (NDIS_E2E_ALLOW_NO_EXPECTED=1 tolerates its absence while the examples are being written.)');
  }
  console.log(`extension ${cfg.extId} ${cfg.pkg.version} from ${cfg.extDir}\nchromium ${cfg.chromium}\nexamples ${cfg.examples}`);
}

async function codeServer() {
  if (process.env.NDIS_E2E_CODE_SERVER) {
    if (!fs.existsSync(cfg.codeServer)) fail(`NDIS_E2E_CODE_SERVER=${cfg.codeServer} does not exist`);
    console.log(`using ${cfg.codeServer}`);
    return;
  }
  try {
    await ensureCodeServer(cfg.cache);
  } catch (e) {
    fail(e.message);
  }
}

async function buildAndPackage() {
  if (process.env.NDIS_E2E_SKIP_BUILD === '1') {
    console.log('NDIS_E2E_SKIP_BUILD=1: using the existing build');
    if (!fs.existsSync(cfg.vsix)) fail(`${cfg.vsix} does not exist; run \`npm run package\` or unset NDIS_E2E_SKIP_BUILD`);
    return;
  }
  const before = fs.existsSync(cfg.vsix) ? fs.statSync(cfg.vsix).mtimeMs : 0;
  for (const script of ['build', 'package']) {
    const code = await run('npm', ['run', script], { cwd: cfg.extDir });
    if (code !== 0) fail(`\`npm run ${script}\` failed (exit ${code}); see its output above`);
  }
  if (!fs.existsSync(cfg.vsix) || fs.statSync(cfg.vsix).mtimeMs <= before) {
    fail(`\`npm run package\` did not write ${cfg.vsix} (expected <name>-<version>.vsix from package.json in ${cfg.extDir})`);
  }
  console.log(`${cfg.vsix}: ${(fs.statSync(cfg.vsix).size / 1024).toFixed(0)} KiB`);
}

function installExtension() {
  // test-output/e2e is scratch: start clean so no screenshot or profile of an earlier run survives
  fs.rmSync(cfg.out, { recursive: true, force: true });
  fs.mkdirSync(cfg.shots, { recursive: true });
  const profile = prepareProfile(cfg.ui, { resetExtensions: true });
  try {
    console.log(installVsix(cfg.codeServer, profile, cfg.vsix));
  } catch (e) {
    fail(e.message);
  }
  // A VSIX that installs but lacks its entry point is the classic "works in development, fails installed".
  const dir = fs.readdirSync(profile.extensions).find((d) => d.toLowerCase().startsWith(`${cfg.extId}-`));
  if (!dir) fail(`no ${cfg.extId}-* folder in ${profile.extensions} after installing the VSIX`);
  const main = path.join(profile.extensions, dir, cfg.pkg.main ?? 'package.json');
  if (!fs.existsSync(main) && !fs.existsSync(`${main}.js`)) fail(`the VSIX lacks the entry point ${cfg.pkg.main} (looked for ${main})`);
  console.log(`installed into ${path.join(profile.extensions, dir)}`);
}

async function tests() {
  const wanted = (process.env.NDIS_E2E_SUITES || 'ui,inhost,editor,trace').split(',').map((s) => s.trim()).filter(Boolean);
  const files = wanted.map((s) => SUITES[s] ?? fail(`NDIS_E2E_SUITES: unknown suite "${s}" (known: ${Object.keys(SUITES).join(', ')})`));
  const env = {
    ...process.env,
    // pin every path so the test processes agree with what was installed above
    NDIS_E2E_EXT_DIR: cfg.extDir, NDIS_E2E_VSIX: cfg.vsix, NDIS_E2E_EXAMPLES: cfg.examples,
    NDIS_E2E_CODE_SERVER: cfg.codeServer, NDIS_E2E_OUT: cfg.out, CHROMIUM: cfg.chromium,
  };
  const code = await run(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    { cwd: cfg.repo, env, timeoutMs: TESTS_TIMEOUT_MS });
  if (code !== 0) fail(`e2e tests failed (exit ${code}); code-server logs: ${cfg.ui}/, ${cfg.inhost}/`);
}

let exitCode = 0;
let testsStarted = false; // the screenshots folder is only this run's after the install step wiped it
try {
  await phase('preflight', preflight);
  await phase(`code-server ${CODE_SERVER_VERSION}`, codeServer);
  await phase('build + package', buildAndPackage);
  await phase('install VSIX', installExtension);
  testsStarted = true;
  await phase('tests', tests);
} catch (e) {
  exitCode = 1;
  console.error(`\nFAIL: ${e instanceof Failure ? e.message : e.stack}`);
} finally {
  console.log('\n=== e2e timings');
  for (const [name, s] of timings) console.log(`  ${name.padEnd(24)} ${s.toFixed(1).padStart(7)} s`);
  console.log(`  ${'total'.padEnd(24)} ${((Date.now() - T0) / 1000).toFixed(1).padStart(7)} s`);
  if (testsStarted) {
    const shots = fs.existsSync(cfg.shots) ? fs.readdirSync(cfg.shots).filter((f) => f.endsWith('.png')) : [];
    console.log(`screenshots (${shots.length}): ${cfg.shots}${shots.length ? `\n  ${shots.sort().join('\n  ')}` : ''}`);
  }
  console.log(exitCode ? 'e2e: FAILED' : 'e2e: passed');
}
process.exitCode = exitCode;
