/**
 * textDocument/hover over `ndiswb lsp --stdio`: DDIs, structures, members, Header.Revision's
 * revision/version matrix, constants, status codes, role typedefs, handler assignments and handler
 * definitions, all from the catalog and the driver's analysis.
 * Run: node scripts/build.mjs && node --import tsx --test test/lsp/features/hover.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { tunfeat, type DriverDir } from './drivers';
import { Editor } from './util';

describe('hover', () => {
  let d: DriverDir;
  let e: Editor;
  let driverC: string;
  let handlersC: string;

  before(async () => {
    d = tunfeat();
    e = await Editor.start({ folder: d.dir });
    driverC = await e.open(d.file('driver.c'));
    handlersC = await e.open(d.file('handlers.c'));
  });
  after(async () => {
    await e?.stop();
    d?.remove();
  });

  async function hover(uri: string, needle: string, delta = 1, afterText?: string): Promise<string> {
    const h = await e.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: e.pos(uri, needle, delta, afterText) });
    assert.ok(h, `no hover at ${needle}`);
    const c = h.contents as MarkupContent;
    assert.equal(c.kind, 'markdown');
    return c.value;
  }

  test('a DDI: signature with SAL directions, IRQL, version, each status with its cause, ordering', async () => {
    const md = await hover(driverC, 'NdisRegisterProtocolDriver(');
    assert.match(md, /NDIS_STATUS NdisRegisterProtocolDriver\(\n\s+_In_opt_ NDIS_HANDLE ProtocolDriverContext,\n\s+_In_ PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolCharacteristics,\n\s+_Out_ PNDIS_HANDLE NdisProtocolHandle/);
    assert.match(md, /\*\*IRQL\*\* exactly PASSIVE_LEVEL/);
    assert.match(md, /\*\*since\*\* NDIS 6\.0/);
    assert.match(md, /`NDIS_STATUS_BAD_CHARACTERISTICS` \(0xC0010005\): A member of the characteristics is invalid/);
    assert.match(md, /`NDIS_STATUS_BAD_VERSION` \(0xC0010004\)/);
    assert.match(md, /undone by `NdisDeregisterProtocolDriver`/);
    assert.match(md, /NDIS calls `ProtocolSetOptions` before this call returns/);
    assert.match(md, /from DriverEntry/, 'the ordering note');
  });

  test('Header.Revision: the revision/version matrix of the structure, and what this one needs', async () => {
    const md = await hover(driverC, 'Revision =', 2);
    assert.match(md, /Revision \/ version matrix\*\* of `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS`/);
    assert.match(md, /\| 6\.0 \| `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1` \| `NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1` \| 120 \/ 64 \|/);
    assert.match(md, /\| 6\.1 – 6\.89 \| `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2` \|/);
    assert.match(md, /declares NDIS 6\.30: it needs `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2`/);
  });

  test('Header.Size names the size constant of the revision in use', async () => {
    const md = await hover(driverC, 'Size =', 1);
    assert.match(md, /For revision 2: `NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2` \(128 bytes on x64, 68 on x86\)/);
  });

  test('a handler assignment: the member, its role and the IRQL NDIS calls the function at', async () => {
    const md = await hover(driverC, 'ReceiveNetBufferListsHandler', 3);
    assert.match(md, /RECEIVE_NET_BUFFER_LISTS_HANDLER ReceiveNetBufferListsHandler/);
    assert.match(md, /role `PROTOCOL_RECEIVE_NET_BUFFER_LISTS` · runs at \*\*<= DISPATCH_LEVEL\*\*/);
    assert.match(md, /\*\*TunfReceiveNetBufferLists\*\* is assigned here: NDIS calls it as ProtocolReceiveNetBufferLists at \*\*<= DISPATCH_LEVEL\*\*/);
  });

  test('the function in a handler assignment, and the handler at its definition', async () => {
    const md = await hover(driverC, 'TunfBindAdapter;', 2);
    assert.match(md, /\*\*TunfBindAdapter\*\* is a \*\*ProtocolBindAdapterEx\*\* handler \(`PROTOCOL_BIND_ADAPTER_EX`\)/);
    assert.match(md, /NDIS calls it at \*\*PASSIVE_LEVEL\*\*/);
    assert.match(md, /Registered as `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.BindAdapterHandlerEx`/);
    const def = await hover(handlersC, 'TunfUnload(', 2);
    assert.match(def, /\*\*TunfUnload\*\* is a \*\*DriverUnload\*\* handler \(`DRIVER_UNLOAD`\)/);
    assert.match(def, /Registered as `DRIVER_OBJECT.DriverUnload`/);
  });

  test('a structure: its object type, revisions and mandatory handlers', async () => {
    const md = await hover(driverC, 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars', 3);
    assert.match(md, /typedef struct _NDIS_PROTOCOL_DRIVER_CHARACTERISTICS/);
    assert.match(md, /Header.Type `NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS`/);
    assert.match(md, /Mandatory handlers: `BindAdapterHandlerEx`, `UnbindAdapterHandlerEx`/);
  });

  test('constants: object type, revision and size constants with their values and sizes', async () => {
    assert.match(await hover(driverC, 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;'), /#define NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS 0x95/);
    const size = await hover(driverC, 'NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;');
    assert.match(size, /\*\*size\*\* 128 bytes on x64, 68 on x86/);
    assert.match(size, /`NDIS_PROTOCOL_DRIVER_CHARACTERISTICS` revision 2/);
    assert.match(size, /\*\*since\*\* NDIS 6\.1/);
  });

  test('a status code: value, class, meaning and the DDIs that return it', async () => {
    const md = await hover(driverC, 'NDIS_STATUS_SUCCESS)');
    assert.match(md, /#define NDIS_STATUS_SUCCESS \(\(NDIS_STATUS\)0x00000000L\)/);
    assert.match(md, /\*\*success\*\* status/);
    assert.match(md, /\*\*Returned by\*\*\n- `NdisRegisterProtocolDriver`: The protocol is registered/);
  });

  test('a role typedef: signature, IRQL annotation, member that takes it', async () => {
    const header = await e.open(d.file('tunfeat.h'));
    const md = await hover(header, 'PROTOCOL_OID_REQUEST_COMPLETE ');
    assert.match(md, /_IRQL_requires_max_\(DISPATCH_LEVEL\)\ntypedef VOID PROTOCOL_OID_REQUEST_COMPLETE\(/);
    assert.match(md, /Goes into `NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.OidRequestCompleteHandler`/);
  });

  test('nothing for identifiers NDIS does not define', async () => {
    const h = await e.request<Hover | null>('textDocument/hover', { textDocument: { uri: driverC }, position: e.pos(driverC, 'Status;', 1) });
    assert.equal(h, null);
  });
});
