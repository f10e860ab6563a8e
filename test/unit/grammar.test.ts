/**
 * The TextMate injection grammar (syntaxes/ndis.injection.tmLanguage.json): its unit fixtures
 * under test/grammar/ pass vscode-tmgrammar-test (against VS Code's C grammar), a 34,000-character
 * line is tokenized fast (no catastrophic backtracking), the harness does fail on a wrong
 * expectation, the checked-in grammar is what test/unit/grammarSource.ts writes from the catalog,
 * and package.json contributes it as an injection into C and C++.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRegistry, loadConfiguration } from 'vscode-tmgrammar-test/dist/common/index';
import { INITIAL } from 'vscode-textmate';
import { GRAMMAR_FILE, grammarText } from './grammarSource';

const root = path.resolve(__dirname, '..', '..');
const grammarDir = path.join(root, 'test', 'grammar');
const config = path.join(grammarDir, 'grammars.json');
const cli = path.join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

function runCli(...fixtures: string[]): { status: number | null; out: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, '--compact', '--config', config, ...fixtures], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, ms: performance.now() - t0 };
}

describe('NDIS injection grammar', () => {
  it('passes its fixtures with vscode-tmgrammar-test', () => {
    const r = runCli('test/grammar/*.test.c');
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /ndis\.test\.c run successfuly/);
    assert.match(r.out, /longline\.test\.c run successfuly/);
  });

  it('tokenizes the 34,000-character line quickly (no catastrophic backtracking)', async () => {
    const { grammars } = loadConfiguration(config, undefined, undefined);
    const registry = createRegistry(grammars);
    const grammar = await registry.loadGrammar('source.c');
    assert.ok(grammar);
    const line = fs.readFileSync(path.join(grammarDir, 'longline.test.c'), 'utf8').split('\n').find((l) => l.length > 30_000)!;
    assert.ok(line && line.length > 30_000);
    grammar.tokenizeLine('NdisRegisterProtocolDriver(x);', INITIAL); // warm up the scanners
    const t0 = performance.now();
    const r = grammar.tokenizeLine(line, INITIAL);
    const ms = performance.now() - t0;
    assert.equal(r.stoppedEarly, false);
    const last = r.tokens.find((t) => line.slice(t.startIndex, t.endIndex) === 'NdisRegisterProtocolDriver' && t.startIndex > 30_000);
    assert.ok(last?.scopes.includes('support.function.ddi.ndis'), 'the DDI after the long prefix is still found');
    assert.ok(ms < 2000, `tokenizing the long line took ${ms.toFixed(0)} ms`);
  });

  it('the harness fails on a wrong expectation (the fixtures are not vacuous)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-grammar-'));
    try {
      const file = path.join(dir, 'wrong.test.c');
      fs.writeFileSync(file, '// SYNTAX TEST "source.c" "wrong on purpose"\nVOID f(VOID) { MyHelper(x); }\n//             ^^^^^^^^ support.function.ddi.ndis\n');
      const r = runCli(file);
      assert.notEqual(r.status, 0, r.out);
      assert.match(r.out, /missing required scopes: \[ support\.function\.ddi\.ndis \]/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is the grammar test/unit/grammarSource.ts writes from the catalog', () => {
    assert.equal(fs.readFileSync(GRAMMAR_FILE, 'utf8'), grammarText(), 'run: npx tsx test/unit/grammarSource.ts');
  });

  it('is contributed as an injection into C and C++', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { grammars?: { scopeName: string; path: string; injectTo?: string[] }[] } };
    const g = pkg.contributes.grammars?.find((x) => x.scopeName === 'source.ndis.injection');
    assert.ok(g, 'package.json contributes.grammars lacks source.ndis.injection');
    assert.equal(path.resolve(root, g.path), GRAMMAR_FILE);
    assert.deepEqual(g.injectTo, ['source.c', 'source.cpp']);
  });
});
