// Package the VSIX: a minified build, then vsce with no node_modules (everything is bundled).
// Output: ndis-workbench-<version>.vsix in the repository root.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--minify'], { stdio: 'inherit', cwd: root });
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out],
  { stdio: 'inherit', cwd: root, input: '' },
);
const size = fs.statSync(out).size;
console.log(`${path.basename(out)}: ${(size / 1024 / 1024).toFixed(2)} MB`);
