/**
 * The VSIX contains exactly what the installed extension needs (the .vscodeignore allowlist):
 * bundles (extension, server, CLI, simulator worker, trace viewer script and style), the scenario
 * schema, the three grammar wasm files, the TextMate injection grammar, rule docs and metadata — no sources, maps or node_modules —
 * and stays under 3 MB.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/rules';

const root = path.resolve(__dirname, '..', '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

describe('VSIX', () => {
  it('packages only the allowlisted files', () => {
    const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', input: '' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    const required = [
      'dist/client.js', 'dist/server.js', 'dist/cli.js',
      'dist/simWorker.js', 'dist/webview.js', 'dist/webview.css', 'dist/scenario.schema.json',
      'dist/wasm/web-tree-sitter.wasm', 'dist/wasm/tree-sitter-c.wasm', 'dist/wasm/tree-sitter-cpp.wasm',
      'bin/ndiswb.js', 'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'syntaxes/ndis.injection.tmLanguage.json',
      ...RULES.map((r) => `docs/rules/${r.meta.id}.md`),
    ];
    for (const f of required) assert.ok(files.includes(f), `${f} missing from the VSIX:\n${files.join('\n')}`);
    const allowed = /^(dist\/(client|server|cli|simWorker|webview)\.js|dist\/webview\.css|dist\/scenario\.schema\.json|dist\/wasm\/[\w-]+\.wasm|bin\/ndiswb\.js|docs\/rules\/[\w-]+\.md|syntaxes\/[\w.-]+\.json|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
    const unexpected = files.filter((f) => !allowed.test(f));
    assert.deepEqual(unexpected, [], 'files outside the allowlist would ship');
  });

  it('a packaged VSIX is at most 3 MB', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-vsix-'));
    const file = path.join(dir, 'test.vsix');
    try {
      execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', file], { cwd: root, stdio: 'pipe', input: '' });
      const size = fs.statSync(file).size;
      assert.ok(size <= 3 * 1024 * 1024, `VSIX is ${(size / 1048576).toFixed(2)} MB`);
      assert.ok(size > 500 * 1024, `VSIX is suspiciously small: ${size} bytes`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
