/**
 * The workspace over `ndiswb lsp --stdio`: `ndis/drivers` (the "NDIS Drivers" view's data) in a
 * multi-root workspace, folders added and removed while running, and project files (INF,
 * .vcxproj) changed on disk re-checked through workspace/didChangeWatchedFiles.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  FileChangeType,
  InitializeRequest,
  InitializedNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import type { DriverTreeDriver } from '../../../common/src/protocol';
import { LspClient, messageOf, pathToUri, withTimeout } from '../../helpers/lspClient';
import { tempDir } from '../../helpers/fixtures';
import { DRIVER_C, TUNFEAT_INF, TUNFEAT_VCXPROJ, edit, tunfeat, type DriverDir } from './drivers';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const PUSH = { textDocument: { publishDiagnostics: { relatedInformation: true } }, workspace: { workspaceFolders: true } };

/** A push-mode client initialised with several workspace folders. */
async function startMultiRoot(folders: readonly string[]): Promise<LspClient> {
  const c = new LspClient({ folder: folders[0]! });
  await withTimeout(
    c.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToUri(folders[0]!), capabilities: PUSH,
      workspaceFolders: folders.map((f) => ({ uri: pathToUri(f), name: path.basename(f) })),
    }),
    20_000,
    'initialize',
  );
  await c.connection.sendNotification(InitializedNotification.type, {});
  return c;
}

const inFolder = (folder: string) => (p: PublishDiagnosticsParams): boolean => p.uri.startsWith(pathToUri(folder) + '/');

describe('ndis/drivers in a multi-root workspace', () => {
  let ws: string;
  let c: LspClient;

  before(async () => {
    ws = tempDir('multi');
    for (const f of ['protocol', 'filter', 'mux']) fs.cpSync(path.join(EXAMPLES, f), path.join(ws, f), { recursive: true });
    c = await startMultiRoot([path.join(ws, 'protocol'), path.join(ws, 'filter')]);
    await c.waitForDiagnostics(inFolder(path.join(ws, 'protocol')), 'background indexing of protocol');
    await c.waitForDiagnostics(inFolder(path.join(ws, 'filter')), 'background indexing of filter');
  });
  after(async () => {
    await c?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  const drivers = (): Promise<DriverTreeDriver[]> => c.request<DriverTreeDriver[]>('ndis/drivers', {});

  test('each folder\'s driver, its registration, handlers (role, IRQL, definition) and unload routine', async () => {
    const list = await drivers();
    assert.deepEqual(list.map((d) => d.name), ['filter', 'protocol']);
    const prot = list.find((d) => d.name === 'protocol')!;
    assert.deepEqual(prot.kinds, ['protocol']);
    assert.equal(prot.ndisVersion, '6.30');
    assert.ok(prot.files.includes(pathToUri(path.join(ws, 'protocol', 'bind.c'))));
    assert.equal(prot.registrations.length, 1);
    const reg = prot.registrations[0]!;
    assert.equal(reg.ddi, 'NdisRegisterProtocolDriver');
    assert.equal(reg.name, 'TUNPROT');
    assert.equal(reg.kind, 'protocol');
    assert.equal(reg.handlers.length, 9);
    const bind = reg.handlers.find((h) => h.member === 'BindAdapterHandlerEx')!;
    assert.equal(bind.function, 'TunpBindAdapter');
    assert.equal(bind.irql, 'PASSIVE_LEVEL');
    assert.equal(bind.definition?.uri, pathToUri(path.join(ws, 'protocol', 'bind.c')));
    assert.equal(reg.handlers.find((h) => h.member === 'ReceiveNetBufferListsHandler')?.irql, '<= DISPATCH_LEVEL');
    assert.deepEqual(prot.unloads.map((u) => `${u.kind} ${u.function}`), ['DriverUnload TunpUnload']);
    const filter = list.find((d) => d.name === 'filter')!;
    assert.equal(filter.registrations[0]?.ddi, 'NdisFRegisterFilterDriver');
    assert.equal(filter.ndisVersion, '6.80');
    assert.deepEqual(prot.problems, { errors: 0, warnings: 0 });
    assert.ok(bind.problems && bind.problems.errors === 0);
  });

  test('a folder added at run time is indexed and listed, with its interfaces; a removed one disappears', async () => {
    const mux = path.join(ws, 'mux');
    const since = c.published.length;
    await c.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [{ uri: pathToUri(mux), name: 'mux' }], removed: [] } });
    await c.waitForDiagnostics(inFolder(mux), 'background indexing of the added folder', { since });
    const withMux = await drivers();
    const m = withMux.find((d) => d.name === 'mux');
    assert.ok(m, withMux.map((d) => d.name).join(', '));
    assert.deepEqual(m.kinds, ['intermediate', 'miniport', 'protocol', 'provider']);
    assert.ok(m.interfaces.some((i) => i.ddi === 'NdisIfRegisterProvider'), JSON.stringify(m.interfaces));
    assert.ok(m.interfaces.some((i) => i.ddi === 'NdisIfRegisterInterface'), JSON.stringify(m.interfaces));
    assert.ok(m.registrations.some((r) => r.kind === 'intermediate miniport'));

    await c.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [{ uri: pathToUri(path.join(ws, 'filter')), name: 'filter' }] } });
    assert.deepEqual((await drivers()).map((d) => d.name), ['mux', 'protocol']);
  });
});

describe('project files changed on disk', () => {
  let d: DriverDir;
  let c: LspClient;
  let uri: string;

  before(async () => {
    d = tunfeat({ 'tunfeat.inf': TUNFEAT_INF.replace(/TUNFEAT, , Tunf/, 'TUNFEET, , Tunf').replace('Service, 0, TUNFEAT', 'Service, 0, TUNFEET') });
    c = await LspClient.start({ folder: d.dir, capabilities: PUSH });
    uri = pathToUri(d.file('driver.c'));
    await c.open(uri, DRIVER_C);
  });
  after(async () => {
    await c?.stop();
    d?.remove();
  });

  const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((x) => String(x.code));

  test('an INF whose service is not the protocol Name: NDIS113, gone once the INF is fixed', async () => {
    const first = await c.waitForDiagnostics((p) => p.uri === uri && p.version === 1, 'driver.c');
    assert.deepEqual(codes(first), ['NDIS113']);
    assert.match(messageOf(first.diagnostics[0]!), /Name "TUNFEAT" is not a service tunfeat\.inf installs \(TUNFEET\)/);
    assert.deepEqual(first.diagnostics[0]!.range.start, { line: DRIVER_C.split('\n').findIndex((l) => l.includes('ProtocolChars.Name')), character: DRIVER_C.split('\n').find((l) => l.includes('ProtocolChars.Name'))!.indexOf('Name') });

    const since = c.published.length;
    fs.writeFileSync(d.file('tunfeat.inf'), TUNFEAT_INF);
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToUri(d.file('tunfeat.inf')), type: FileChangeType.Changed }] });
    await c.waitForDiagnostics((p) => p.uri === uri && p.diagnostics.length === 0, 'driver.c clean after the INF change', { since });
  });

  test('a .vcxproj whose configurations build different NDIS versions: NDIS115 after the change', async () => {
    const since = c.published.length;
    const two = TUNFEAT_VCXPROJ.replace(
      '<ItemDefinitionGroup>',
      `<ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Release|x64'">\n    <ClCompile>\n      <PreprocessorDefinitions>NDIS620=1;%(PreprocessorDefinitions)</PreprocessorDefinitions>\n    </ClCompile>\n  </ItemDefinitionGroup>\n  <ItemDefinitionGroup Condition="'$(Configuration)|$(Platform)'=='Debug|x64'">`,
    );
    fs.writeFileSync(d.file('tunfeat.vcxproj'), two);
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToUri(d.file('tunfeat.vcxproj')), type: FileChangeType.Changed }] });
    const p = await c.waitForDiagnostics((x) => x.uri === uri && codes(x).includes('NDIS115'), 'NDIS115 after the .vcxproj change', { since });
    assert.match(messageOf(p.diagnostics.find((x) => x.code === 'NDIS115')!), /Release\|x64: NDIS 6\.20; Debug\|x64: NDIS 6\.30/);
  });
});

describe('edit in a second driver of the same workspace', () => {
  test('ndis/drivers follows an edit: handlers and problem counts', async () => {
    const d = tunfeat();
    const c = await LspClient.start({ folder: d.dir, capabilities: PUSH });
    try {
      const uri = pathToUri(d.file('driver.c'));
      await c.open(uri, DRIVER_C);
      await c.waitForVersion(uri, 1);
      const before = await c.request<DriverTreeDriver[]>('ndis/drivers', {});
      assert.equal(before[0]?.registrations[0]?.handlers.length, 8);
      assert.deepEqual(before[0]?.problems, { errors: 0, warnings: 0 });
      const text = edit(DRIVER_C, '    ProtocolChars.ReceiveNetBufferListsHandler = TunfReceiveNetBufferLists;\n', '');
      const v = await c.change(uri, [{ text }]);
      await c.waitForVersion(uri, v);
      const afterEdit = await c.request<DriverTreeDriver[]>('ndis/drivers', {});
      assert.equal(afterEdit[0]?.registrations[0]?.handlers.length, 7);
      assert.deepEqual(afterEdit[0]?.problems, { errors: 1, warnings: 0 }, 'NDIS105 counts as an error of the driver');
    } finally {
      await c.stop();
      d.remove();
    }
  });
});

describe('problem counts of drivers whose files are not open', () => {
  test('a broken example counts its findings, and each handler those inside it', async () => {
    const ws = tempDir('counts');
    fs.cpSync(path.join(EXAMPLES, 'broken', 'irql'), path.join(ws, 'irql'), { recursive: true });
    const c = await startMultiRoot([ws]);
    try {
      await c.waitForDiagnostics(inFolder(ws), 'background indexing');
      const [d] = await c.request<DriverTreeDriver[]>('ndis/drivers', {});
      assert.ok(d, 'the broken filter is listed');
      assert.equal(d.problems.errors, 2, JSON.stringify(d.problems));
      const handlers = d.registrations[0]!.handlers;
      const errorsOf = (member: string): number | undefined => handlers.find((h) => h.member === member)?.problems.errors;
      assert.equal(errorsOf('AttachHandler'), 1, 'NDIS211 inside ShapeAttach');
      assert.equal(errorsOf('OidRequestCompleteHandler'), 1, 'NDIS211 inside ShapeOidRequestComplete');
      assert.equal(errorsOf('DetachHandler'), 0);
    } finally {
      await c.stop();
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
