/**
 * textDocument/completion over `ndiswb lsp --stdio`: members of a characteristics structure valid
 * for its revision (mandatory first, assigned ones left out), the Header.Type/Revision/Size
 * constants, handler functions whose role fits, and the whole-structure snippet (which, inserted,
 * registers cleanly).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol/node';
import { DRIVER_C, TUNFEAT_VCXPROJ, edit, tunfeat, type DriverDir } from './drivers';
import { Editor, codesOf } from './util';

const MISSING_TWO = edit(
  edit(DRIVER_C, '    ProtocolChars.NetPnPEventHandler = TunfNetPnPEvent;\n', ''),
  '    ProtocolChars.OidRequestCompleteHandler = TunfOidRequestComplete;\n',
  '',
);

describe('completion', () => {
  const dirs: DriverDir[] = [];
  let e: Editor;

  before(async () => {
    e = await Editor.start();
  });
  after(async () => {
    await e?.stop();
    for (const d of dirs) d.remove();
  });

  /** Open driver.c of a TUNFEAT variant, put `insert` where `anchor` is, and complete at the marker `|`. */
  async function completeAt(driverC: string, anchor: string, insert: string, overrides: Record<string, string> = {}): Promise<CompletionItem[]> {
    const d = tunfeat({ 'driver.c': driverC, ...overrides });
    dirs.push(d);
    const uri = await e.open(d.file('driver.c'));
    const marker = insert.indexOf('|');
    const text = edit(driverC, anchor, insert.replace('|', '') + anchor);
    await e.setText(uri, text);
    const at = text.indexOf(anchor) - (insert.length - 1 - marker);
    const r = await e.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, at) });
    return r?.items ?? [];
  }

  test('after `ProtocolChars.`: missing mandatory members first, assigned ones left out, revision-2 members present', async () => {
    const items = await completeAt(MISSING_TWO, '    DriverObject->DriverUnload', '    ProtocolChars.|\n\n');
    const labels = items.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 2), ['NetPnPEventHandler', 'OidRequestCompleteHandler']);
    assert.equal(items[0]!.preselect, true);
    assert.match(items[0]!.labelDetails?.description ?? '', /^mandatory · PROTOCOL_NET_PNP_EVENT/);
    for (const assigned of ['Header', 'MajorNdisVersion', 'MinorNdisVersion', 'Name', 'BindAdapterHandlerEx', 'ReceiveNetBufferListsHandler']) {
      assert.ok(!labels.includes(assigned), `${assigned} is assigned and must not be offered: ${labels.join(', ')}`);
    }
    for (const optional of ['SetOptionsHandler', 'UninstallHandler', 'StatusHandlerEx', 'DirectOidRequestCompleteHandler', 'Flags']) {
      assert.ok(labels.indexOf(optional) > 1, `${optional} follows the mandatory ones: ${labels.join(', ')}`);
    }
    const sorted = [...items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    assert.deepEqual(sorted, labels, 'sortText keeps the mandatory-first order');
    assert.match(String((items[0]!.documentation as { value: string }).value), /PROTOCOL_NET_PNP_EVENT/);
  });

  test('an NDIS 6.0 protocol (revision 1) is not offered the revision-2 member', async () => {
    const v60 = edit(edit(edit(MISSING_TWO, 'REVISION_2;', 'REVISION_1;'), 'REVISION_2;', 'REVISION_1;'), 'MinorNdisVersion = 30', 'MinorNdisVersion = 0');
    const items = await completeAt(v60, '    DriverObject->DriverUnload', '    ProtocolChars.|\n\n', { 'tunfeat.vcxproj': TUNFEAT_VCXPROJ.replace('NDIS630', 'NDIS60') });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('StatusHandlerEx'), labels.join(', '));
    assert.ok(!labels.includes('DirectOidRequestCompleteHandler'), `revision 1 has no DirectOidRequestCompleteHandler: ${labels.join(', ')}`);
  });

  test('through a pointer parameter of a helper: `Chars->` offers the structure members', async () => {
    const helper = `VOID\nTunfFill(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars)\n{\n    Chars->|\n}\n\n`;
    const items = await completeAt(DRIVER_C, '_Use_decl_annotations_\nNTSTATUS\nDriverEntry', helper);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('BindAdapterHandlerEx') && labels.includes('Header'), labels.join(', '));
  });

  test('`Header.` offers only the header members not yet set', async () => {
    const noSize = edit(DRIVER_C, '    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;\n', '');
    const items = await completeAt(noSize, '    ProtocolChars.MajorNdisVersion', '    ProtocolChars.Header.|\n\n');
    assert.deepEqual(items.map((i) => i.label), ['Size']);
  });

  test('`Header.Type =`, `Header.Revision =`, `Header.Size =`: this structure\'s constants, the needed one first', async () => {
    const type = await completeAt(DRIVER_C, '    DriverObject->DriverUnload', '    ProtocolChars.Header.Type = |;\n');
    assert.equal(type[0]!.label, 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS');
    assert.equal(type[0]!.preselect, true);
    assert.deepEqual(type.slice(1).map((i) => i.label), ['NDIS_OBJECT_TYPE_DEFAULT']);
    const rev = await completeAt(DRIVER_C, '    DriverObject->DriverUnload', '    ProtocolChars.Header.Revision = |;\n');
    assert.deepEqual(rev.map((i) => i.label), ['NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2', 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1']);
    assert.match(rev[0]!.labelDetails?.description ?? '', /needed for NDIS 6\.30/);
    const size = await completeAt(DRIVER_C, '    DriverObject->DriverUnload', '    ProtocolChars.Header.Size = |;\n');
    assert.equal(size[0]!.label, 'NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2');
    assert.ok(size.some((i) => i.label === 'sizeof(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS)'));
  });

  test('`<handler member> =`: the driver\'s functions declared with the member\'s role', async () => {
    const items = await completeAt(MISSING_TWO, '    DriverObject->DriverUnload', '    ProtocolChars.NetPnPEventHandler = |;\n');
    assert.equal(items[0]!.label, 'TunfNetPnPEvent');
    assert.match(items[0]!.labelDetails?.description ?? '', /PROTOCOL_NET_PNP_EVENT · PASSIVE_LEVEL/);
    assert.ok(!items.some((i) => i.label === 'TunfBindAdapter'), 'a function of another role is not offered');
  });

  test('no NDIS completion on other structures', async () => {
    const items = await completeAt(DRIVER_C, '    DriverObject->DriverUnload', '    Globals.|\n\n');
    assert.deepEqual(items, []);
  });

  test('the characteristics snippet fills the structure for the driver\'s version and registers cleanly', async () => {
    const items = await completeAt(DRIVER_C, '    UNREFERENCED_PARAMETER(RegistryPath);', '    |\n');
    const protocol = items.find((i) => i.label === 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS');
    assert.ok(protocol, items.map((i) => i.label).join(', '));
    assert.equal(protocol.insertTextFormat, 2, 'a snippet');
    const body = protocol.insertText!;
    assert.match(body, /^NDIS_PROTOCOL_DRIVER_CHARACTERISTICS \$\{1:TunfProtocolChars\};/);
    assert.match(body, /\$1\.Header\.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;/);
    assert.match(body, /\$1\.MinorNdisVersion = 30;/);
    assert.match(body, /NdisInitUnicodeString\(&\$1\.Name, L"\$\{\d+:TUNFEAT\}"\);/, 'the INF service name');
    assert.match(body, /\$1\.BindAdapterHandlerEx = \$\{\d+:TunfBindAdapter\};/, 'the driver\'s own handler');
    const filter = items.find((i) => i.label === 'NDIS_FILTER_DRIVER_CHARACTERISTICS')!;
    assert.match(filter.insertText!, /NDIS_FILTER_CHARACTERISTICS_REVISION_2;/);

    // Insert the snippet as the whole characteristics of a new DriverEntry: nothing to report.
    const plain = body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$1/g, 'TunfProtocolChars').replace('$0', '');
    const entry = DRIVER_C.slice(0, DRIVER_C.indexOf('    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;'))
      + plain.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')
      + '\n    UNREFERENCED_PARAMETER(RegistryPath);\n    DriverObject->DriverUnload = TunfUnload;\n'
      + '    Status = NdisRegisterProtocolDriver(&Globals, &TunfProtocolChars, &Globals.ProtocolHandle);\n'
      + '    if (Status != NDIS_STATUS_SUCCESS)\n    {\n        return Status;\n    }\n    return STATUS_SUCCESS;\n}\n';
    const d = tunfeat({ 'driver.c': entry });
    dirs.push(d);
    const uri = await e.open(d.file('driver.c'));
    assert.deepEqual(codesOf(await e.diagnostics(uri)), [], entry);
  });
});

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
