/**
 * NDIS106 handler-pairing: ResetHandlerEx missing while CheckForHangHandlerEx is set; only one of
 * DirectOidRequestHandler / CancelDirectOidRequestHandler set; CheckForHang or Reset on an
 * intermediate driver's miniport edge. Reported at the assignment of the unpaired handler.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, filterDriver, miniportDriver, swap } from './fixtures';

const DIRECT_NULLS = `    MChars.DirectOidRequestHandler = NULL;
    MChars.CancelDirectOidRequestHandler = NULL;`;

/** The miniport edge of an intermediate (MUX) driver, filled through a pointer in a helper. */
function muxMiniportEdge(extraLines: string): { files: Record<string, string>; edge: string } {
  const edge = `#include "vnic.h"

_Use_decl_annotations_
VOID
MuxFillMiniportCharacteristics(
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars
    )
{
    MChars->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    MChars->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars->MajorNdisVersion = 6;
    MChars->MinorNdisVersion = 30;
    MChars->Flags = NDIS_INTERMEDIATE_DRIVER;

    MChars->InitializeHandlerEx = VnicInitializeEx;
    MChars->HaltHandlerEx = VnicHaltEx;
    MChars->UnloadHandler = VnicUnload;
    MChars->PauseHandler = VnicPause;
    MChars->RestartHandler = VnicRestart;
    MChars->OidRequestHandler = VnicOidRequest;
    MChars->SendNetBufferListsHandler = VnicSendNetBufferLists;
    MChars->ReturnNetBufferListsHandler = VnicReturnNetBufferLists;
    MChars->CancelSendHandler = VnicCancelSend;
    MChars->DevicePnPEventNotifyHandler = VnicDevicePnPEventNotify;
    MChars->ShutdownHandlerEx = VnicShutdownEx;
    MChars->CancelOidRequestHandler = VnicCancelOidRequest;
${extraLines}
}
`;
  const entry = `#include "vnic.h"

NDIS_HANDLE VnicDriverHandle;

VOID MuxFillMiniportCharacteristics(_Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars);

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS                             Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    MChars;

    NdisZeroMemory(&MChars, sizeof(MChars));
    MuxFillMiniportCharacteristics(&MChars);

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
    return Status;
}
`;
  return { files: miniportDriver(entry, { 'miniport.c': edge }), edge };
}

describe('NDIS106 handler-pairing', () => {
  describe('valid', () => {
    it('accepts CheckForHang with Reset and both direct-OID handlers NULL', async () => {
      await expectClean('NDIS106', miniportDriver(MINIPORT_ENTRY));
    });

    it('accepts both direct-OID handlers set together under #if NDIS_SUPPORT_NDIS61', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        DIRECT_NULLS,
        `#if NDIS_SUPPORT_NDIS61
    MChars.DirectOidRequestHandler = VnicDirectOidRequest;
    MChars.CancelDirectOidRequestHandler = VnicCancelDirectOidRequest;
#endif`,
      );
      await expectClean('NDIS106', miniportDriver(text));
    });

    it('accepts an intermediate driver\'s miniport edge without CheckForHang and Reset (helper file)', async () => {
      const { files } = muxMiniportEdge('    MChars->CheckForHangHandlerEx = NULL;\n    MChars->ResetHandlerEx = NULL;');
      await expectClean('NDIS106', files);
    });

    it('accepts a filter setting the direct-OID pair in one comma expression', async () => {
      const text = swap(
        FILTER_ENTRY,
        '    FChars.CancelOidRequestHandler = FilterCancelOidRequest;',
        `    FChars.CancelOidRequestHandler = FilterCancelOidRequest;
    FChars.DirectOidRequestHandler = FilterDirectOidRequest, FChars.CancelDirectOidRequestHandler = FilterCancelDirectOidRequest;`,
      );
      await expectClean('NDIS106', filterDriver(text));
    });
  });

  describe('invalid', () => {
    it('reports CheckForHang without Reset at the CheckForHang assignment', async () => {
      const text = swap(MINIPORT_ENTRY, '    MChars.ResetHandlerEx = VnicReset;\n', '');
      await expectDiagnostics('NDIS106', miniportDriver(text), [
        {
          code: 'NDIS106', ...lineOf(text, 'MChars.CheckForHangHandlerEx = VnicCheckForHang;'), severity: 'warning',
          message: 'CheckForHangHandlerEx is set but ResetHandlerEx is not',
        },
      ]);
    });

    it('reports CheckForHang with Reset explicitly NULL', async () => {
      const text = swap(MINIPORT_ENTRY, 'MChars.ResetHandlerEx = VnicReset;', 'MChars.ResetHandlerEx = NULL;');
      await expectDiagnostics('NDIS106', miniportDriver(text), [
        { code: 'NDIS106', ...lineOf(text, 'MChars.CheckForHangHandlerEx = VnicCheckForHang;'), message: 'but ResetHandlerEx is not' },
      ]);
    });

    it('reports the direct-OID handler without its cancel handler (designated initializer)', async () => {
      const text = `#include "lwf.h"

NDIS_HANDLE FilterDriverHandle;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS FChars = {
        .Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS,
        .Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2,
        .Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2,
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
        .FriendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME),
        .UniqueName = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME),
        .ServiceName = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME),
        .AttachHandler = FilterAttach,
        .DetachHandler = FilterDetach,
        .RestartHandler = FilterRestart,
        .PauseHandler = FilterPause,
        .DirectOidRequestHandler = FilterDirectOidRequest,
        .DirectOidRequestCompleteHandler = FilterDirectOidRequestComplete,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &FilterDriverHandle);
}
`;
      await expectDiagnostics('NDIS106', filterDriver(text), [
        {
          code: 'NDIS106', ...lineOf(text, '.DirectOidRequestHandler = FilterDirectOidRequest'), severity: 'warning',
          message: 'DirectOidRequestHandler is set but CancelDirectOidRequestHandler is not',
        },
      ]);
    });

    it('reports the cancel handler without the direct-OID handler, set through a pointer alias', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        DIRECT_NULLS,
        `    {
        PNDIS_MINIPORT_DRIVER_CHARACTERISTICS pChars = &MChars;
        pChars->CancelDirectOidRequestHandler = VnicCancelDirectOidRequest;
    }`,
      );
      await expectDiagnostics('NDIS106', miniportDriver(text), [
        {
          code: 'NDIS106', ...lineOf(text, 'pChars->CancelDirectOidRequestHandler'),
          message: 'CancelDirectOidRequestHandler is set but DirectOidRequestHandler is not',
        },
      ]);
    });

    it('reports CheckForHang and Reset on an intermediate driver\'s miniport edge, in the helper file', async () => {
      const { files, edge } = muxMiniportEdge('    MChars->CheckForHangHandlerEx = VnicCheckForHang;\n    MChars->ResetHandlerEx = VnicReset;');
      await expectDiagnostics('NDIS106', files, [
        { code: 'NDIS106', file: 'miniport.c', ...lineOf(edge, 'MChars->CheckForHangHandlerEx'), message: 'CheckForHangHandlerEx is set on an intermediate driver\'s miniport edge' },
        { code: 'NDIS106', file: 'miniport.c', ...lineOf(edge, 'MChars->ResetHandlerEx'), message: 'ResetHandlerEx is set on an intermediate driver\'s miniport edge' },
      ]);
    });

    it('reports an unpaired direct-OID handler only in the configuration that lacks its partner', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        DIRECT_NULLS,
        `    MChars.DirectOidRequestHandler = VnicDirectOidRequest;
#if NDIS_SUPPORT_NDIS680
    MChars.CancelDirectOidRequestHandler = VnicCancelDirectOidRequest;
#endif`,
      );
      await expectDiagnostics('NDIS106', miniportDriver(text), [{ code: 'NDIS106', ...lineOf(text, 'MChars.DirectOidRequestHandler = VnicDirectOidRequest;') }]);
      await expectClean('NDIS106', miniportDriver(text), { version: '6.80' });
      await expectDiagnostics('NDIS106', miniportDriver(text), [{ code: 'NDIS106', ...lineOf(text, 'MChars.DirectOidRequestHandler = VnicDirectOidRequest;') }], { version: '6.30' });
    });
  });
});
