// Run the Node test suites: every *.test.ts under the given folders (default: test/unit, test/lsp,
// test/cli; single files too), through tsx, with node's own test runner. (Node 20's --test does not expand globs.)
// Usage: node scripts/test.mjs [folder...] [-- extra node --test args]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argv = process.argv.slice(2);
const dashes = argv.indexOf('--');
const folders = (dashes < 0 ? argv : argv.slice(0, dashes)).filter(Boolean);
const extra = dashes < 0 ? [] : argv.slice(dashes + 1);

function collect(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) collect(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(path.relative(root, p));
  }
  return out;
}

const files = [];
for (const f of folders.length ? folders : ['test/unit', 'test/lsp', 'test/cli']) {
  const p = path.join(root, f);
  if (!fs.existsSync(p)) continue;
  if (fs.statSync(p).isDirectory()) collect(p, files);
  else files.push(path.relative(root, p));
}
if (!files.length) {
  console.error('scripts/test.mjs: no test files found');
  process.exit(1);
}
const reporter = extra.some((a) => a.startsWith('--test-reporter')) ? [] : ['--test-reporter=spec'];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporter, ...extra, ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
