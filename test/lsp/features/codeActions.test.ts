/**
 * textDocument/codeAction over `ndiswb lsp --stdio`: each quick fix is applied like an editor
 * applies it (every file it touches), then diagnostics are pulled again: the fixed diagnostic is
 * gone and the fix introduced nothing else.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { pathToUri } from '../../helpers/lspClient';
import { tempDir } from '../../helpers/fixtures';
import { DRIVER_C, HANDLERS_C, TUNFEAT_H, edit, tunfeat, type DriverDir } from './drivers';
import { Editor, codesOf } from './util';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('quick fixes', () => {
  const dirs: DriverDir[] = [];
  let e: Editor;

  before(async () => {
    e = await Editor.start();
  });
  after(async () => {
    await e?.stop();
    for (const d of dirs) d.remove();
  });

  async function open(overrides: Record<string, string | null>, file = 'driver.c'): Promise<{ d: DriverDir; uri: string }> {
    const d = tunfeat(overrides);
    dirs.push(d);
    return { d, uri: await e.open(d.file(file)) };
  }

  async function actionsFor(uri: string, diag: Diagnostic): Promise<CodeAction[]> {
    return (await e.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) ?? [];
  }

  /** The one diagnostic with `code`, its preferred fix applied; returns the diagnostics after. */
  async function fix(uri: string, code: string, title: RegExp): Promise<{ action: CodeAction; after: Diagnostic[] }> {
    const before = await e.diagnostics(uri);
    const diag = before.find((x) => x.code === code);
    assert.ok(diag, `no ${code} before the fix: ${codesOf(before).join(', ')}`);
    const actions = await actionsFor(uri, diag);
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics?.map((x) => x.code), [code]);
    await e.apply(action.edit);
    return { action, after: await e.diagnostics(uri) };
  }

  test('NDIS101: the Header triple for the declared version', async () => {
    const { uri } = await open({ 'driver.c': edit(DRIVER_C, 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;', 'NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;') });
    const { action, after } = await fix(uri, 'NDIS101', /Set ProtocolChars\.Header for NDIS 6\.30/);
    assert.equal(action.isPreferred, true);
    assert.deepEqual(codesOf(after), []);
    assert.match(e.text(uri), /Header\.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;/);
  });

  test('NDIS102 and NDIS103: revision and size follow MinorNdisVersion', async () => {
    const rev1 = edit(edit(DRIVER_C, 'CHARACTERISTICS_REVISION_2;', 'CHARACTERISTICS_REVISION_1;'), 'CHARACTERISTICS_REVISION_2;', 'CHARACTERISTICS_REVISION_1;');
    const a = await open({ 'driver.c': rev1 });
    const r = await fix(a.uri, 'NDIS102', /Set ProtocolChars\.Header for NDIS 6\.30 \(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2\)/);
    assert.deepEqual(codesOf(r.after), []);
    assert.equal(e.text(a.uri), DRIVER_C);

    const small = edit(DRIVER_C, 'NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;', 'NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;');
    const b = await open({ 'driver.c': small });
    const s = await fix(b.uri, 'NDIS103', /Set ProtocolChars\.Header/);
    assert.deepEqual(codesOf(s.after), []);
    assert.equal(e.text(b.uri), DRIVER_C);
  });

  test('NDIS105: handlers the driver declared but did not register are assigned', async () => {
    const missing = edit(DRIVER_C, '    ProtocolChars.NetPnPEventHandler = TunfNetPnPEvent;\n', '');
    const { uri } = await open({ 'driver.c': missing });
    const { action, after } = await fix(uri, 'NDIS105', /Assign the missing handler NetPnPEventHandler/);
    assert.deepEqual(codesOf(after), []);
    assert.deepEqual(Object.keys(action.edit!.changes!), [uri]);
    assert.match(e.text(uri), /ProtocolChars\.NetPnPEventHandler = TunfNetPnPEvent;/);
  });

  test('NDIS105: a missing handler gets an assignment, a role declaration in the header and a stub where the handlers live', async () => {
    const startOf = HANDLERS_C.indexOf('_Use_decl_annotations_\nNDIS_STATUS\nTunfNetPnPEvent(');
    const endOf = HANDLERS_C.indexOf('_Use_decl_annotations_\nVOID\nTunfOidRequestComplete(');
    const handlers = HANDLERS_C.slice(0, startOf) + HANDLERS_C.slice(endOf);
    const header = edit(TUNFEAT_H, 'PROTOCOL_NET_PNP_EVENT                  TunfNetPnPEvent;\n', '');
    const driver = edit(DRIVER_C, '    ProtocolChars.NetPnPEventHandler = TunfNetPnPEvent;\n', '');
    const { d, uri } = await open({ 'driver.c': driver, 'handlers.c': handlers, 'tunfeat.h': header });
    const handlersUri = await e.open(d.file('handlers.c'));
    const { action, after } = await fix(uri, 'NDIS105', /Add the missing handler NetPnPEventHandler \(stub in handlers\.c\)/);
    assert.deepEqual(Object.keys(action.edit!.changes!).sort(), [uri, handlersUri, pathToUri(d.file('tunfeat.h'))].sort());
    assert.match(e.text(uri), /ProtocolChars\.NetPnPEventHandler = TunfNetPnPEvent;/);
    assert.match(e.text(pathToUri(d.file('tunfeat.h'))), /\nPROTOCOL_NET_PNP_EVENT TunfNetPnPEvent;/);
    assert.match(e.text(handlersUri), /_Use_decl_annotations_\nNDIS_STATUS\nTunfNetPnPEvent\(\n    NDIS_HANDLE ProtocolBindingContext,\n    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification\n    \)\n\{/);
    assert.deepEqual(codesOf(after), []);
    assert.deepEqual(codesOf(await e.diagnostics(handlersUri)), []);
  });

  test('NDIS105 on a single-file driver: declaration and stub go before DriverEntry', async () => {
    const single = tempDir('fix-single', {
      'driver.c': `#include <ndis.h>\n\nNDIS_HANDLE ProtocolHandle;\n\nVOID\nTunsUnload(PDRIVER_OBJECT DriverObject)\n{\n    UNREFERENCED_PARAMETER(DriverObject);\n    NdisDeregisterProtocolDriver(ProtocolHandle);\n}\n\n` +
        DRIVER_C.slice(DRIVER_C.indexOf('_Use_decl_annotations_\nNTSTATUS'))
          .replace(/    ProtocolChars\.\w+Handler(Ex)? = Tunf\w+;\n/g, '')
          .replace('TunfUnload', 'TunsUnload')
          .replace('&Globals, &ProtocolChars, &Globals.ProtocolHandle', 'NULL, &ProtocolChars, &ProtocolHandle')
          .replace('    Globals.DriverObject = DriverObject;\n', ''),
    });
    dirs.push({ dir: single, file: (n) => path.join(single, n), remove: () => fs.rmSync(single, { recursive: true, force: true }) });
    const uri = await e.open(path.join(single, 'driver.c'));
    const { after } = await fix(uri, 'NDIS105', /Add the missing handlers BindAdapterHandlerEx, UnbindAdapterHandlerEx/);
    assert.deepEqual(codesOf(after), [], e.text(uri));
    const text = e.text(uri);
    const decl = text.indexOf('PROTOCOL_BIND_ADAPTER_EX TunsBindAdapterEx;');
    assert.ok(decl > 0 && decl < text.indexOf('TunsBindAdapterEx(') && text.indexOf('TunsBindAdapterEx(') < text.indexOf('DriverEntry('), 'declared and defined before use');
    assert.match(text, /ProtocolChars\.BindAdapterHandlerEx = TunsBindAdapterEx;/);
  });

  test('NDIS109: NdisZeroMemory before the first member is set (also moving a late one)', async () => {
    const never = edit(DRIVER_C, '    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));\n', '');
    const a = await open({ 'driver.c': never });
    const r = await fix(a.uri, 'NDIS109', /Zero ProtocolChars with NdisZeroMemory/);
    assert.deepEqual(codesOf(r.after), []);
    assert.match(e.text(a.uri), /\n    NdisZeroMemory\(&ProtocolChars, sizeof\(ProtocolChars\)\);\n    ProtocolChars\.Header\.Type/);

    const late = edit(never, '    DriverObject->DriverUnload', '    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));\n    DriverObject->DriverUnload');
    const b = await open({ 'driver.c': late });
    const s = await fix(b.uri, 'NDIS109', /Zero ProtocolChars/);
    assert.deepEqual(codesOf(s.after), []);
    assert.equal(e.text(b.uri).split('NdisZeroMemory(&ProtocolChars').length - 1, 1, 'the late zeroing is removed');
  });

  test('NDIS202: the discarded status is stored and tested', async () => {
    const discarded = edit(
      DRIVER_C,
      '    Status = NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);\n    if (Status != NDIS_STATUS_SUCCESS)\n    {\n        return Status;\n    }\n',
      '    NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);\n',
    );
    const { uri } = await open({ 'driver.c': discarded });
    const { after } = await fix(uri, 'NDIS202', /Test the NDIS_STATUS of NdisRegisterProtocolDriver/);
    assert.deepEqual(codesOf(after), []);
    assert.match(e.text(uri), /Status = NdisRegisterProtocolDriver\(&Globals, &ProtocolChars, &Globals\.ProtocolHandle\);\n    if \(Status != NDIS_STATUS_SUCCESS\)\n    \{\n        return Status;\n    \}/);
  });

  test('NDIS204: the deregistration goes into the unload routine', async () => {
    const { d, uri } = await open({ 'handlers.c': edit(HANDLERS_C, '    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);\n', '') });
    const { action, after } = await fix(uri, 'NDIS204', /Call NdisDeregisterProtocolDriver in TunfUnload/);
    const handlersUri = pathToUri(d.file('handlers.c'));
    assert.deepEqual(Object.keys(action.edit!.changes!), [handlersUri]);
    assert.deepEqual(codesOf(after), []);
    assert.match(e.text(handlersUri), /UNREFERENCED_PARAMETER\(DriverObject\);\n    NdisDeregisterProtocolDriver\(Globals\.ProtocolHandle\);\n\}/);
  });

  test('NDIS204 without any unload routine: one is added and set before the registration', async () => {
    const { uri } = await open({
      'driver.c': edit(DRIVER_C, '    DriverObject->DriverUnload = TunfUnload;\n', ''),
      'handlers.c': HANDLERS_C.slice(0, HANDLERS_C.indexOf('_Use_decl_annotations_\nVOID\nTunfUnload(')),
      'tunfeat.h': edit(TUNFEAT_H, 'DRIVER_UNLOAD                           TunfUnload;\n', ''),
    });
    const { after } = await fix(uri, 'NDIS204', /Add an unload routine TunfDriverUnload that calls NdisDeregisterProtocolDriver/);
    assert.deepEqual(codesOf(after), [], e.text(uri));
    assert.match(e.text(uri), /DriverObject->DriverUnload = TunfDriverUnload;\n\n?    Status = NdisRegisterProtocolDriver/);
  });

  test('NDIS206: the intermediate driver flag on the MUX miniport characteristics', async () => {
    const dir = tempDir('fix-mux');
    fs.cpSync(path.join(REPO, 'examples', 'mux'), dir, { recursive: true });
    dirs.push({ dir, file: (n) => path.join(dir, n), remove: () => fs.rmSync(dir, { recursive: true, force: true }) });
    const muxC = path.join(dir, 'mux.c');
    fs.writeFileSync(muxC, fs.readFileSync(muxC, 'utf8').replace('MChars.Flags = NDIS_INTERMEDIATE_DRIVER;', 'MChars.Flags = 0;'));
    const uri = await e.open(muxC);
    const before = codesOf(await e.diagnostics(uri));
    const { after } = await fix(uri, 'NDIS206', /Mark MChars as an intermediate driver/);
    assert.ok(!codesOf(after).includes('NDIS206'), codesOf(after).join(', '));
    assert.deepEqual(codesOf(after), before.filter((c) => c !== 'NDIS206'));
    assert.match(e.text(uri), /MChars\.Flags = NDIS_INTERMEDIATE_DRIVER;/);
  });

  test('a suppression comment for any rule, merged into one already there', async () => {
    const twoFindings = edit(
      edit(DRIVER_C, 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;', 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS + 0x100;'),
      'ProtocolChars.Header.Type =', '// ndis-disable-next-line NDIS111\n    ProtocolChars.Header.Type =',
    );
    const { uri } = await open({ 'driver.c': twoFindings });
    const before = await e.diagnostics(uri);
    assert.deepEqual(codesOf(before), ['NDIS101', 'unused-suppression'].sort());
    const { after } = await fix(uri, 'NDIS101', /Suppress NDIS101 on this line/);
    assert.deepEqual(codesOf(after), [], 'the finding is suppressed and the merged comment is used');
    assert.match(e.text(uri), /\/\/ ndis-disable-next-line NDIS111, NDIS101\n    ProtocolChars\.Header\.Type/);
  });
});

describe('every quick fix on the broken examples', () => {
  const src = path.join(REPO, 'examples', 'broken');
  const folders = fs.readdirSync(src).filter((x) => fs.statSync(path.join(src, x)).isDirectory()).sort();
  for (const mode of ['fix', 'suppress'] as const) {
    test(`${mode === 'fix' ? 'each offered fix' : 'the suppression'} removes its diagnostic and adds no other`, async () => {
      let applied = 0;
      for (const folder of folders) {
        const dir = tempDir(`fix-${folder}`);
        fs.cpSync(path.join(src, folder), dir, { recursive: true });
        const e = await Editor.start({ folder: dir });
        try {
          for (const file of fs.readdirSync(dir).filter((x) => x.endsWith('.c'))) {
            const uri = await e.open(path.join(dir, file));
            for (const original of await e.diagnostics(uri)) {
              const current = await e.diagnostics(uri);
              const diag = current.find((x) => x.code === original.code && x.message === original.message);
              if (!diag) continue; // an earlier fix in this file took it away
              const actions = (await e.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } })) ?? [];
              const action = actions.find((a) => (mode === 'fix') !== a.title.startsWith('Suppress'));
              if (!action) continue;
              await e.apply(action.edit);
              applied++;
              const after = await e.diagnostics(uri);
              const where = `${folder}/${file}: "${action.title}" for ${diag.code}`;
              assert.ok(!after.some((x) => x.code === diag.code && x.message === diag.message), `${where} left the diagnostic`);
              assert.deepEqual(after.map((x) => String(x.code)).filter((c) => !current.some((y) => y.code === c)), [], `${where} added diagnostics`);
            }
          }
        } finally {
          await e.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
      assert.ok(applied >= (mode === 'fix' ? 7 : 30), `only ${applied} actions applied`);
    });
  }
});
