/**
 * Driver sources shared by the LSP and CLI tests, and temporary folders to put them in.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the missing handlers go; replacing it with HANDLERS fixes NDIS105. */
export const HANDLERS_MARKER = '    /* HANDLERS */';

/** The six mandatory protocol handlers BROKEN_PROTOCOL lacks. */
export const HANDLERS = [
  '    Chars.OpenAdapterCompleteHandlerEx = TestOpenAdapterComplete;',
  '    Chars.CloseAdapterCompleteHandlerEx = TestCloseAdapterComplete;',
  '    Chars.NetPnPEventHandler = TestNetPnPEvent;',
  '    Chars.OidRequestCompleteHandler = TestOidRequestComplete;',
  '    Chars.ReceiveNetBufferListsHandler = TestReceiveNetBufferLists;',
  '    Chars.SendNetBufferListsCompleteHandler = TestSendNetBufferListsComplete;',
].join('\n');

/** The wrong Header.Type (NDIS101); the right one is WRONG_TYPE with MINIPORT → PROTOCOL. */
export const WRONG_TYPE = 'NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS';
export const RIGHT_TYPE = 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS';

/**
 * A protocol driver with two defects: NDIS101 at the Header.Type value (line 42, column 25) and
 * NDIS105 at the registration call (line 53, column 14), which has related information (where
 * the characteristics are declared). Nothing else is reported.
 */
export const BROKEN_PROTOCOL = `#include <ndis.h>

NDIS_HANDLE ProtocolHandle = NULL;

PROTOCOL_BIND_ADAPTER_EX TestBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX TestUnbindAdapter;

_Use_decl_annotations_
NDIS_STATUS
TestBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TestUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    return NDIS_STATUS_SUCCESS;
}

VOID TestUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterProtocolDriver(ProtocolHandle);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars;
    NDIS_STRING Name = NDIS_STRING_CONST("TESTPROT");

    UNREFERENCED_PARAMETER(RegistryPath);
    NdisZeroMemory(&Chars, sizeof(Chars));
    Chars.Header.Type = ${WRONG_TYPE};
    Chars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars.MajorNdisVersion = 6;
    Chars.MinorNdisVersion = 30;
    Chars.Name = Name;
    Chars.BindAdapterHandlerEx = TestBindAdapter;
    Chars.UnbindAdapterHandlerEx = TestUnbindAdapter;
${HANDLERS_MARKER}

    DriverObject->DriverUnload = TestUnload;
    Status = NdisRegisterProtocolDriver(NULL, &Chars, &ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;
}
`;

/** BROKEN_PROTOCOL with both defects fixed: no diagnostics at all. */
export const CLEAN_PROTOCOL = BROKEN_PROTOCOL.replace(WRONG_TYPE, RIGHT_TYPE).replace(HANDLERS_MARKER, HANDLERS);

/** A fresh temporary folder; `files` maps relative names to text or bytes. */
export function tempDir(prefix: string, files: Readonly<Record<string, string | Uint8Array>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ndiswb-${prefix}-`));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
