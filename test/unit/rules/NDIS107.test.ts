/**
 * NDIS107 handler-role: the function assigned to a handler member must have the member's role's
 * parameter count and return type (error); declared with a different role typedef: warning.
 * Reported at the handler assignment.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { MINIPORT_ENTRY, PROTOCOL_ENTRY, TUNPROT_HANDLERS_C, miniportDriver, protocolDriver, swap } from './fixtures';

/** VNIC's handlers (miniport.c), with the parameters and return types of their roles. */
const VNIC_HANDLERS_C = `#include "vnic.h"

_Use_decl_annotations_
NDIS_STATUS VnicSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS VnicInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    UNREFERENCED_PARAMETER(NdisMiniportHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID VnicHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}

_Use_decl_annotations_
VOID VnicUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

_Use_decl_annotations_
NDIS_STATUS VnicPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS VnicRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS VnicOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID VnicSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferList, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

_Use_decl_annotations_
VOID VnicReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID VnicCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
BOOLEAN VnicCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    return FALSE;
}

_Use_decl_annotations_
NDIS_STATUS VnicReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID VnicDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID VnicShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID VnicCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
`;

describe('NDIS107 handler-role', () => {
  describe('valid', () => {
    it('accepts protocol handlers declared with their role typedefs and defined in bind.c', async () => {
      await expectClean('NDIS107', protocolDriver(PROTOCOL_ENTRY));
    });

    it('accepts miniport handlers defined in miniport.c, unconfigured and built for NDIS 6.80', async () => {
      await expectClean('NDIS107', miniportDriver(MINIPORT_ENTRY, { 'miniport.c': VNIC_HANDLERS_C }));
      await expectClean('NDIS107', miniportDriver(MINIPORT_ENTRY, { 'miniport.c': VNIC_HANDLERS_C }), { version: '6.80' });
    });

    it('accepts any member of the SET_OPTIONS family for SetOptionsHandler', async () => {
      const header = `${miniportDriver('')['vnic.h']}\nFILTER_SET_OPTIONS VnicSharedSetOptions;\n`;
      const text = swap(MINIPORT_ENTRY, 'MChars.SetOptionsHandler = VnicSetOptions;', 'MChars.SetOptionsHandler = VnicSharedSetOptions;');
      await expectClean('NDIS107', miniportDriver(text, { 'vnic.h': header }));
    });

    it('accepts a per-#if choice between two correct functions', async () => {
      const text = swap(
        PROTOCOL_ENTRY,
        '    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;',
        `#if DBG
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferListsChecked;
#else
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;
#endif`,
      );
      const checked = `#include "tunprot.h"

#if DBG
PROTOCOL_RECEIVE_NET_BUFFER_LISTS TunReceiveNetBufferListsChecked;

_Use_decl_annotations_
VOID
TunReceiveNetBufferListsChecked(
    NDIS_HANDLE         ProtocolBindingContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    NT_ASSERT(NetBufferLists != NULL);
    TunReceiveNetBufferLists(ProtocolBindingContext, NetBufferLists, PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}
#endif
`;
      await expectClean('NDIS107', protocolDriver(text, { 'recv.c': checked }));
    });
  });

  describe('invalid', () => {
    it('reports a handler with the wrong parameter count at the assignment', async () => {
      const handlers = swap(
        TUNPROT_HANDLERS_C,
        `TunBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);`,
        `TunBindAdapter(
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{`,
      );
      await expectDiagnostics('NDIS107', protocolDriver(PROTOCOL_ENTRY, { 'bind.c': handlers }), [
        {
          code: 'NDIS107', file: 'driver.c', ...lineOf(PROTOCOL_ENTRY, 'ProtocolChars.BindAdapterHandlerEx = TunBindAdapter;'), severity: 'error',
          message: 'TunBindAdapter takes 2 parameters, but BindAdapterHandlerEx (PROTOCOL_BIND_ADAPTER_EX) is called with 3.',
        },
      ]);
    });

    it('reports a handler with the wrong return type', async () => {
      const handlers = swap(TUNPROT_HANDLERS_C, 'NDIS_STATUS\nTunNetPnPEvent(', 'VOID\nTunNetPnPEvent(').replace(
        /(TunNetPnPEvent\([\s\S]*?UNREFERENCED_PARAMETER\(NetPnPEventNotification\);\n)    return NDIS_STATUS_SUCCESS;\n/,
        '$1',
      );
      await expectDiagnostics('NDIS107', protocolDriver(PROTOCOL_ENTRY, { 'bind.c': handlers }), [
        {
          code: 'NDIS107', file: 'driver.c', ...lineOf(PROTOCOL_ENTRY, 'ProtocolChars.NetPnPEventHandler'), severity: 'error',
          message: 'TunNetPnPEvent returns VOID, but NetPnPEventHandler (PROTOCOL_NET_PNP_EVENT) must return NDIS_STATUS.',
        },
      ]);
    });

    it('sees through a cast to the handler type and through &function', async () => {
      const cast = swap(PROTOCOL_ENTRY, 'ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;', 'ProtocolChars.NetPnPEventHandler = (NET_PNP_EVENT_HANDLER)TunOpenAdapterComplete;');
      await expectDiagnostics('NDIS107', protocolDriver(cast), [
        {
          code: 'NDIS107', ...lineOf(cast, 'ProtocolChars.NetPnPEventHandler'), severity: 'error',
          message: 'TunOpenAdapterComplete returns VOID, but NetPnPEventHandler (PROTOCOL_NET_PNP_EVENT) must return NDIS_STATUS.',
        },
      ]);
      const addr = swap(PROTOCOL_ENTRY, 'ProtocolChars.UnbindAdapterHandlerEx = TunUnbindAdapter;', 'ProtocolChars.UnbindAdapterHandlerEx = &TunBindAdapter;');
      await expectDiagnostics('NDIS107', protocolDriver(addr), [
        { code: 'NDIS107', ...lineOf(addr, 'ProtocolChars.UnbindAdapterHandlerEx'), message: 'TunBindAdapter takes 3 parameters, but UnbindAdapterHandlerEx (PROTOCOL_UNBIND_ADAPTER_EX) is called with 2.' },
      ]);
    });

    it('warns about a function declared with another role typedef of the same shape', async () => {
      const text = swap(PROTOCOL_ENTRY, 'ProtocolChars.OidRequestCompleteHandler = TunOidRequestComplete;', 'ProtocolChars.OidRequestCompleteHandler = TunDirectOidRequestComplete;');
      await expectDiagnostics('NDIS107', protocolDriver(text), [
        {
          code: 'NDIS107', ...lineOf(text, 'ProtocolChars.OidRequestCompleteHandler'), severity: 'warning',
          message: 'TunDirectOidRequestComplete is declared as PROTOCOL_DIRECT_OID_REQUEST_COMPLETE, but OidRequestCompleteHandler expects PROTOCOL_OID_REQUEST_COMPLETE.',
        },
      ]);
    });

    it('reports swapped miniport handlers in a designated initializer at the designator', async () => {
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
        .Header = { NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS, NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2, NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 },
        .MajorNdisVersion = 6,
        .MinorNdisVersion = 30,
        .InitializeHandlerEx = VnicInitializeEx,
        .HaltHandlerEx = VnicShutdownEx,
        .UnloadHandler = VnicUnload,
        .PauseHandler = VnicPause,
        .RestartHandler = VnicRestart,
        .OidRequestHandler = VnicOidRequest,
        .SendNetBufferListsHandler = VnicSendNetBufferLists,
        .ReturnNetBufferListsHandler = VnicReturnNetBufferLists,
        .CancelSendHandler = VnicCancelSend,
        .CheckForHangHandlerEx = VnicReset,
        .ResetHandlerEx = VnicReset,
        .DevicePnPEventNotifyHandler = VnicDevicePnPEventNotify,
        .ShutdownHandlerEx = VnicHaltEx,
        .CancelOidRequestHandler = VnicCancelOidRequest,
    };

    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &VnicDriverHandle);
}
`;
      await expectDiagnostics('NDIS107', miniportDriver(text, { 'miniport.c': VNIC_HANDLERS_C }), [
        { code: 'NDIS107', ...lineOf(text, '.HaltHandlerEx = VnicShutdownEx'), severity: 'warning', message: 'VnicShutdownEx is declared as MINIPORT_SHUTDOWN, but HaltHandlerEx expects MINIPORT_HALT.' },
        { code: 'NDIS107', ...lineOf(text, '.CheckForHangHandlerEx = VnicReset'), severity: 'error', message: 'VnicReset takes 2 parameters, but CheckForHangHandlerEx (MINIPORT_CHECK_FOR_HANG) is called with 1.' },
        { code: 'NDIS107', ...lineOf(text, '.ShutdownHandlerEx = VnicHaltEx'), severity: 'warning', message: 'VnicHaltEx is declared as MINIPORT_HALT, but ShutdownHandlerEx expects MINIPORT_SHUTDOWN.' },
      ]);
    });

    it('reports a wrong handler assigned through a pointer in a helper in another file', async () => {
      const helper = `#include "vnic.h"

_Use_decl_annotations_
VOID
VnicFillDataPath(
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars
    )
{
    Chars->SendNetBufferListsHandler = VnicSendNetBufferLists;
    Chars->ReturnNetBufferListsHandler = VnicCancelSend;
}
`;
      const entry = swap(
        swap(
          MINIPORT_ENTRY,
          `    MChars.SendNetBufferListsHandler = VnicSendNetBufferLists;
    MChars.ReturnNetBufferListsHandler = VnicReturnNetBufferLists;`,
          '    VnicFillDataPath(&MChars);',
        ),
        '#include "vnic.h"\n',
        '#include "vnic.h"\n\nVOID VnicFillDataPath(_Inout_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars);\n',
      );
      await expectDiagnostics('NDIS107', miniportDriver(entry, { 'miniport.c': VNIC_HANDLERS_C, 'datapath.c': helper }), [
        {
          code: 'NDIS107', file: 'datapath.c', ...lineOf(helper, 'Chars->ReturnNetBufferListsHandler'), severity: 'error',
          message: 'VnicCancelSend takes 2 parameters, but ReturnNetBufferListsHandler (MINIPORT_RETURN_NET_BUFFER_LISTS) is called with 3.',
        },
      ]);
    });
  });
});
