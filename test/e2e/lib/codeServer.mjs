// Starting, feeding and stopping code-server for one test file. Each test file gets its own
// --user-data-dir / --extensions-dir under test-output/e2e/, so nothing leaks between runs or
// into the user's real VS Code profile.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** User settings that keep the workbench quiet and deterministic (no walkthroughs, no trust
 *  dialog, no update or recommendation toasts that would hide ours or clutter screenshots). */
const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
  // sticky headers would cover the squiggles the UI test hovers and duplicate Problems-tree rows
  'editor.stickyScroll.enabled': false,
  'workbench.tree.enableStickyScroll': false,
};

const CONFIG_YAML = ['bind-addr: 127.0.0.1:0', 'auth: none', 'cert: false', 'disable-telemetry: true',
  'disable-update-check: true', 'disable-workspace-trust: true', 'disable-getting-started-override: true', ''].join('\n');

/** Creates <root>/{user-data/User/settings.json, extensions/, config.yaml}; returns the paths. */
export function prepareProfile(root, { resetExtensions = false } = {}) {
  const p = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    config: path.join(root, 'config.yaml'),
    log: path.join(root, 'code-server.log'),
  };
  fs.rmSync(p.userData, { recursive: true, force: true }); // logs and state of an earlier run
  if (resetExtensions) fs.rmSync(p.extensions, { recursive: true, force: true });
  fs.mkdirSync(path.join(p.userData, 'User'), { recursive: true });
  fs.mkdirSync(p.extensions, { recursive: true });
  fs.writeFileSync(path.join(p.userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  fs.writeFileSync(p.config, CONFIG_YAML);
  return p;
}

const baseArgs = (p) => ['--config', p.config, '--user-data-dir', p.userData, '--extensions-dir', p.extensions];

/** `code-server --install-extension <vsix>` into the profile's isolated extensions folder. */
export function installVsix(bin, profile, vsix) {
  const r = spawnSync(bin, [...baseArgs(profile), '--install-extension', vsix, '--force'],
    { encoding: 'utf8', env: { ...process.env, EXTENSIONS_GALLERY: '{}' }, timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${out}`);
  }
  return out.trim();
}

/**
 * Starts code-server detached (own process group: it keeps extension hosts alive after the browser
 * leaves, so only killing the whole group cleans up) and resolves once it listens.
 * @returns {Promise<{port: number, origin: string, stop: () => Promise<void>}>}
 */
export async function startCodeServer(bin, profile, { env = {}, startTimeoutMs = 60_000 } = {}) {
  const proc = spawn(bin, [...baseArgs(profile), '--ignore-last-opened'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // EXTENSIONS_GALLERY='{}': no marketplace/open-vsx lookups. `env` reaches the extension host.
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...env },
  });
  const log = fs.createWriteStream(profile.log);
  proc.stderr.pipe(log);
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  // Safety net: if this test process dies without running `after`, do not leave code-server behind.
  const onExit = () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', onExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* gone */ }
    let timer;
    await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 5_000); })]);
    clearTimeout(timer);
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* whole group already gone */ }
    log.end();
  };

  let buf = '';
  let timer;
  try {
    const port = await new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`code-server did not listen within ${startTimeoutMs} ms:\n${buf}`)), startTimeoutMs);
      proc.stdout.on('data', (d) => {
        buf += d;
        log.write(d);
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(buf);
        if (m) resolve(Number(m[1]));
      });
      proc.once('error', reject);
      exited.then((code) => reject(new Error(`code-server exited (${code}) before listening:\n${buf}`)));
    });
    return { port, origin: `http://127.0.0.1:${port}`, stop, pid: proc.pid };
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Extension-host log lines of this profile (remoteexthost.log of every session). */
export function extHostLog(profile) {
  const logs = path.join(profile.userData, 'logs');
  let text = '';
  for (const session of fs.existsSync(logs) ? fs.readdirSync(logs) : []) {
    const sdir = path.join(logs, session);
    for (const eh of fs.readdirSync(sdir).filter((d) => d.startsWith('exthost'))) {
      const f = path.join(sdir, eh, 'remoteexthost.log');
      if (fs.existsSync(f)) text += fs.readFileSync(f, 'utf8');
    }
  }
  return text;
}
