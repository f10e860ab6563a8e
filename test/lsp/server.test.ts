/**
 * The language server over stdio, as another editor would run it (`ndiswb lsp --stdio`, the built
 * CLI): push and pull diagnostics, incremental sync, settings, `ndis/driverInfo`, robustness.
 * Run: node scripts/build.mjs && node --import tsx --test test/lsp/server.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, TextDocumentSyncKind, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { DriverInfo } from '../../common/src/protocol';
import { BROKEN_PROTOCOL, CLEAN_PROTOCOL, HANDLERS, HANDLERS_MARKER, RIGHT_TYPE, WRONG_TYPE, removeDir, tempDir } from '../helpers/fixtures';
import { FrameChecker, LspClient, REPO_ROOT, codes, messageOf, pathToUri, rangeOf } from '../helpers/lspClient';

const PUSH_CAPS = { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, synchronization: { didSave: false } } };

function byCode(diags: readonly Diagnostic[], code: string): Diagnostic {
  const d = diags.find((x) => x.code === code);
  assert.ok(d, `no ${code} among ${JSON.stringify(codes(diags))}`);
  return d;
}

/** The server wrote nothing but JSON-RPC frames, the reader never failed, and it is still running. */
function assertHealthy(client: LspClient): void {
  assert.deepEqual(client.frames.problems, [], `non-protocol output on stdout (stderr: ${client.stderr})`);
  assert.deepEqual(client.readerErrors, [], 'vscode-jsonrpc reported errors');
  assert.ok(client.frames.frames > 0, 'no frames at all');
  assert.ok(client.processAlive, `server exited (stderr: ${client.stderr})`);
}

/** For each document, published versions never go backwards (a stale publish would show old diagnostics). */
function assertVersionsMonotonic(published: readonly PublishDiagnosticsParams[]): void {
  const last = new Map<string, number>();
  for (const p of published) {
    if (p.version === undefined) continue;
    const before = last.get(p.uri);
    assert.ok(before === undefined || p.version >= before, `${p.uri}: version ${p.version} published after ${before}`);
    last.set(p.uri, p.version);
  }
}

test('the stdout frame checker accepts LSP frames and flags anything else', () => {
  const frame = (body: string): Buffer => Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const ok = new FrameChecker();
  const two = Buffer.concat([frame('{"jsonrpc":"2.0","method":"x","params":{"s":"é"}}'), frame('{"jsonrpc":"2.0","id":1,"result":null}')]);
  for (let i = 0; i < two.length; i += 7) ok.push(two.subarray(i, i + 7)); // split anywhere
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.frames, 2);
  const stray = new FrameChecker();
  stray.push(Buffer.concat([Buffer.from('debug output\n'), frame('{"jsonrpc":"2.0","method":"x"}')]));
  assert.equal(stray.problems.length, 1);
  const notJson = new FrameChecker();
  notJson.push(frame('{"jsonrpc":"2.0",'));
  assert.equal(notJson.problems.length, 1);
});

describe('push mode (client without textDocument.diagnostic)', () => {
  let dir: string;
  let client: LspClient;
  let uri: string;
  let text = BROKEN_PROTOCOL;

  before(async () => {
    dir = tempDir('lsp-push', { 'driver.c': BROKEN_PROTOCOL });
    uri = pathToUri(path.join(dir, 'driver.c'));
    client = await LspClient.start({ folder: dir, capabilities: PUSH_CAPS });
  });
  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  test('advertises incremental sync and no pull diagnostics', () => {
    const caps = client.initializeResult!.capabilities;
    assert.equal(caps.textDocumentSync, TextDocumentSyncKind.Incremental);
    assert.equal(caps.diagnosticProvider, undefined);
  });

  test('didOpen publishes the opened version with NDIS codes, source, doc links and related information', async () => {
    await client.open(uri, text, 1);
    const p = await client.waitForVersion(uri, 1);
    assert.deepEqual(codes(p.diagnostics).sort(), ['NDIS101', 'NDIS105']);
    for (const d of p.diagnostics) {
      assert.match(String(d.code), /^NDIS1\d\d$/);
      assert.equal(d.source, 'ndis');
      assert.equal(d.severity, DiagnosticSeverity.Error);
      const href = d.codeDescription?.href;
      assert.ok(href, `${d.code} has no codeDescription`);
      assert.ok(href.startsWith('file://'), href);
      const doc = fileURLToPath(href);
      assert.equal(doc, path.join(REPO_ROOT, 'docs', 'rules', `${d.code}.md`));
      assert.ok(fs.existsSync(doc), `${doc} does not exist`);
    }
    const ndis101 = byCode(p.diagnostics, 'NDIS101');
    assert.deepEqual(ndis101.range.start, rangeOf(text, WRONG_TYPE).start);
    const ndis105 = byCode(p.diagnostics, 'NDIS105');
    assert.deepEqual(ndis105.range.start, rangeOf(text, 'NdisRegisterProtocolDriver(NULL').start);
    assert.match(messageOf(ndis105), /OpenAdapterCompleteHandlerEx/);
    assert.ok(ndis105.relatedInformation?.length, 'NDIS105 has no relatedInformation although the client supports it');
    for (const r of ndis105.relatedInformation!) {
      assert.equal(r.location.uri, uri);
      assert.ok(r.message.length > 0);
    }
  });

  test('ndis/driverInfo returns the driver kinds and NDIS version', async () => {
    const info = await client.request<DriverInfo | null>('ndis/driverInfo', { uri });
    assert.ok(info, 'driverInfo returned null for a protocol driver');
    assert.deepEqual(info.kinds, ['protocol']);
    assert.equal(info.ndisVersion, '6.30');
    assert.equal(info.versionSource, 'characteristics');
    assert.equal(info.files, 1);
    assert.equal(info.driverUri, pathToUri(dir));
    assert.equal(await client.request('ndis/driverInfo', { uri: pathToUri(path.join(dir, 'notes.txt')) }), null);
  });

  test('an incremental change fixing a defect publishes the new version without it', async () => {
    const v2 = await client.change(uri, [{ range: rangeOf(text, HANDLERS_MARKER), text: HANDLERS }]);
    text = text.replace(HANDLERS_MARKER, HANDLERS);
    const p2 = await client.waitForVersion(uri, v2);
    assert.deepEqual(codes(p2.diagnostics), ['NDIS101']);

    const v3 = await client.change(uri, [{ range: rangeOf(text, WRONG_TYPE), text: RIGHT_TYPE }]);
    text = text.replace(WRONG_TYPE, RIGHT_TYPE);
    assert.equal(text, CLEAN_PROTOCOL);
    const p3 = await client.waitForVersion(uri, v3);
    assert.deepEqual(p3.diagnostics, []);
  });

  test('a change that alters nothing relevant still publishes its version', async () => {
    const at = rangeOf(text, 'NTSTATUS\nDriverEntry').start;
    const v = await client.change(uri, [{ range: { start: at, end: at }, text: '// a comment\n' }]);
    text = text.replace('NTSTATUS\nDriverEntry', '// a comment\nNTSTATUS\nDriverEntry');
    assert.deepEqual((await client.waitForVersion(uri, v)).diagnostics, []);

    // Replacing text with the same text: the document is byte-for-byte unchanged.
    const same = rangeOf(text, 'Status;');
    const v2 = await client.change(uri, [{ range: same, text: 'Status;' }]);
    assert.deepEqual((await client.waitForVersion(uri, v2)).diagnostics, []);
  });

  test('several content changes in one didChange apply in order', async () => {
    // Remove two handler assignments, then put one back: exactly one is missing.
    const open = '    Chars.OpenAdapterCompleteHandlerEx = TestOpenAdapterComplete;\n';
    const close = '    Chars.CloseAdapterCompleteHandlerEx = TestCloseAdapterComplete;\n';
    const r1 = rangeOf(text, open);
    const v = await client.change(uri, [
      { range: r1, text: '' },
      { range: rangeOf(text.replace(open, ''), close), text: '' },
      { range: { start: r1.start, end: r1.start }, text: open },
    ]);
    text = text.replace(close, '');
    const p = await client.waitForVersion(uri, v);
    assert.deepEqual(codes(p.diagnostics), ['NDIS105']);
    assert.match(messageOf(p.diagnostics[0]!), /CloseAdapterCompleteHandlerEx/);
    assert.doesNotMatch(messageOf(p.diagnostics[0]!), /OpenAdapterCompleteHandlerEx/);
    assert.deepEqual(p.diagnostics[0]!.range.start, rangeOf(text, 'NdisRegisterProtocolDriver(NULL').start);
  });

  test('a burst of changes ends with a publish of the last version matching the last text', async () => {
    let last = 0;
    const close = '    Chars.CloseAdapterCompleteHandlerEx = TestCloseAdapterComplete;\n';
    // Type the missing line back one character at a time without waiting.
    const at = rangeOf(text, '    Chars.NetPnPEventHandler').start;
    for (let i = 0; i < close.length; i++) {
      const pos = { line: at.line + (close.slice(0, i).split('\n').length - 1), character: i };
      last = await client.change(uri, [{ range: { start: pos, end: pos }, text: close[i]! }]);
    }
    text = text.replace('    Chars.NetPnPEventHandler', close + '    Chars.NetPnPEventHandler');
    assert.equal(text.replace('// a comment\n', ''), CLEAN_PROTOCOL);
    const p = await client.waitForVersion(uri, last);
    assert.deepEqual(p.diagnostics, []);
    assertVersionsMonotonic(client.published);
  });

  test('stdout carried only protocol and the server is healthy', () => {
    assertHealthy(client);
  });
});

describe('push mode without relatedInformation support', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = tempDir('lsp-norelated', { 'driver.c': BROKEN_PROTOCOL });
    client = await LspClient.start({ folder: dir, capabilities: {} });
  });
  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  test('diagnostics carry no relatedInformation', async () => {
    const uri = pathToUri(path.join(dir, 'driver.c'));
    await client.open(uri, BROKEN_PROTOCOL, 7);
    const p = await client.waitForVersion(uri, 7);
    assert.deepEqual(codes(p.diagnostics).sort(), ['NDIS101', 'NDIS105']);
    for (const d of p.diagnostics) assert.equal(d.relatedInformation, undefined);
    assertHealthy(client);
  });
});

describe('pull mode (client declares textDocument.diagnostic)', () => {
  let dir: string;
  let client: LspClient;
  let uri: string;

  before(async () => {
    dir = tempDir('lsp-pull', { 'driver.c': BROKEN_PROTOCOL });
    uri = pathToUri(path.join(dir, 'driver.c'));
    client = await LspClient.start({
      folder: dir,
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } },
    });
  });
  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  test('advertises a diagnosticProvider', () => {
    const dp = client.initializeResult!.capabilities.diagnosticProvider;
    assert.ok(dp, 'no diagnosticProvider');
    assert.equal(typeof dp.interFileDependencies, 'boolean');
    assert.equal(dp.workspaceDiagnostics, false);
  });

  test('textDocument/diagnostic returns the items, with related information', async () => {
    await client.open(uri, BROKEN_PROTOCOL, 1);
    const report = await client.pull(uri);
    assert.equal(report.kind, 'full');
    assert.ok(report.kind === 'full');
    assert.deepEqual(codes(report.items).sort(), ['NDIS101', 'NDIS105']);
    for (const d of report.items) assert.equal(d.source, 'ndis');
    assert.ok(byCode(report.items, 'NDIS105').relatedInformation?.length);
  });

  test('a pull after a change answers for the new text', async () => {
    await client.change(uri, [{ range: rangeOf(BROKEN_PROTOCOL, HANDLERS_MARKER), text: HANDLERS }]);
    const report = await client.pull(uri);
    assert.ok(report.kind === 'full');
    assert.deepEqual(codes(report.items), ['NDIS101']);
  });

  test('no publishDiagnostics is pushed to a pull client', () => {
    assert.deepEqual(
      client.published.map((p) => `${p.uri}@${p.version}: ${codes(p.diagnostics)}`),
      [],
    );
    assertHealthy(client);
  });
});

describe('settings through workspace/configuration', () => {
  let dir: string;
  let client: LspClient;
  let settings: unknown = {};
  let uri: string;

  before(async () => {
    dir = tempDir('lsp-settings', { 'driver.c': BROKEN_PROTOCOL });
    uri = pathToUri(path.join(dir, 'driver.c'));
    client = await LspClient.start({ folder: dir, capabilities: { ...PUSH_CAPS, workspace: { configuration: true } }, settings: () => settings });
    await client.waitForConfigurationRequests(1);
  });
  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  test('the server asks for the "ndis" section', () => {
    assert.deepEqual(
      client.configurationRequests[0]!.items.map((i) => i.section),
      ['ndis'],
    );
  });

  test('rules: { NDIS105: "off" } removes NDIS105 and keeps the others', async () => {
    await client.open(uri, BROKEN_PROTOCOL, 1);
    const first = await client.waitForVersion(uri, 1);
    assert.deepEqual(codes(first.diagnostics).sort(), ['NDIS101', 'NDIS105']);

    settings = { rules: { NDIS105: 'off' } };
    const since = client.published.length;
    const asked = client.configurationRequests.length;
    await client.configurationChanged();
    await client.waitForConfigurationRequests(asked + 1);
    const p = await client.waitForDiagnostics((x) => x.uri === uri && !codes(x.diagnostics).includes('NDIS105'), 'a publish without NDIS105', { since });
    assert.equal(p.version, 1);
    assert.deepEqual(codes(p.diagnostics), ['NDIS101']);
  });

  test('a severity override changes the severity', async () => {
    settings = { rules: { NDIS105: 'off', NDIS101: 'warning' } };
    const since = client.published.length;
    await client.configurationChanged();
    const p = await client.waitForDiagnostics(
      (x) => x.uri === uri && x.diagnostics.some((d) => d.code === 'NDIS101' && d.severity === DiagnosticSeverity.Warning),
      'NDIS101 as a warning',
      { since },
    );
    assert.deepEqual(codes(p.diagnostics), ['NDIS101']);
    // Later edits keep using the settings.
    const v = await client.change(uri, [{ range: rangeOf(BROKEN_PROTOCOL, 'Status;'), text: 'Status; ' }]);
    const p2 = await client.waitForVersion(uri, v);
    assert.deepEqual(p2.diagnostics.map((d) => [d.code, d.severity]), [['NDIS101', DiagnosticSeverity.Warning]]);
    assertHealthy(client);
  });
});

describe('ndis.maxFileSize', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = tempDir('lsp-maxsize', { 'driver.c': BROKEN_PROTOCOL });
    client = await LspClient.start({ folder: dir, capabilities: { ...PUSH_CAPS, workspace: { configuration: true } }, settings: () => ({ maxFileSize: 1000 }) });
    await client.waitForConfigurationRequests(1);
  });
  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  test('a larger file gets exactly one information diagnostic "file-skipped"', async () => {
    const uri = pathToUri(path.join(dir, 'driver.c'));
    assert.ok(BROKEN_PROTOCOL.length > 1000);
    await client.open(uri, BROKEN_PROTOCOL, 1);
    const p = await client.waitForDiagnostics((x) => x.uri === uri && x.version === 1 && codes(x.diagnostics).includes('file-skipped'), 'file-skipped');
    assert.equal(p.diagnostics.length, 1, JSON.stringify(p.diagnostics));
    const d = p.diagnostics[0]!;
    assert.equal(d.code, 'file-skipped');
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.equal(d.source, 'ndis');
    assert.match(messageOf(d), /1000/);

    // Still one per version while it stays too large.
    const v = await client.change(uri, [{ range: rangeOf(BROKEN_PROTOCOL, 'Status;'), text: 'Status; ' }]);
    const p2 = await client.waitForVersion(uri, v);
    assert.deepEqual(codes(p2.diagnostics), ['file-skipped']);
    assertHealthy(client);
  });
});

describe('robustness', () => {
  let dir: string;
  let client: LspClient;
  const longLine = `static const unsigned char Table[] = { ${Array.from({ length: 82_000 }, (_, i) => `0x${(i & 0xff).toString(16).padStart(2, '0')}`).join(',')} };`;

  before(async () => {
    dir = tempDir('lsp-robust', {
      // Invalid UTF-8 (a lone continuation byte, a truncated sequence, 0xFF) in a comment and a string.
      'utf8/bad.c': Buffer.concat([
        Buffer.from('/* caf'),
        Buffer.from([0xe9, 0x80, 0xff, 0xc3]),
        Buffer.from(' */\nconst char *s = "'),
        Buffer.from([0xfe, 0xed]),
        Buffer.from('";\n' + BROKEN_PROTOCOL),
      ]),
      'edit/driver.c': CLEAN_PROTOCOL,
    });
    client = await LspClient.start({ folder: dir, capabilities: PUSH_CAPS });
  });
  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  test('a file on disk with invalid UTF-8 is analysed', async () => {
    const uri = pathToUri(path.join(dir, 'utf8', 'bad.c'));
    // The background load publishes it (not open: no version).
    const p = await client.waitForDiagnostics((x) => x.uri === uri, 'bad.c from the background load');
    assert.deepEqual(codes(p.diagnostics).sort(), ['NDIS101', 'NDIS105']);
    const info = await client.request<DriverInfo | null>('ndis/driverInfo', { uri });
    assert.deepEqual(info?.kinds, ['protocol']);
  });

  test('a 400k-character line', async () => {
    assert.ok(longLine.length >= 400_000, String(longLine.length));
    const uri = pathToUri(path.join(dir, 'long', 'long.c'));
    const text = `${longLine}\n${BROKEN_PROTOCOL}`;
    await client.open(uri, text, 1);
    const p = await client.waitForVersion(uri, 1, 60_000);
    assert.deepEqual(codes(p.diagnostics).sort(), ['NDIS101', 'NDIS105']);
    // An edit at the end of the long line.
    const end = { line: 0, character: longLine.length - 3 };
    const v = await client.change(uri, [{ range: { start: end, end }, text: ',0x01' }]);
    await client.waitForVersion(uri, v, 60_000);
    assert.ok(await client.request('ndis/driverInfo', { uri }));
  });

  test('broken syntax mid-edit: every version is published, and fixing it restores the result', async () => {
    const uri = pathToUri(path.join(dir, 'edit', 'driver.c'));
    let text = CLEAN_PROTOCOL;
    await client.open(uri, text, 1);
    assert.deepEqual((await client.waitForVersion(uri, 1)).diagnostics, []);

    const edits: [string, string][] = [
      ['    return STATUS_SUCCESS;\n}\n', '    return STATUS_SUCCESS;\n'], // DriverEntry's closing brace gone
      ['NdisZeroMemory(&Chars, sizeof(Chars));', 'NdisZeroMemory(&Chars, sizeof(Chars)); if ('], // half-typed if
      ['Chars.MajorNdisVersion = 6;', 'Chars.MajorNdisVersion = 6; /* unterminated'],
      ['NDIS_STRING Name', '#if 0\nNDIS_STRING Name'], // #if without #endif
      ['"TESTPROT"', '"TESTPROT'], // unterminated string
      ['{\n    UNREFERENCED_PARAMETER(DriverObject);', '{{{{ ((( [[[\n    UNREFERENCED_PARAMETER(DriverObject);'],
    ];
    const history: string[] = [];
    for (const [from, to] of edits) {
      history.push(text);
      const v = await client.change(uri, [{ range: rangeOf(text, from), text: to }]);
      text = text.replace(from, to);
      const p = await client.waitForVersion(uri, v);
      for (const d of p.diagnostics) assert.equal(d.source, 'ndis');
    }
    // Undo everything with one full-text replacement ... then a last incremental edit.
    const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
    const vUndo = await client.change(uri, [{ range: whole, text: CLEAN_PROTOCOL }]);
    assert.deepEqual((await client.waitForVersion(uri, vUndo)).diagnostics, []);
    const vBreak = await client.change(uri, [{ range: rangeOf(CLEAN_PROTOCOL, RIGHT_TYPE), text: WRONG_TYPE }]);
    assert.deepEqual(codes((await client.waitForVersion(uri, vBreak)).diagnostics), ['NDIS101']);
    assert.ok(history.length === edits.length);
  });

  test('non-file and non-C documents are left alone', async () => {
    const txt = pathToUri(path.join(dir, 'readme.txt'));
    await client.open(txt, 'hello', 1, 'plaintext');
    // file://host/... is a UNC path on Windows and no local path at all on POSIX.
    const untitled = ['untitled:Untitled-1', 'untitled:Untitled-2.c', ...(process.platform === 'win32' ? [] : ['file://otherhost/share/driver.c'])];
    for (const u of untitled) await client.open(u, BROKEN_PROTOCOL, 1);
    assert.equal(await client.request('ndis/driverInfo', { uri: untitled[1] }), null);
    // Analysis is serialised: once a later file:// document is published, earlier ones would have been.
    const uri = pathToUri(path.join(dir, 'later', 'driver.c'));
    await client.open(uri, BROKEN_PROTOCOL, 1);
    await client.waitForVersion(uri, 1);
    const ignored = new Set([txt, ...untitled]);
    assert.deepEqual(client.published.filter((p) => ignored.has(p.uri)), []);
    assert.ok(await client.request('ndis/driverInfo', { uri }));
  });

  test('stdout carried only protocol and the server still answers', async () => {
    assertHealthy(client);
    assertVersionsMonotonic(client.published);
  });
});

/**
 * VS Code spells file URIs with vscode-uri, which percent-encodes more than Node's pathToFileURL
 * (`(`, `)`, `@`, `+`..., and on Windows the drive colon: `file:///c%3A/...`). The server must
 * answer under the client's spelling, with its version, in both modes.
 */
describe("URIs spelled by the client, not by Node (e.g. 'drivers (x64)')", () => {
  const vscodeUri = (p: string): string =>
    'file://' + p.split('/').map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
  let dir: string;
  let file: string;
  let push: LspClient;
  let pull: LspClient;

  before(async () => {
    const parent = tempDir('lsp-spelling');
    dir = path.join(parent, 'drivers (x64)+@');
    fs.mkdirSync(dir);
    file = path.join(dir, 'driver.c');
    fs.writeFileSync(file, BROKEN_PROTOCOL);
    assert.notEqual(vscodeUri(file), pathToUri(file), 'the spellings differ');
    push = await LspClient.start({ folder: dir, capabilities: PUSH_CAPS });
    pull = await LspClient.start({ folder: dir, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
  });
  after(async () => {
    await push?.stop();
    await pull?.stop();
    if (dir) removeDir(path.dirname(dir));
  });

  test('push: the publish uses the client URI and the document version', async () => {
    const uri = vscodeUri(file);
    await push.open(uri, BROKEN_PROTOCOL, 3);
    const p = await push.waitForVersion(uri, 3);
    assert.deepEqual(codes(p.diagnostics).sort(), ['NDIS101', 'NDIS105']);
    const v = await push.change(uri, [{ range: rangeOf(BROKEN_PROTOCOL, HANDLERS_MARKER), text: HANDLERS }]);
    assert.deepEqual(codes((await push.waitForVersion(uri, v)).diagnostics), ['NDIS101']);
    // Never a versioned publish under another spelling of the same file.
    assert.deepEqual(
      push.published.filter((x) => x.uri !== uri && x.version !== undefined).map((x) => x.uri),
      [],
    );
  });

  test('pull: textDocument/diagnostic answers for the client URI', async () => {
    const uri = vscodeUri(file);
    await pull.open(uri, BROKEN_PROTOCOL, 1);
    const report = await pull.pull(uri);
    assert.ok(report.kind === 'full');
    assert.deepEqual(codes(report.items).sort(), ['NDIS101', 'NDIS105']);
  });

  test('ndis/driverInfo answers for the client URI', async () => {
    const info = await push.request<DriverInfo | null>('ndis/driverInfo', { uri: vscodeUri(file) });
    assert.deepEqual(info?.kinds, ['protocol']);
    assertHealthy(push);
    assertHealthy(pull);
  });
});
