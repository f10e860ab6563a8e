/**
 * NDIS108 unknown-member: a member written to a characteristics structure does not exist in it
 * (for example a miniport handler on protocol characteristics). Reported at the member.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { FILTER_ENTRY, MINIPORT_ENTRY, PROTOCOL_ENTRY, filterDriver, miniportDriver, posIn, protocolDriver, swap } from './fixtures';

describe('NDIS108 unknown-member', () => {
  describe('valid', () => {
    it('accepts the members of each structure', async () => {
      await expectClean('NDIS108', protocolDriver(PROTOCOL_ENTRY));
      await expectClean('NDIS108', miniportDriver(MINIPORT_ENTRY));
      await expectClean('NDIS108', filterDriver(FILTER_ENTRY));
    });

    it('accepts the NDIS 6.80 member under #if NDIS_SUPPORT_NDIS680', async () => {
      const text = swap(
        MINIPORT_ENTRY,
        '    MChars.CancelDirectOidRequestHandler = NULL;',
        `    MChars.CancelDirectOidRequestHandler = NULL;
#if NDIS_SUPPORT_NDIS680
    MChars.SynchronousOidRequestHandler = VnicSynchronousOidRequest;
#endif`,
      );
      await expectClean('NDIS108', miniportDriver(text));
    });

    it('accepts writes into the UNICODE_STRING of Name (old-style name setup)', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.Name = ProtocolName;',
        `    ProtocolChars.Name.Buffer = L"TUNPROT";
    ProtocolChars.Name.Length = sizeof(L"TUNPROT") - sizeof(WCHAR);
    ProtocolChars.Name.MaximumLength = sizeof(L"TUNPROT");`,
      );
      await expectClean('NDIS108', protocolDriver(text));
    });

    it('does not confuse a driver structure with the same member names', async () => {
      const header = `#pragma once
#include "vnic.h"

typedef struct _VNIC_DISPATCH
{
    MINIPORT_INITIALIZE_HANDLER InitializeHandlerEx;
    ULONG                       Flags;
    PVOID                       Name;
} VNIC_DISPATCH, *PVNIC_DISPATCH;

extern VNIC_DISPATCH VnicDispatch;
`;
      const text = swap(
        swap(MINIPORT_ENTRY, '#include "vnic.h"', '#include "dispatch.h"\n\nVNIC_DISPATCH VnicDispatch;'),
        '    NdisZeroMemory(&MChars, sizeof(MChars));',
        `    NdisZeroMemory(&MChars, sizeof(MChars));
    VnicDispatch.InitializeHandlerEx = VnicInitializeEx;
    VnicDispatch.Name = NULL;`,
      );
      await expectClean('NDIS108', miniportDriver(text, { 'dispatch.h': header }));
    });
  });

  describe('invalid', () => {
    it('reports a miniport handler on protocol characteristics at the member name', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;',
        '    ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;\n    ProtocolChars.DevicePnPEventNotifyHandler = TunNetPnPEvent;',
      );
      await expectDiagnostics('NDIS108', protocolDriver(text), [
        {
          code: 'NDIS108', ...lineOf(text, 'DevicePnPEventNotifyHandler'), severity: 'error',
          message: 'DevicePnPEventNotifyHandler is not a member of NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.',
        },
      ]);
    });

    it('suggests the closest member for a typo', async () => {
      const text = swap(MINIPORT_ENTRY, 'MChars.ShutdownHandlerEx = VnicShutdownEx;', 'MChars.ShutdownHandler = VnicShutdownEx;');
      await expectDiagnostics('NDIS108', miniportDriver(text), [
        { code: 'NDIS108', ...posIn(text, 'MChars.ShutdownHandler =', 'ShutdownHandler'), message: 'ShutdownHandler is not a member of NDIS_MINIPORT_DRIVER_CHARACTERISTICS. Did you mean ShutdownHandlerEx?' },
      ]);
    });

    it('reports an unknown member of the embedded header', async () => {
      const text = swap(FILTER_ENTRY, 'FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;', 'FChars.Header.Typ = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;');
      await expectDiagnostics('NDIS108', filterDriver(text), [
        { code: 'NDIS108', ...posIn(text, 'FChars.Header.Typ =', 'Typ'), message: 'Typ is not a member of NDIS_OBJECT_HEADER. Did you mean Type?' },
      ]);
    });

    it('reports the unknown element of a longer path, and a misspelt member passed to NdisInitUnicodeString', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.Name = ProtocolName;',
        `    ProtocolChars.Nmae.Buffer = L"TUNPROT";
    NdisInitUnicodeString(&ProtocolChars.ServiceName, L"TUNPROT");`,
      );
      await expectDiagnostics('NDIS108', protocolDriver(text), [
        { code: 'NDIS108', ...posIn(text, 'ProtocolChars.Nmae.Buffer', 'Nmae'), message: 'Nmae is not a member of NDIS_PROTOCOL_DRIVER_CHARACTERISTICS. Did you mean Name?' },
        { code: 'NDIS108', ...posIn(text, '&ProtocolChars.ServiceName', 'ServiceName'), message: 'ServiceName is not a member of NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.' },
      ]);
    });

    it('reports a protocol member on a filter, written through a pointer in a helper file', async () => {
      const helper = `#include "lwf.h"

_Use_decl_annotations_
VOID
FilterSetNames(
    PNDIS_FILTER_DRIVER_CHARACTERISTICS Chars
    )
{
    NdisInitUnicodeString(&Chars->FriendlyName, FILTER_FRIENDLY_NAME);
    NdisInitUnicodeString(&Chars->UniqueName, FILTER_UNIQUE_NAME);
    NdisInitUnicodeString(&Chars->ServiceName, FILTER_SERVICE_NAME);
    Chars->Name = Chars->ServiceName;
}
`;
      const entry = swap(
        swap(
          FILTER_ENTRY,
          `    NdisInitUnicodeString(&FChars.FriendlyName, FILTER_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, FILTER_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, FILTER_SERVICE_NAME);`,
          '    FilterSetNames(&FChars);',
        ),
        '#include "lwf.h"\n',
        '#include "lwf.h"\n\nVOID FilterSetNames(_Inout_ PNDIS_FILTER_DRIVER_CHARACTERISTICS Chars);\n',
      );
      await expectDiagnostics('NDIS108', filterDriver(entry, { 'names.c': helper }), [
        { code: 'NDIS108', file: 'names.c', ...posIn(helper, 'Chars->Name =', 'Name'), severity: 'error', message: 'Name is not a member of NDIS_FILTER_DRIVER_CHARACTERISTICS.' },
      ]);
    });

    it('reports unknown members of a designated initializer at the member', async () => {
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
        .Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
        .Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        .Header.Sise = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
        .InitializeHandlerEx = VnicInitializeEx,
        .HaltHandler = VnicHaltEx,
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

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      await expectDiagnostics('NDIS108', miniportDriver(text), [
        { code: 'NDIS108', ...posIn(text, '.Header.Sise', 'Sise'), message: 'Sise is not a member of NDIS_OBJECT_HEADER. Did you mean Size?' },
        { code: 'NDIS108', ...posIn(text, '.HaltHandler =', 'HaltHandler'), message: 'HaltHandler is not a member of NDIS_MINIPORT_DRIVER_CHARACTERISTICS. Did you mean HaltHandlerEx?' },
      ]);
    });
  });
});
