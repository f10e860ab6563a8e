/**
 * NDIS101 header-type: Header.Type must be the structure's object type. Reported at the
 * Header.Type value; NDIS_OBJECT_TYPE_DEFAULT on protocol or miniport characteristics is a warning.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { filterDriver, miniportDriver, protocolDriver } from './fixtures';

/** The usual protocol DriverEntry, with the Header.Type line as a parameter. */
function protocolEntry(typeLine: string): string {
  return `#include "tunprot.h"

TUN_GLOBALS Globals;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
${typeLine}
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = TUNPROT_MAJOR_NDIS_VERSION;
    ProtocolChars.MinorNdisVersion = 30;
    NdisInitUnicodeString(&ProtocolChars.Name, L"TUNPROT");
    ProtocolChars.BindAdapterHandlerEx = TunBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = TunUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = TunOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = TunCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = TunOidRequestComplete;
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = TunSendNetBufferListsComplete;

    DriverObject->DriverUnload = TunUnload;

    Status = NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Cleanup;
    }
    return STATUS_SUCCESS;

Cleanup:
    return Status;
}
`;
}

/** A miniport's DriverEntry built from a designated initializer (header in vnic.h). */
const MINIPORT_DESIGNATED = `#include "vnic.h"

NDIS_HANDLE VnicDriverHandle;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars = {
        .Header = {
            .Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
            .Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
            .Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        },
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
        .MajorDriverVersion = VNIC_MAJOR_DRIVER_VERSION,
        .MinorDriverVersion = VNIC_MINOR_DRIVER_VERSION,
        .InitializeHandlerEx = VnicInitializeEx,
        .HaltHandlerEx = VnicHaltEx,
        .UnloadHandler = VnicUnload,
        .PauseHandler = VnicPause,
        .RestartHandler = VnicRestart,
        .OidRequestHandler = VnicOidRequest,
        .SendNetBufferListsHandler = VnicSendNetBufferLists,
        .ReturnNetBufferListsHandler = VnicReturnNetBufferLists,
        .CancelSendHandler = VnicCancelSend,
        .DevicePnPEventNotifyHandler = VnicDevicePnPEventNotify,
        .ShutdownHandlerEx = VnicShutdownEx,
        .CancelOidRequestHandler = VnicCancelOidRequest,
    };

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
    return Status;
}
`;

/** A filter that fills its characteristics in a helper in another file (filter.c calls it). */
const FILTER_ENTRY = `#include "lwf.h"

NDIS_HANDLE FilterDriverHandle;
NDIS_HANDLE FilterDriverObject;

VOID FilterFillCharacteristics(_Out_ PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars);

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;

    UNREFERENCED_PARAMETER(RegistryPath);
    FilterDriverObject = DriverObject;

    NdisZeroMemory(&FChars, sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS));
    FilterFillCharacteristics(&FChars);

    DriverObject->DriverUnload = FilterUnload;

    Status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)FilterDriverObject,
                                       &FChars,
                                       &FilterDriverHandle);
    return Status;
}
`;

function filterChars(typeLine: string): string {
  return `#include "lwf.h"

_Use_decl_annotations_
VOID
FilterFillCharacteristics(
    PNDIS_FILTER_DRIVER_CHARACTERISTICS FChars
    )
{
${typeLine}
#if NDIS_SUPPORT_NDIS680
    FChars->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
    FChars->Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    FChars->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    FChars->Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
#endif
    FChars->MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    FChars->MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
    FChars->MajorDriverVersion = 1;
    FChars->MinorDriverVersion = 0;
    FChars->Flags = 0;

    RtlInitUnicodeString(&FChars->FriendlyName, FILTER_FRIENDLY_NAME);
    RtlInitUnicodeString(&FChars->UniqueName, FILTER_UNIQUE_NAME);
    RtlInitUnicodeString(&FChars->ServiceName, FILTER_SERVICE_NAME);

    FChars->SetOptionsHandler = FilterRegisterOptions;
    FChars->AttachHandler = FilterAttach;
    FChars->DetachHandler = FilterDetach;
    FChars->RestartHandler = FilterRestart;
    FChars->PauseHandler = FilterPause;
    FChars->OidRequestHandler = FilterOidRequest;
    FChars->OidRequestCompleteHandler = FilterOidRequestComplete;
    FChars->StatusHandler = FilterStatus;
}
`;
}

describe('NDIS101 header-type', () => {
  describe('valid', () => {
    it('accepts the protocol object type set after NdisZeroMemory', async () => {
      await expectClean('NDIS101', protocolDriver(protocolEntry('    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;')));
    });

    it('accepts a nested designated initializer on miniport characteristics', async () => {
      await expectClean('NDIS101', miniportDriver(MINIPORT_DESIGNATED));
    });

    it('accepts a filter header filled in a helper in another .c file, per #if branch', async () => {
      await expectClean(
        'NDIS101',
        filterDriver(FILTER_ENTRY, { 'chars.c': filterChars('    FChars->Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;') }),
      );
    });

    it('accepts a conditional type whose branches are each correct', async () => {
      await expectClean(
        'NDIS101',
        protocolDriver(
          protocolEntry(`#if NDIS_SUPPORT_NDIS680
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
#else
    ProtocolChars.Header.Type = 0x95;
#endif`),
        ),
      );
    });

    it('accepts a Header copied in as a whole from a prepared NDIS_OBJECT_HEADER', async () => {
      const text = protocolEntry(`    {
        NDIS_OBJECT_HEADER CharsHeader = {
            NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
            NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
            NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2
        };
        ProtocolChars.Header = CharsHeader;
    }`);
      await expectClean('NDIS101', protocolDriver(text));
    });

    it('accepts the type through a driver #define', async () => {
      const text = protocolEntry('    ProtocolChars.Header.Type = TUN_CHARS_TYPE;').replace(
        'TUN_GLOBALS Globals;',
        '#define TUN_CHARS_TYPE NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS\n\nTUN_GLOBALS Globals;',
      );
      await expectClean('NDIS101', protocolDriver(text));
    });
  });

  describe('invalid', () => {
    it('reports another structure\'s type at the value (filter header in a helper file)', async () => {
      const chars = filterChars('    FChars->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;');
      const pos = lineOf(chars, 'NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS');
      await expectDiagnostics('NDIS101', filterDriver(FILTER_ENTRY, { 'chars.c': chars }), [
        { code: 'NDIS101', file: 'chars.c', ...pos, severity: 'error', message: 'needs NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS (0x8B)' },
      ]);
    });

    it('reports NDIS_OBJECT_TYPE_DEFAULT on protocol characteristics as a warning', async () => {
      const text = protocolEntry('    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;');
      await expectDiagnostics('NDIS101', protocolDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NDIS_OBJECT_TYPE_DEFAULT'), severity: 'warning', message: 'NDIS accepts it here' },
      ]);
    });

    it('reports NDIS_OBJECT_TYPE_DEFAULT on filter characteristics as an error', async () => {
      const chars = filterChars('    FChars->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;');
      await expectDiagnostics('NDIS101', filterDriver(FILTER_ENTRY, { 'chars.c': chars }), [
        { code: 'NDIS101', file: 'chars.c', ...lineOf(chars, 'NDIS_OBJECT_TYPE_DEFAULT'), severity: 'error', message: 'NDIS_OBJECT_TYPE_DEFAULT (0x80)' },
      ]);
    });

    it('reports a wrong type inside a comma expression', async () => {
      const text = protocolEntry(
        '    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS, ProtocolChars.Flags = 0;',
      );
      await expectDiagnostics('NDIS101', protocolDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS'), severity: 'error', message: 'needs NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS' },
      ]);
    });

    it('reports a wrong type written through a pointer alias', async () => {
      const text = protocolEntry(`    {
        PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS pChars = &ProtocolChars;
        pChars->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    }`);
      await expectDiagnostics('NDIS101', protocolDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS'), severity: 'error' },
      ]);
    });

    it('reports the wrong member of a designated initializer at its value', async () => {
      const text = MINIPORT_DESIGNATED.replace('.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS', '.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS');
      await expectDiagnostics('NDIS101', miniportDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS'), severity: 'error', message: 'NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS (0x8A)' },
      ]);
    });

    it('reports a wrong type in a positional initializer (header first, as in the catalog)', async () => {
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
        { NDIS_OBJECT_TYPE_FILTER_ATTACH_PARAMETERS, NDIS_FILTER_CHARACTERISTICS_REVISION_2, NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2 },
        6, 30, 1, 0, 0,
        RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME),
        RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME),
        RTL_CONSTANT_STRING(FILTER_SERVICE_NAME),
        NULL, NULL,
        FilterAttach, FilterDetach, FilterRestart, FilterPause,
    };

    UNREFERENCED_PARAMETER(RegistryPath);
    return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &FilterDriverHandle);
}
`;
      await expectDiagnostics('NDIS101', filterDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NDIS_OBJECT_TYPE_FILTER_ATTACH_PARAMETERS'), severity: 'error', message: 'Header.Type is NDIS_OBJECT_TYPE_FILTER_ATTACH_PARAMETERS (0x99)' },
      ]);
    });

    it('reports only the #if branch that is wrong', async () => {
      const text = protocolEntry(`#if NDIS_SUPPORT_NDIS680
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
#else
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
#endif`);
      await expectDiagnostics('NDIS101', protocolDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NDIS_OBJECT_TYPE_OPEN_PARAMETERS'), severity: 'error' },
      ]);
    });

    it('reports a Header.Type that is never set at the registration call', async () => {
      const text = protocolEntry('    // Header.Type forgotten');
      await expectDiagnostics('NDIS101', protocolDriver(text), [
        { code: 'NDIS101', ...lineOf(text, 'NdisRegisterProtocolDriver('), severity: 'error', message: 'Header.Type is never set' },
      ]);
    });
  });
});
