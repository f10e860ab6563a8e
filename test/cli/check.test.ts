/**
 * `ndiswb check` as a CI pipeline runs it (the built CLI in a child process): the text, json and
 * SARIF formats of shared/rules.md "Command-line output", exit statuses, and inputs that must
 * neither crash nor hang the tool.
 * Run: node scripts/build.mjs && node --import tsx --test test/cli/check.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../../server/src/rules';
import { BROKEN_PROTOCOL, CLEAN_PROTOCOL, WRONG_TYPE, removeDir, tempDir } from '../helpers/fixtures';
import { REPO_ROOT } from '../helpers/lspClient';
import { STACK_TRACE, describeRun, runCli, type CliResult } from '../helpers/cli';

/** `path:line:col: severity CODE: message`, 1-based. */
const TEXT_LINE = /^(?<file>[^:]+):(?<line>[1-9]\d*):(?<col>[1-9]\d*): (?<severity>error|warning|information|hint) (?<code>NDIS\d{3}|[a-z]+(?:-[a-z]+)*): (?<message>.+)$/;
const SUMMARY = /^(\d+) errors?, (\d+) warnings?(?:, (\d+) other)? in (\d+) files?$/;

interface JsonPosition {
  line: number;
  character: number;
}
interface JsonDiagnostic {
  file: string;
  range: { start: JsonPosition; end: JsonPosition };
  severity: string;
  code: string;
  message: string;
  relatedInformation?: { file: string; range: { start: JsonPosition; end: JsonPosition }; message: string }[];
}
interface JsonOutput {
  version: number;
  files: number;
  diagnostics: JsonDiagnostic[];
}

/** 1-based line and column of the first occurrence of `needle`. */
function lineCol(text: string, needle: string): [number, number] {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at).split('\n');
  return [before.length, before[before.length - 1]!.length + 1];
}

const NDIS101_AT = lineCol(BROKEN_PROTOCOL, WRONG_TYPE);
const NDIS105_AT = lineCol(BROKEN_PROTOCOL, 'NdisRegisterProtocolDriver(NULL');

function isPosition(p: unknown): p is JsonPosition {
  const x = p as JsonPosition;
  return !!x && Object.keys(x).sort().join() === 'character,line' && Number.isInteger(x.line) && x.line >= 0 && Number.isInteger(x.character) && x.character >= 0;
}

function assertRange(r: unknown, where: string): void {
  const x = r as { start: unknown; end: unknown };
  assert.ok(x && Object.keys(x).sort().join() === 'end,start', `${where}: range keys`);
  assert.ok(isPosition(x.start) && isPosition(x.end), `${where}: positions ${JSON.stringify(x)}`);
}

/** Parse and check `--format json` output against the contract; returns it typed. */
function parseJson(r: CliResult): JsonOutput {
  let out: JsonOutput;
  try {
    out = JSON.parse(r.stdout) as JsonOutput;
  } catch (e) {
    assert.fail(`stdout is not JSON (${(e as Error).message}):\n${describeRun(r)}`);
  }
  assert.deepEqual(Object.keys(out).sort(), ['diagnostics', 'files', 'version']);
  assert.equal(out.version, 1);
  assert.ok(Number.isInteger(out.files) && out.files >= 0);
  assert.ok(Array.isArray(out.diagnostics));
  for (const d of out.diagnostics) {
    const keys = Object.keys(d).sort();
    assert.deepEqual(keys.filter((k) => k !== 'relatedInformation'), ['code', 'file', 'message', 'range', 'severity'], JSON.stringify(d));
    assert.equal(typeof d.file, 'string');
    assert.ok(!d.file.includes('\\') && !path.isAbsolute(d.file) && !d.file.startsWith('..'), `file not relative with '/': ${d.file}`);
    assertRange(d.range, d.file);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity), d.severity);
    assert.equal(typeof d.code, 'string');
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
    if (d.relatedInformation !== undefined) {
      assert.ok(Array.isArray(d.relatedInformation) && d.relatedInformation.length > 0);
      for (const r of d.relatedInformation) {
        assert.deepEqual(Object.keys(r).sort(), ['file', 'message', 'range']);
        assertRange(r.range, 'relatedInformation');
        assert.ok(!r.file.includes('\\'));
      }
    }
  }
  return out;
}

function assertNoCrash(r: CliResult): void {
  assert.equal(r.timedOut, false, `timed out:\n${describeRun(r)}`);
  assert.equal(r.signal, null, describeRun(r));
  assert.doesNotMatch(r.stderr, STACK_TRACE, `stack trace on stderr:\n${describeRun(r)}`);
  assert.doesNotMatch(r.stderr, /internal error/i, describeRun(r));
}

let root: string;
before(() => {
  root = tempDir('cli', {
    'broken/driver.c': BROKEN_PROTOCOL,
    'clean/driver.c': CLEAN_PROTOCOL,
    'with space/sub dir/driver.c': BROKEN_PROTOCOL,
    'notes/readme.txt': 'not C',
  });
  fs.mkdirSync(path.join(root, 'empty'));
  fs.symlinkSync(path.join(root, 'does-not-exist.c'), path.join(root, 'dangling.c'));
});
after(() => {
  if (root) removeDir(root);
});

describe('--format text', () => {
  test('compiler-style 1-based lines, then a summary; exit 1 with an error', async () => {
    const r = await runCli(['check', 'broken'], { cwd: root });
    assertNoCrash(r);
    assert.equal(r.status, 1, describeRun(r));
    assert.equal(r.stderr, '');
    const lines = r.stdout.split('\n');
    assert.equal(lines.pop(), '', 'output ends with a newline');
    const summary = lines.pop()!;
    assert.match(summary, SUMMARY);
    assert.equal(summary, '2 errors, 0 warnings in 1 file');
    const parsed = lines.map((l) => {
      const m = TEXT_LINE.exec(l);
      assert.ok(m, `not "path:line:col: severity CODE: message": ${l}`);
      return m.groups!;
    });
    assert.deepEqual(
      parsed.map((g) => [g.file, Number(g.line), Number(g.col), g.severity, g.code]),
      [
        ['broken/driver.c', ...NDIS101_AT, 'error', 'NDIS101'],
        ['broken/driver.c', ...NDIS105_AT, 'error', 'NDIS105'],
      ],
    );
  });

  test('a clean driver: exit 0 and only the summary', async () => {
    const r = await runCli(['check', 'clean'], { cwd: root });
    assertNoCrash(r);
    assert.equal(r.status, 0, describeRun(r));
    assert.equal(r.stdout, '0 errors, 0 warnings in 1 file\n');
  });

  test('the default path is the current directory, and text is the default format', async () => {
    const r = await runCli(['check'], { cwd: path.join(root, 'broken') });
    assertNoCrash(r);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`^driver\\.c:${NDIS101_AT.join(':')}: error NDIS101: `, 'm'));
  });

  test('a file argument', async () => {
    const r = await runCli(['check', 'broken/driver.c'], { cwd: root });
    assertNoCrash(r);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^broken\/driver\.c:\d+:\d+: error NDIS105: /m);
  });

  test('--ndis-version and --define reach the analysis', async () => {
    const versioned = BROKEN_PROTOCOL.replace(
      '    Chars.MinorNdisVersion = 30;',
      '#if MYVER\n    Chars.MinorNdisVersion = 30;\n#else\n    Chars.MinorNdisVersion = 99;\n#endif',
    );
    const dir = tempDir('cli-define', { 'driver.c': versioned });
    try {
      const plain = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
      assert.ok(parseJson(plain).diagnostics.some((d) => d.code === 'NDIS104' && d.message.includes('99')), plain.stdout);
      const defined = await runCli(['check', '.', '--format', 'json', '--define', 'MYVER=1'], { cwd: dir });
      assert.deepEqual(parseJson(defined).diagnostics.map((d) => d.code), ['NDIS101', 'NDIS105']);
      const older = await runCli(['check', '.', '--format', 'json', '--define', 'MYVER', '--ndis-version', '6.20'], { cwd: dir });
      const ndis104 = parseJson(older).diagnostics.find((d) => d.code === 'NDIS104');
      assert.ok(ndis104, older.stdout);
      assert.equal(ndis104.severity, 'warning');
      assert.match(ndis104.message, /6\.20/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('--format json', () => {
  test('exactly the contract shape, 0-based, consistent with the text format', async () => {
    const r = await runCli(['check', 'broken', '--format', 'json'], { cwd: root });
    assertNoCrash(r);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.endsWith('}\n'));
    const out = parseJson(r);
    assert.equal(out.files, 1);
    assert.deepEqual(
      out.diagnostics.map((d) => [d.file, d.range.start.line + 1, d.range.start.character + 1, d.severity, d.code]),
      [
        ['broken/driver.c', ...NDIS101_AT, 'error', 'NDIS101'],
        ['broken/driver.c', ...NDIS105_AT, 'error', 'NDIS105'],
      ],
    );
    const ndis105 = out.diagnostics[1]!;
    assert.ok(ndis105.relatedInformation?.length, 'NDIS105 carries relatedInformation');
    assert.equal(ndis105.relatedInformation[0]!.file, 'broken/driver.c');

    const text = await runCli(['check', 'broken'], { cwd: root });
    const messages = text.stdout.split('\n').filter((l) => TEXT_LINE.test(l)).map((l) => TEXT_LINE.exec(l)!.groups!.message);
    assert.deepEqual(messages, out.diagnostics.map((d) => d.message));
  });

  test('paths are relative to the current directory with "/" separators', async () => {
    const r = await runCli(['check', '.', '--format', 'json'], { cwd: path.join(root, 'with space') });
    const out = parseJson(r);
    assert.deepEqual([...new Set(out.diagnostics.map((d) => d.file))], ['sub dir/driver.c']);
    const fromRoot = parseJson(await runCli(['check', 'with space', '--format', 'json'], { cwd: root }));
    assert.deepEqual([...new Set(fromRoot.diagnostics.map((d) => d.file))], ['with space/sub dir/driver.c']);
  });

  test('a clean directory and an empty one', async () => {
    const clean = await runCli(['check', 'clean', '--format', 'json'], { cwd: root });
    assert.equal(clean.status, 0);
    assert.deepEqual(parseJson(clean), { version: 1, files: 1, diagnostics: [] });
    const empty = await runCli(['check', 'empty', '--format', 'json'], { cwd: root });
    assertNoCrash(empty);
    assert.equal(empty.status, 0, describeRun(empty));
    assert.deepEqual(parseJson(empty), { version: 1, files: 0, diagnostics: [] });
  });
});

describe('--format sarif', () => {
  interface SarifRegion {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
  }
  interface SarifLocation {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
  }
  interface Sarif {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: { id: string; name: string; helpUri?: string; shortDescription: { text: string } }[] } };
      originalUriBaseIds?: Record<string, { uri: string }>;
      results: { ruleId: string; ruleIndex?: number; level: string; message: { text: string }; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }[];
    }[];
  }

  let sarif: Sarif;
  let json: JsonOutput;
  before(async () => {
    const r = await runCli(['check', 'broken', 'with space', '--format', 'sarif'], { cwd: root });
    assertNoCrash(r);
    assert.equal(r.status, 1, describeRun(r));
    sarif = JSON.parse(r.stdout) as Sarif;
    json = parseJson(await runCli(['check', 'broken', 'with space', '--format', 'json'], { cwd: root }));
  });

  test('SARIF 2.1.0 with one run', () => {
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    assert.equal(sarif.runs[0]!.tool.driver.name, 'ndiswb');
  });

  test('one rules entry per rule, each with a help URI to its page', () => {
    const rules = sarif.runs[0]!.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.meta.id));
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    for (const r of rules) {
      assert.ok(r.helpUri, `${r.id} has no helpUri`);
      const doc = fileURLToPath(r.helpUri);
      assert.equal(doc, path.join(REPO_ROOT, 'docs', 'rules', `${r.id}.md`));
      assert.ok(fs.existsSync(doc), doc);
      assert.ok(r.name && r.shortDescription.text);
    }
  });

  test('results: ruleId, ruleIndex, level from the severity, 1-based regions matching the json output', () => {
    const run = sarif.runs[0]!;
    assert.equal(run.results.length, json.diagnostics.length);
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as Record<string, string>;
    const base = run.originalUriBaseIds?.['%SRCROOT%']?.uri;
    run.results.forEach((res, i) => {
      const d = json.diagnostics[i]!;
      assert.equal(res.ruleId, d.code);
      if (res.ruleIndex !== undefined) assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId);
      assert.equal(res.level, level[d.severity]);
      assert.equal(res.message.text, d.message);
      const loc = res.locations[0]!.physicalLocation;
      assert.deepEqual(loc.region, {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
      // The artifact is a URI: relative ones resolve against %SRCROOT% to the file.
      const uri = loc.artifactLocation.uri;
      assert.doesNotMatch(uri, /\s/, 'a URI has no raw spaces');
      const resolved = loc.artifactLocation.uriBaseId ? new URL(uri, base).toString() : uri;
      assert.equal(fileURLToPath(resolved), path.join(root, d.file));
    });
    assert.ok(run.results.some((r) => r.relatedLocations?.length));
  });
});

describe('exit status 2 and stderr', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing path', ['check', 'missing-dir'], /missing-dir/],
    ['a path inside a non-existent directory', ['check', 'nowhere/driver.c'], /nowhere\/driver\.c/],
    ['a dangling symlink', ['check', 'dangling.c'], /dangling\.c/],
    ['one missing path among good ones', ['check', 'broken', 'gone.c'], /gone\.c/],
    ['an unknown --format', ['check', 'broken', '--format', 'xml'], /format/],
    ['--format without a value', ['check', 'broken', '--format'], /format/],
    ['an unknown option', ['check', 'broken', '--frobnicate'], /frobnicate/],
    ['a file that is not C/C++', ['check', 'notes/readme.txt'], /readme\.txt/],
    ['an unknown command', ['lint'], /lint/],
    ['no command', [], /usage/],
  ];
  for (const [name, args, stderr] of cases) {
    test(name, async () => {
      const r = await runCli(args, { cwd: root });
      assertNoCrash(r);
      assert.equal(r.status, 2, describeRun(r));
      assert.match(r.stderr, stderr);
      assert.equal(r.stdout, '', 'nothing on stdout: a pipeline must not parse half a report');
    });
  }

  // Tests run as root, where chmod 000 does not stop reading; /proc/self/mem is a regular file
  // that even root cannot read(2) from offset 0 (EIO).
  test('an included file that cannot be read', { skip: process.platform !== 'linux' }, async () => {
    const dir = tempDir('cli-unreadable', { 'driver.c': '#include "/proc/self/mem"\n' + BROKEN_PROTOCOL });
    try {
      const r = await runCli(['check', '.'], { cwd: dir });
      assertNoCrash(r);
      assert.equal(r.status, 2, describeRun(r));
      assert.match(r.stderr, /\/proc\/self\/mem/);
    } finally {
      removeDir(dir);
    }
  });
});

test('a reader that goes away early (ndiswb check | head) causes no stack trace', async () => {
  // Enough output to overflow a pipe buffer: 3000 suppressions that suppress nothing (3000 hints).
  const dir = tempDir('cli-epipe', { 'driver.c': '// ndis-disable-next-line NDIS202\nint x;\n'.repeat(3000) + BROKEN_PROTOCOL });
  try {
    const r = await runCli(['check', '.', '--format', 'json'], { cwd: dir, closeStdoutEarly: true });
    assertNoCrash(r);
    assert.equal(r.status, 1, describeRun(r));
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.length < 600_000, 'stdout was closed early');
  } finally {
    removeDir(dir);
  }
});

describe('bad input never crashes or hangs', { concurrency: 2 }, () => {
  const deep = (open: string, close: string, n: number, inner = ''): string => open.repeat(n) + inner + close.repeat(n);
  const inFunction = (body: string): string => BROKEN_PROTOCOL.replace('    UNREFERENCED_PARAMETER(RegistryPath);', body);
  const cases: [string, string | Uint8Array][] = [
    ['a binary file named .c (NUL bytes)', Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256))],
    ['invalid UTF-8', Buffer.concat([Buffer.from('/* '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x80, 0xbf]), Buffer.from(' */\n'), Buffer.from(BROKEN_PROTOCOL)])],
    ['a BOM', '\ufeff' + BROKEN_PROTOCOL],
    ['CRLF line endings', BROKEN_PROTOCOL.replace(/\n/g, '\r\n')],
    ['CR-only line endings', BROKEN_PROTOCOL.replace(/\n/g, '\r')],
    ['a 400k-character line', `static const int T[] = { ${'1, '.repeat(133_400)}1 };\n` + BROKEN_PROTOCOL],
    ['100k-deep parentheses', `int x = ${deep('(', ')', 100_000, '1')};\n`],
    ['100k-deep parentheses in a characteristics value', BROKEN_PROTOCOL.replace('Chars.MajorNdisVersion = 6;', `Chars.MajorNdisVersion = ${deep('(', ')', 100_000, '6')};`)],
    ['100k-deep parentheses in #if', `#if ${deep('(', ')', 100_000, '1')}\nint x;\n#endif\n` + BROKEN_PROTOCOL],
    ['20k-deep braces', `void f(void) ${deep('{', '}', 20_000)}\n`],
    ['20k-deep braces in DriverEntry', inFunction(deep('{', '}', 20_000))],
    ['20k-deep braced initializer', inFunction(`int a[] = ${deep('{', '}', 20_000, '1')};`)],
    ['20k unclosed braces', inFunction('{'.repeat(20_000))],
    ['an unterminated comment', BROKEN_PROTOCOL.replace('NTSTATUS\nDriverEntry', '/* never closed\nNTSTATUS\nDriverEntry')],
    ['an unterminated string', BROKEN_PROTOCOL.replace('"TESTPROT"', '"TESTPROT')],
    ['an empty file', ''],
    ['only a newline-free comment', '// x'],
    ['a lone #if', '#if 1\n' + BROKEN_PROTOCOL],
    ['a 20k-link macro chain', Array.from({ length: 20_000 }, (_, i) => `#define M${i} M${i + 1}`).join('\n') + '\n#define M20000 6\n' + BROKEN_PROTOCOL.replace('Chars.MajorNdisVersion = 6;', 'Chars.MajorNdisVersion = M0;')],
    ['a self-referencing macro cycle', '#define A B\n#define B A\n' + BROKEN_PROTOCOL.replace('Chars.MajorNdisVersion = 6;', 'Chars.MajorNdisVersion = A;')],
  ];
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  for (const [name, content] of cases) {
    test(name, async () => {
      const dir = tempDir('cli-bad', { 'input.c': content });
      dirs.push(dir);
      const r = await runCli(['check', '.', '--format', 'json'], { cwd: dir, timeoutMs: 10_000 });
      assertNoCrash(r);
      assert.ok(r.status === 0 || r.status === 1, describeRun(r));
      const out = parseJson(r);
      assert.equal(out.files, 1);
      assert.equal(r.status, out.diagnostics.some((d) => d.severity === 'error') ? 1 : 0, 'exit status follows the errors');
      for (const d of out.diagnostics) assert.equal(d.file, 'input.c');
      if (name === 'a binary file named .c (NUL bytes)') {
        assert.deepEqual(out.diagnostics.map((d) => [d.code, d.severity]), [['file-skipped', 'information']]);
        assert.ok(!('relatedInformation' in out.diagnostics[0]!), 'relatedInformation is omitted when there is none');
      }
      // Line endings and a BOM change no position: same diagnostics as the plain file.
      if (name === 'a BOM' || name === 'CRLF line endings') {
        assert.deepEqual(
          out.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1]),
          [
            ['NDIS101', ...NDIS101_AT],
            ['NDIS105', ...NDIS105_AT],
          ],
        );
      }
    });
  }
});
