/**
 * Navigation over `ndiswb lsp --stdio`: go to definition between handler assignments and handlers,
 * document symbols (hierarchical and flat), workspace symbols, code lenses above registration
 * calls, inlay hints with each handler's IRQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeLens, DocumentSymbol, InlayHint, Location, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { LspClient, pathToUri } from '../../helpers/lspClient';
import { tunfeat, type DriverDir } from './drivers';
import { Editor, FEATURE_CAPS } from './util';

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

describe('navigation', () => {
  let d: DriverDir;
  let e: Editor;
  let driverC: string;
  let handlersC: string;
  let header: string;

  before(async () => {
    d = tunfeat();
    e = await Editor.start({ folder: d.dir });
    driverC = await e.open(d.file('driver.c'));
    handlersC = await e.open(d.file('handlers.c'));
    header = await e.open(d.file('tunfeat.h'));
  });
  after(async () => {
    await e?.stop();
    d?.remove();
  });

  const definition = (uri: string, needle: string, delta = 1, afterText?: string): Promise<Location[] | null> =>
    e.request<Location[] | null>('textDocument/definition', { textDocument: { uri }, position: e.pos(uri, needle, delta, afterText) });

  test('definition: from a handler assignment (member or function) to the handler in another file', async () => {
    for (const needle of ['ReceiveNetBufferListsHandler', 'TunfReceiveNetBufferLists;']) {
      const locs = await definition(driverC, needle, 4);
      assert.equal(locs?.length, 1, needle);
      assert.equal(locs![0]!.uri, handlersC);
      assert.deepEqual(locs![0]!.range.start, e.pos(handlersC, 'TunfReceiveNetBufferLists('));
    }
  });

  test('definition: from a handler (definition or role declaration) to where it is registered', async () => {
    const fromDef = await definition(handlersC, 'TunfBindAdapter(', 2);
    assert.deepEqual(fromDef, [{ uri: driverC, range: { start: e.pos(driverC, 'BindAdapterHandlerEx'), end: e.pos(driverC, 'BindAdapterHandlerEx', 'BindAdapterHandlerEx'.length) } }]);
    const fromDecl = await definition(header, 'TunfUnload;', 2);
    assert.equal(fromDecl?.length, 1);
    assert.deepEqual(fromDecl![0]!.range.start, e.pos(driverC, 'DriverObject->DriverUnload'));
  });

  test('definition: nothing on a function that is registered nowhere, at its own name', async () => {
    const locs = await definition(driverC, 'DriverEntry(', 2);
    assert.equal(locs, null);
  });

  test('document symbols: the characteristics with its handler assignments and registration, and the handlers', async () => {
    const syms = await e.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: driverC } });
    const chars = syms.find((s) => s.name === 'ProtocolChars');
    assert.ok(chars, JSON.stringify(syms.map((s) => s.name)));
    assert.equal(chars.detail, 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS · protocol');
    const kids = chars.children!.map((c) => `${c.name}=${c.detail}`);
    assert.ok(kids.includes('BindAdapterHandlerEx=TunfBindAdapter · PASSIVE_LEVEL'), kids.join('\n'));
    assert.ok(kids.includes('ReceiveNetBufferListsHandler=TunfReceiveNetBufferLists · <= DISPATCH_LEVEL'), kids.join('\n'));
    assert.equal(kids.at(-1), 'NdisRegisterProtocolDriver=registers protocol TUNFEAT');
    assert.equal(kids.length, 9);
    assert.ok(syms.some((s) => s.name === 'DriverEntry' && s.detail === 'DriverEntry · PASSIVE_LEVEL'));
    for (const s of [chars, ...chars.children!]) {
      const inside = (r: typeof s.range, x: typeof s.range): boolean =>
        (x.start.line > r.start.line || (x.start.line === r.start.line && x.start.character >= r.start.character)) &&
        (x.end.line < r.end.line || (x.end.line === r.end.line && x.end.character <= r.end.character));
      assert.ok(inside(s.range, s.selectionRange), `${s.name}: selectionRange inside range`);
      assert.ok(inside(chars.range, s.range), `${s.name}: inside its parent`);
    }
    const handlers = await e.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: handlersC } });
    assert.deepEqual(handlers.map((s) => `${s.name} ${s.detail}`).slice(0, 2), ['TunfBindAdapter ProtocolBindAdapterEx · PASSIVE_LEVEL', 'TunfUnbindAdapter ProtocolUnbindAdapterEx · PASSIVE_LEVEL']);
    assert.equal(handlers.length, 9);
  });

  test('document symbols for a client without hierarchy: flat, with container names', async () => {
    const flat = await LspClient.start({ folder: d.dir, capabilities: { textDocument: { diagnostic: {} } } });
    try {
      const uri = pathToUri(d.file('driver.c'));
      await flat.open(uri, e.text(driverC));
      const syms = await flat.request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const bind = syms.find((s) => s.name === 'BindAdapterHandlerEx');
      assert.equal(bind?.containerName, 'ProtocolChars');
      assert.equal(bind?.location.uri, uri);
    } finally {
      await flat.stop();
    }
  });

  test('workspace symbols: handlers, characteristics and registrations, matched as a subsequence', async () => {
    const syms = await e.request<SymbolInformation[]>('workspace/symbol', { query: 'tfrecv' });
    assert.deepEqual(syms.map((s) => s.name), ['TunfReceiveNetBufferLists']);
    assert.match(syms[0]!.containerName!, /ProtocolReceiveNetBufferLists · <= DISPATCH_LEVEL/);
    const regs = await e.request<SymbolInformation[]>('workspace/symbol', { query: 'NdisRegister' });
    assert.ok(regs.some((s) => s.name === 'NdisRegisterProtocolDriver' && s.location.uri === driverC));
    const chars = await e.request<SymbolInformation[]>('workspace/symbol', { query: 'protocolchars' });
    assert.ok(chars.some((s) => s.name === 'ProtocolChars'));
  });

  test('code lens above the registration call', async () => {
    const lenses = await e.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: driverC } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0]!.command?.title, 'protocol TUNFEAT · NDIS 6.30 · 8 handlers');
    assert.equal(lenses[0]!.range.start.line, e.pos(driverC, 'NdisRegisterProtocolDriver(').line);
    assert.equal(lenses[0]!.command?.command, 'ndis.showHandlers');
    const [uri, , locations] = lenses[0]!.command!.arguments as [string, unknown, Location[]];
    assert.equal(uri, driverC);
    assert.equal(locations.length, 8);
    assert.ok(locations.every((l) => l.uri === handlersC));
  });

  test('inlay hints: the IRQL in front of each handler definition', async () => {
    const hints = await e.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: handlersC }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
    const at = (fn: string): InlayHint | undefined => hints.find((h) => h.position.line === e.pos(handlersC, `${fn}(`).line && h.position.character === 0);
    assert.equal(at('TunfBindAdapter')?.label, 'PASSIVE_LEVEL');
    assert.equal(at('TunfReceiveNetBufferLists')?.label, '<= DISPATCH_LEVEL');
    assert.equal(at('TunfUnload')?.label, 'PASSIVE_LEVEL');
    assert.equal(hints.length, 9);
    const part = await e.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: handlersC }, range: { start: e.pos(handlersC, 'TunfUnload('), end: e.pos(handlersC, 'TunfUnload(', 3) } });
    assert.equal(part.length, 1, 'only hints in the requested range');
  });
});

describe('code lens titles on the example drivers', () => {
  const cases: [string, string, RegExp][] = [
    ['protocol', 'driver.c', /^protocol TUNPROT · NDIS 6\.30 · 9 handlers$/],
    ['filter', 'filter.c', /^filter TUNLWF · NDIS 6\.80 · \d+ handlers$/],
  ];
  for (const [folder, file, title] of cases) {
    test(`${folder}/${file}`, async () => {
      const dir = path.join(EXAMPLES, folder);
      const e = await Editor.start({ folder: dir, capabilities: FEATURE_CAPS });
      try {
        const uri = await e.open(path.join(dir, file));
        const lenses = await e.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
        assert.ok(lenses.some((l) => title.test(l.command?.title ?? '')), JSON.stringify(lenses.map((l) => l.command?.title)));
      } finally {
        await e.stop();
      }
    });
  }

  test('mux/mux.c: the intermediate miniport, the protocol edge and the provider', async () => {
    const dir = path.join(EXAMPLES, 'mux');
    const e = await Editor.start({ folder: dir });
    try {
      const uri = await e.open(path.join(dir, 'mux.c'));
      const titles = (await e.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).map((l) => l.command?.title ?? '');
      assert.ok(titles.some((t) => /^intermediate miniport TUNMUX · NDIS 6\.30 · \d+ handlers$/.test(t)), titles.join(' | '));
      assert.ok(titles.some((t) => /^protocol TUNMUX · NDIS 6\.30 · \d+ handlers$/.test(t)), titles.join(' | '));
    } finally {
      await e.stop();
    }
  });
});
