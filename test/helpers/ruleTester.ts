/**
 * RuleTester: write a driver's files into a temporary folder, analyse it like the CLI does, and
 * compare diagnostics with expectations (rule id, 1-based line and column, optional message part).
 * Modelled on ESLint's RuleTester `valid` / `invalid` tables.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDriver, type NdisDiagnostic } from '../../server/src/analysis/analyze';
import { initParser } from '../../server/src/parser/cparser';
import { Workspace } from '../../server/src/model/workspace';
import { normalizeSettings, type NdisSettings } from '../../common/src/settings';

/** A driver as files: name → content. A string alone is one file, `driver.c`. */
export type DriverFiles = string | Readonly<Record<string, string>>;

export interface Expected {
  readonly code: string;
  /** 1-based line and column of the diagnostic's start, as `ndiswb check` prints them. */
  readonly line: number;
  readonly column?: number;
  readonly file?: string;
  readonly severity?: NdisDiagnostic['severity'];
  /** A substring the message must contain. */
  readonly message?: string;
  /** Minimum number of related-information entries. */
  readonly related?: number;
}

export interface Analysed {
  readonly dir: string;
  readonly diagnostics: readonly (NdisDiagnostic & { file: string })[];
  readonly logged: readonly string[];
}

/** Analyse a driver given as files; returns every diagnostic with its file name relative to the driver. */
export async function analyse(files: DriverFiles, settings: Partial<NdisSettings> = {}): Promise<Analysed> {
  await initParser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-rule-'));
  const map = typeof files === 'string' ? { 'driver.c': files } : files;
  for (const [name, text] of Object.entries(map)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const logged: string[] = [];
  const s = normalizeSettings(settings);
  const ws = new Workspace(s, { info: () => undefined, error: (m) => logged.push(m) });
  try {
    const d = await ws.loadDirectory(dir);
    const out: (NdisDiagnostic & { file: string })[] = [];
    for (const [uri, list] of analyzeDriver(d, s, { error: (m) => logged.push(m) })) {
      const file = path.relative(dir, new URL(uri).pathname).split(path.sep).join('/');
      for (const diag of list) out.push({ ...diag, file });
    }
    return { dir, diagnostics: out, logged };
  } finally {
    ws.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Format diagnostics for assertion messages. */
export function describe(diags: readonly (NdisDiagnostic & { file: string })[]): string {
  return diags.map((d) => `  ${d.file}:${d.start.line + 1}:${d.start.character + 1} ${d.severity} ${d.code}: ${d.message}`).join('\n') || '  (none)';
}

/**
 * Assert that analysing `files` yields exactly the expected diagnostics of the rule `code`
 * (diagnostics of other rules are ignored unless `only` is false).
 */
export async function expectDiagnostics(
  code: string,
  files: DriverFiles,
  expected: readonly Expected[],
  settings: Partial<NdisSettings> = {},
): Promise<Analysed> {
  const result = await analyse(files, settings);
  assert.deepEqual(result.logged, [], `analysis logged errors:\n${result.logged.join('\n')}`);
  const mine = result.diagnostics.filter((d) => d.code === code);
  const msg = `expected ${expected.length} ${code} diagnostic(s), got:\n${describe(mine)}\nall:\n${describe(result.diagnostics)}`;
  assert.equal(mine.length, expected.length, msg);
  const sorted = [...mine].sort((a, b) => a.file.localeCompare(b.file) || a.start.line - b.start.line || a.start.character - b.start.character);
  const exp = [...expected].sort((a, b) => (a.file ?? 'driver.c').localeCompare(b.file ?? 'driver.c') || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  exp.forEach((e, i) => {
    const d = sorted[i]!;
    assert.equal(d.file, e.file ?? d.file, msg);
    assert.equal(d.start.line + 1, e.line, `line of ${code} #${i + 1}\n${msg}`);
    if (e.column !== undefined) assert.equal(d.start.character + 1, e.column, `column of ${code} #${i + 1}\n${msg}`);
    if (e.severity) assert.equal(d.severity, e.severity, `severity of ${code} #${i + 1}\n${msg}`);
    if (e.message) assert.ok(d.message.includes(e.message), `message of ${code} #${i + 1} lacks "${e.message}":\n${d.message}`);
    if (e.related !== undefined) assert.ok(d.related.length >= e.related, `related of ${code} #${i + 1}: ${d.related.length} < ${e.related}`);
  });
  return result;
}

/** Assert a driver yields no diagnostic of the rule (or of any rule when code is '*'). */
export async function expectClean(code: string, files: DriverFiles, settings: Partial<NdisSettings> = {}): Promise<void> {
  const result = await analyse(files, settings);
  assert.deepEqual(result.logged, [], `analysis logged errors:\n${result.logged.join('\n')}`);
  const hits = result.diagnostics.filter((d) => code === '*' || d.code === code);
  assert.equal(hits.length, 0, `expected no ${code} diagnostics, got:\n${describe(hits)}`);
}

/** 1-based line of the first line containing `needle` in `text`, and the 1-based column of needle. */
export function lineOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let from = 0;
  let idx = -1;
  for (let i = 0; i < occurrence; i++) {
    idx = text.indexOf(needle, from);
    if (idx < 0) throw new Error(`"${needle}" not found (occurrence ${occurrence})`);
    from = idx + 1;
  }
  const before = text.slice(0, idx);
  const line = before.split('\n').length;
  return { line, column: idx - before.lastIndexOf('\n') };
}
