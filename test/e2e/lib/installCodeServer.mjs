// Installs code-server into a cache folder, offline-capable (only the npm registry is reachable).
// code-server is deliberately NOT a project dependency: it is ~500 MB, builds native modules and
// pins Node 20. Each version gets its own folder with a `.complete` marker written last, so an
// interrupted install is detected and redone instead of being mistaken for a good one.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3; newest code-server whose postinstall accepts Node 20
const RG_PKG_VERSION = '1.15.11'; // @vscode/ripgrep version pinned by code-server 4.100.3
const RG_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'; // asset name its postinstall looks for

const APT_HINT = 'apt-get update && apt-get install -y ripgrep libkrb5-dev build-essential python3';

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** Folder with Node headers (include/node/node_api.h) for node-gyp, so it never downloads them. */
function nodeDir() {
  for (const dir of [path.resolve(path.dirname(process.execPath), '..'), '/usr', '/usr/local']) {
    if (fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) return dir;
  }
  return undefined;
}

/** Returns a list of human-readable problems that would make the install fail. */
export function installPrerequisiteProblems() {
  const problems = [];
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 20) problems.push(`code-server ${CODE_SERVER_VERSION}'s postinstall requires Node 20, this is Node ${process.versions.node}`);
  if (!which('rg')) problems.push(`ripgrep (rg) not found; it seeds code-server's ripgrep download. Fix: ${APT_HINT}`);
  for (const tool of ['make', 'g++', 'python3']) {
    if (!which(tool)) problems.push(`${tool} not found; node-gyp compiles code-server's native modules. Fix: ${APT_HINT}`);
  }
  if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    problems.push(`Kerberos headers (libkrb5-dev) missing; the kerberos native module needs them. Fix: ${APT_HINT}`);
  }
  if (!nodeDir()) problems.push('Node headers (include/node/node_api.h) not found next to the node binary; install Node 20 with its headers (NodeSource nodejs package)');
  return problems;
}

export function codeServerBin(cacheRoot) {
  return path.join(cacheRoot, CODE_SERVER_VERSION, 'node_modules', '.bin', 'code-server');
}

export function isInstalled(cacheRoot) {
  const dir = path.join(cacheRoot, CODE_SERVER_VERSION);
  return fs.existsSync(path.join(dir, '.complete')) && fs.existsSync(codeServerBin(cacheRoot));
}

/** Environment for the nested npm: drop everything `npm run` exported (npm_config_local_prefix would
 *  point the nested install back at the repository), then add the offline settings. */
function installEnv(tmpDir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  }
  return {
    ...env,
    // @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds the tarball in
    // $(os.tmpdir())/vscode-ripgrep-cache-<ver>/; os.tmpdir() honours TMPDIR, so a private TMPDIR
    // seeded with Debian's rg satisfies it offline.
    TMPDIR: tmpDir,
    npm_config_yes: 'true',
    // code-server's postinstall refuses to run as root without unsafe_perm (it reads it from the env).
    npm_config_unsafe_perm: 'true',
    // node-gyp uses local headers instead of downloading them; argon2, kerberos, spdlog, node-pty...
    // are compiled from source because their prebuilt-binary downloads fail offline.
    npm_config_nodedir: nodeDir(),
    // npm 11 warns about unapproved install scripts (and a future npm may block them); the nested
    // `npm install` inside code-server's postinstall has no allowScripts of its own.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** Installs code-server CODE_SERVER_VERSION under cacheRoot/<version>/ unless already there.
 *  Resolves to the code-server binary path; rejects with the tail of install.log on failure. */
export async function ensureCodeServer(cacheRoot, log = console.log) {
  const bin = codeServerBin(cacheRoot);
  if (isInstalled(cacheRoot)) {
    log(`code-server ${CODE_SERVER_VERSION} already in ${path.dirname(bin)}/.. (cached)`);
    return { bin, cached: true };
  }
  const problems = installPrerequisiteProblems();
  if (problems.length) throw new Error(`cannot install code-server:\n  - ${problems.join('\n  - ')}`);

  const dir = path.join(cacheRoot, CODE_SERVER_VERSION);
  fs.rmSync(dir, { recursive: true, force: true }); // a half-finished earlier attempt
  const tmpDir = path.join(dir, 'tmp');
  const rgCache = path.join(tmpDir, `vscode-ripgrep-cache-${RG_PKG_VERSION}`);
  fs.mkdirSync(rgCache, { recursive: true });
  const rg = fs.realpathSync(which('rg'));
  const tar = spawnSync('tar', ['-C', path.dirname(rg), '-czf', path.join(rgCache, RG_ASSET), path.basename(rg)], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`could not pack ${rg} for the ripgrep cache: ${tar.stderr}`);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'code-server-host', private: true }, null, 2));

  const logFile = path.join(dir, 'install.log');
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (takes ~70 s; log: ${logFile})`);
  const out = fs.openSync(logFile, 'w');
  const status = await new Promise((resolve) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: dir, env: installEnv(tmpDir), stdio: ['ignore', out, out],
    });
    child.on('error', (e) => { fs.writeSync(out, String(e)); resolve(1); });
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
  fs.closeSync(out);
  const bundledRg = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (status !== 0 || !fs.existsSync(bin) || !fs.existsSync(bundledRg)) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`code-server install failed (npm exit ${status}; rg present: ${fs.existsSync(bundledRg)}). `
      + `Last lines of ${logFile}:\n${tail}\nIf a native module failed to compile: ${APT_HINT}`);
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, '.complete'), `${new Date().toISOString()}\n`);
  return { bin, cached: false };
}
