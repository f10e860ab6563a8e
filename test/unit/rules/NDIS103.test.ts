/**
 * NDIS103 header-size: Header.Size must be at least NDIS_SIZEOF_<struct>_REVISION_<Revision>, and
 * not the size constant of another structure or of a lower revision; `sizeof(<the struct>)` is
 * accepted. Reported at the Header.Size value.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, filterDriver, miniportDriver, posIn, protocolDriver, swap } from './fixtures';

const FILTER_SIZE_BLOCK = `#if NDIS_SUPPORT_NDIS680
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
#else
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
#endif`;

const PROTOCOL_HEADER_BLOCK = `#if NDIS_SUPPORT_NDIS61
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
#else
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
#endif`;

/** A filter that fills its characteristics in a helper receiving a pointer (FilterFill(&FChars)). */
function filterWithHelper(sizeLine: string): { files: Record<string, string>; helper: string } {
  const helper = `#include "lwf.h"

_Use_decl_annotations_
VOID
FilterFillHeader(
    PNDIS_FILTER_DRIVER_CHARACTERISTICS Chars
    )
{
    Chars->Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    Chars->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
${sizeLine}
    Chars->MajorNdisVersion = 6;
    Chars->MinorNdisVersion = 30;
}
`;
  const entry = swap(
    swap(swap(FILTER_ENTRY, FILTER_SIZE_BLOCK, '    FilterFillHeader(&FChars);'), '    FChars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;\n', ''),
    '    FChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;\n',
    '',
  );
  const withProto = swap(entry, '#include "lwf.h"\n', '#include "lwf.h"\n\nVOID FilterFillHeader(_Inout_ PNDIS_FILTER_DRIVER_CHARACTERISTICS Chars);\n');
  return { files: filterDriver(withProto, { 'header.c': helper }), helper };
}

describe('NDIS103 header-size', () => {
  describe('valid', () => {
    it('accepts the revision size constants chosen per #if NDIS_SUPPORT_NDIS680', async () => {
      await expectClean('NDIS103', filterDriver(FILTER_ENTRY));
      await expectClean('NDIS103', filterDriver(FILTER_ENTRY), { version: '6.80' });
    });

    it('accepts sizeof(the structure) and sizeof(its typedef)', async () => {
      const bySizeof = swap(FILTER_ENTRY, FILTER_SIZE_BLOCK, `    FChars.Header.Size = sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS);
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;`);
      await expectClean('NDIS103', filterDriver(bySizeof));
      const { files } = filterWithHelper('    Chars->Header.Size = sizeof(LWF_CHARACTERISTICS);');
      files['lwf.h'] += '\ntypedef NDIS_FILTER_DRIVER_CHARACTERISTICS LWF_CHARACTERISTICS, *PLWF_CHARACTERISTICS;\n';
      await expectClean('NDIS103', files);
    });

    it('accepts sizeof of the object itself (the MUX sample style)', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_HEADER_BLOCK, `    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = sizeof(ProtocolChars);`).replace('= TUNPROT_MINOR_NDIS_VERSION;', '= 30;');
      await expectClean('NDIS103', protocolDriver(text));
    });

    it('accepts a larger revision size (revision 2 size with revision 1) and a size from a shared header', async () => {
      const text = swap(PROTOCOL_ENTRY, PROTOCOL_HEADER_BLOCK, `    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    ProtocolChars.Header.Size = TUN_CHARS_SIZE;`).replace('= TUNPROT_MINOR_NDIS_VERSION;', '= 0;');
      await expectClean('NDIS103', protocolDriver(text, { 'tunprot.h': `${protocolDriver('')['tunprot.h']}\n#define TUN_CHARS_SIZE NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2\n` }));
    });
  });

  describe('invalid', () => {
    it('reports sizeof another structure', async () => {
      const text = swap(FILTER_ENTRY, FILTER_SIZE_BLOCK, `    FChars.Header.Size = sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS);
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;`);
      await expectDiagnostics('NDIS103', filterDriver(text), [
        {
          code: 'NDIS103', ...lineOf(text, 'sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS)'), severity: 'error',
          message: 'sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS), the size of another structure; use NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2',
        },
      ]);
    });

    it('reports the size constant of another structure in a designated initializer', async () => {
      const text = `#include "tunprot.h"

TUN_GLOBALS Globals;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars = {
        .Header = {
            .Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
            .Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
            .Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        },
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
        .Name = NDIS_STRING_CONST("TUNPROT"),
        .BindAdapterHandlerEx = TunBindAdapter,
        .UnbindAdapterHandlerEx = TunUnbindAdapter,
        .OpenAdapterCompleteHandlerEx = TunOpenAdapterComplete,
        .CloseAdapterCompleteHandlerEx = TunCloseAdapterComplete,
        .NetPnPEventHandler = TunNetPnPEvent,
        .OidRequestCompleteHandler = TunOidRequestComplete,
        .ReceiveNetBufferListsHandler = TunReceiveNetBufferLists,
        .SendNetBufferListsCompleteHandler = TunSendNetBufferListsComplete,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    UNREFERENCED_PARAMETER(DriverObject);
    return NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
}
`;
      await expectDiagnostics('NDIS103', protocolDriver(text), [
        {
          code: 'NDIS103', ...lineOf(text, 'NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2'), severity: 'error',
          message: 'the size constant of NDIS_MINIPORT_DRIVER_CHARACTERISTICS; use NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2',
        },
      ]);
    });

    it('reports a lower revision\'s size constant only in the #if branch that has it', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        '    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;',
        '    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;',
      );
      await expectDiagnostics('NDIS103', miniportDriver(text), [
        {
          code: 'NDIS103', ...lineOf(text, 'NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2'), severity: 'error',
          message: 'uses NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 (revision 2), but Header.Revision is 3; use NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3',
        },
      ]);
      await expectClean('NDIS103', miniportDriver(text), { version: '6.30' });
    });

    it('reports a literal size that is too small in a positional initializer', async () => {
      const text = `#include "tunprot.h"

TUN_GLOBALS Globals;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars = {
        { NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2, 120 },
        6, 30, 1, 0, 0,
        NDIS_STRING_CONST("TUNPROT"),
        NULL,
        TunBindAdapter, TunUnbindAdapter, TunOpenAdapterComplete, TunCloseAdapterComplete,
        TunNetPnPEvent, NULL, TunOidRequestComplete, NULL,
        TunReceiveNetBufferLists, TunSendNetBufferListsComplete,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    UNREFERENCED_PARAMETER(DriverObject);
    return NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
}
`;
      await expectDiagnostics('NDIS103', protocolDriver(text), [
        {
          code: 'NDIS103', ...lineOf(text, '120 }'), severity: 'error',
          message: 'Header.Size is 120 bytes, smaller than NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2 (128 bytes on x64)',
        },
      ]);
    });

    it('reports a too-small size when the initializer elides the Header braces', async () => {
      const text = `#include "vnic.h"

NDIS_HANDLE VnicDriverHandle;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars = {
        NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, 136,
        6, 30, 1, 0, 0,
        NULL,
        VnicInitializeEx, VnicHaltEx, VnicUnload, VnicPause, VnicRestart, VnicOidRequest,
        VnicSendNetBufferLists, VnicReturnNetBufferLists, VnicCancelSend, NULL, NULL,
        VnicDevicePnPEventNotify, VnicShutdownEx, VnicCancelOidRequest,
    };

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      await expectDiagnostics('NDIS103', miniportDriver(text), [
        {
          code: 'NDIS103', ...posIn(text, 'REVISION_2, 136', '136'),
          message: 'Header.Size is 136 bytes, smaller than NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 (152 bytes on x64)',
        },
      ]);
    });

    it('reports sizeof of the pointer, not the structure, in a helper (another .c file)', async () => {
      const { files, helper } = filterWithHelper('    Chars->Header.Size = sizeof(Chars);');
      await expectDiagnostics('NDIS103', files, [
        { code: 'NDIS103', file: 'header.c', ...lineOf(helper, 'sizeof(Chars)'), severity: 'error', message: 'size of a pointer' },
      ]);
    });

    it('reports sizeof of the pointer typedef', async () => {
      const { files, helper } = filterWithHelper('    Chars->Header.Size = sizeof(PNDIS_FILTER_DRIVER_CHARACTERISTICS);');
      await expectDiagnostics('NDIS103', files, [
        { code: 'NDIS103', file: 'header.c', ...lineOf(helper, 'sizeof(PNDIS_FILTER_DRIVER_CHARACTERISTICS)'), severity: 'error', message: 'size of a pointer' },
      ]);
    });
  });
});
