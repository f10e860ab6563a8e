/**
 * The example drivers are the product's showcase and its ground truth: the correct ones produce
 * no finding at all, and the broken ones produce exactly the diagnostics listed in
 * examples/broken/expected.json (for the rules that are registered).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { runCheck } from '../../server/src/cli/check';
import { RULES } from '../../server/src/rules';

const root = path.resolve(__dirname, '..', '..');

interface JsonDiag {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

async function check(...paths: string[]): Promise<{ exitCode: number; diagnostics: JsonDiag[] }> {
  const r = await runCheck({ paths, format: 'json', cwd: root });
  assert.deepEqual(r.errors, [], 'ndiswb reported errors');
  return { exitCode: r.exitCode, diagnostics: (JSON.parse(r.output) as { diagnostics: JsonDiag[] }).diagnostics };
}

describe('example drivers', () => {
  let expected: { file: string; line: number; code: string }[];
  const registered = new Set(RULES.map((r) => r.meta.id));
  before(() => {
    expected = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'broken', 'expected.json'), 'utf8'));
  });

  for (const name of ['protocol', 'mux', 'filter']) {
    it(`examples/${name} is clean`, async () => {
      const r = await check(`examples/${name}`);
      assert.deepEqual(r.diagnostics.map((d) => `${d.file}:${d.range.start.line + 1} ${d.code} ${d.message}`), []);
      assert.equal(r.exitCode, 0);
    });
  }

  it('examples/broken produces exactly the expected findings of the registered rules', async () => {
    const r = await check('examples/broken');
    const got = r.diagnostics.filter((d) => /^NDIS\d{3}$/.test(d.code)).map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`).sort();
    const want = expected.filter((e) => registered.has(e.code)).map((e) => `${e.file}:${e.line} ${e.code}`).sort();
    assert.deepEqual(got, want);
    assert.equal(r.exitCode, 1);
  });

  it('every registered rule has at least one broken example', () => {
    const covered = new Set(expected.map((e) => e.code));
    assert.deepEqual([...registered].filter((id) => !covered.has(id)), []);
  });

  it('expected.json agrees with the defect comments in the sources', () => {
    for (const e of expected) {
      const lines = fs.readFileSync(path.join(root, e.file), 'utf8').split('\n');
      assert.match(lines[e.line - 1] ?? '', new RegExp(`//.*${e.code}`), `${e.file}:${e.line} should carry a // ${e.code} comment`);
    }
  });
});
