// Paths and settings shared by run.mjs and the test files, all overridable through the environment
// so a test file can also be run on its own: `node --test test/e2e/ui.test.mjs` (after run.mjs has
// installed code-server and the VSIX once).
//
//   NDIS_E2E_CACHE        code-server cache folder            (default <repo>/.cache/code-server)
//   NDIS_E2E_CODE_SERVER  code-server binary                  (default: the one in the cache)
//   NDIS_E2E_OUT          scratch + screenshots               (default <repo>/test-output/e2e)
//   NDIS_E2E_EXT_DIR      extension folder (package.json, dist/) (default <repo>)
//   NDIS_E2E_VSIX         VSIX to install                     (default <ext>/<name>-<version>.vsix)
//   NDIS_E2E_EXAMPLES     examples folder (copied, never modified) (default <ext>/examples)
//   NDIS_E2E_UI_FILE      example the UI test opens, relative to the examples folder
//                         (default: the broken file with the most expected codes)
//   NDIS_E2E_SKIP_BUILD=1 run.mjs does not run `npm run build` / `npm run package`
//   NDIS_E2E_ALLOW_NO_EXPECTED=1  development only: tolerate a missing examples/broken/expected.json
//   CHROMIUM              chromium binary                     (default /usr/bin/chromium)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin } from './installCodeServer.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function loadConfig(env = process.env) {
  const extDir = path.resolve(env.NDIS_E2E_EXT_DIR || REPO);
  const pkg = JSON.parse(fs.readFileSync(path.join(extDir, 'package.json'), 'utf8'));
  const cache = path.resolve(env.NDIS_E2E_CACHE || path.join(REPO, '.cache', 'code-server'));
  const out = path.resolve(env.NDIS_E2E_OUT || path.join(REPO, 'test-output', 'e2e'));
  return {
    repo: REPO,
    extDir,
    pkg,
    extId: `${pkg.publisher}.${pkg.name}`, // ndis-workbench.ndis-workbench
    vsix: path.resolve(env.NDIS_E2E_VSIX || path.join(extDir, `${pkg.name}-${pkg.version}.vsix`)),
    examples: path.resolve(env.NDIS_E2E_EXAMPLES || path.join(extDir, 'examples')),
    uiFile: env.NDIS_E2E_UI_FILE || undefined,
    allowNoExpected: env.NDIS_E2E_ALLOW_NO_EXPECTED === '1',
    cache,
    codeServer: path.resolve(env.NDIS_E2E_CODE_SERVER || codeServerBin(cache)),
    out,
    shots: path.join(out, 'screenshots'),
    ui: path.join(out, 'ui'), // user-data, extensions (VSIX installed here by run.mjs), workspace copy
    inhost: path.join(out, 'inhost'),
    chromium: env.CHROMIUM || '/usr/bin/chromium',
  };
}

/** Copies the examples into scratch so no test can modify what the user wrote. */
export function copyExamples(cfg, dest) {
  if (!fs.existsSync(cfg.examples)) throw new Error(`examples folder not found: ${cfg.examples}`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(cfg.examples, dest, { recursive: true });
  return dest;
}
