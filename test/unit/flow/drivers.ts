/**
 * Driver fixtures for the whole-driver (NDIS2xx) tests: private headers declaring every handler
 * with its role typedef, handler definitions, and helpers that fill characteristics structures
 * correctly (so NDIS1xx stays quiet and the tests judge only the flow). Each test writes its own
 * `driver.c` — the code under test — and positions diagnostics in it with `lineOf`.
 */

/** prot.h: globals, per-binding context and role declarations of a protocol driver. */
export const PROT_H = `#pragma once
#include <ndis.h>

typedef struct _PROT_GLOBALS
{
    PDRIVER_OBJECT      DriverObject;
    NDIS_HANDLE         ProtocolHandle;
    NDIS_HANDLE         MiniportDriverHandle;
    NDIS_HANDLE         ProviderHandle;
    NDIS_SPIN_LOCK      Lock;
    LIST_ENTRY          OpenList;
    BOOLEAN             ProviderRegistered;
    BOOLEAN             InterfaceRegistered;
    NET_IFINDEX         IfIndex;
    NET_LUID            NetLuid;
    ULONG               OpenCount;
} PROT_GLOBALS, *PPROT_GLOBALS;

typedef struct _PROT_OPEN
{
    LIST_ENTRY          Link;
    NDIS_HANDLE         BindingHandle;
    NDIS_SPIN_LOCK      Lock;
    NDIS_EVENT          ClosedEvent;
    NDIS_OID_REQUEST    FilterRequest;
    NDIS_STATUS         OpenStatus;
    NET_LUID            NetLuid;
    NET_IFINDEX         IfIndex;
    PNET_IF_INFORMATION IfInfo;
} PROT_OPEN, *PPROT_OPEN;

extern PROT_GLOBALS Globals;

DRIVER_INITIALIZE                       DriverEntry;
DRIVER_UNLOAD                           ProtUnload;
PROTOCOL_BIND_ADAPTER_EX                ProtBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX              ProtUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX       ProtOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX      ProtCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                  ProtNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE           ProtOidRequestComplete;
PROTOCOL_STATUS_EX                      ProtStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS       ProtReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE ProtSendNetBufferListsComplete;
IF_QUERY_OBJECT                         ProtQueryObject;
IF_SET_OBJECT                           ProtSetObject;
`;

/** Trivial definitions of every protocol handler (replace one by defining it in driver.c and dropping it here). */
export const PROT_HANDLERS: Readonly<Record<string, string>> = {
  ProtBindAdapter: `_Use_decl_annotations_
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return NDIS_STATUS_SUCCESS;
}
`,
  ProtUnbindAdapter: `_Use_decl_annotations_
NDIS_STATUS
ProtUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    return NDIS_STATUS_SUCCESS;
}
`,
  ProtOpenAdapterComplete: `_Use_decl_annotations_
VOID
ProtOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Status);
}
`,
  ProtCloseAdapterComplete: `_Use_decl_annotations_
VOID
ProtCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}
`,
  ProtNetPnPEvent: `_Use_decl_annotations_
NDIS_STATUS
ProtNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}
`,
  ProtOidRequestComplete: `_Use_decl_annotations_
VOID
ProtOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}
`,
  ProtStatus: `_Use_decl_annotations_
VOID
ProtStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}
`,
  ProtReceiveNetBufferLists: `_Use_decl_annotations_
VOID
ProtReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber,
                          ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
    UNREFERENCED_PARAMETER(NetBufferLists);
}
`,
  ProtSendNetBufferListsComplete: `_Use_decl_annotations_
VOID
ProtSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
`,
};

/** handlers.c with every trivial protocol handler except those `driver.c` defines itself. */
export function protHandlers(except: readonly string[] = []): string {
  return '#include "prot.h"\n\n' + Object.entries(PROT_HANDLERS).filter(([n]) => !except.includes(n)).map(([, t]) => t).join('\n');
}

/** C statements filling NDIS_PROTOCOL_DRIVER_CHARACTERISTICS `v` (zeroed first), 4-space indent. */
export function fillProtocol(v: string): string {
  return [
    `NdisZeroMemory(&${v}, sizeof(${v}));`,
    `${v}.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;`,
    `${v}.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;`,
    `${v}.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;`,
    `${v}.MajorNdisVersion = 6;`,
    `${v}.MinorNdisVersion = 30;`,
    `NdisInitUnicodeString(&${v}.Name, L"PROT");`,
    `${v}.BindAdapterHandlerEx = ProtBindAdapter;`,
    `${v}.UnbindAdapterHandlerEx = ProtUnbindAdapter;`,
    `${v}.OpenAdapterCompleteHandlerEx = ProtOpenAdapterComplete;`,
    `${v}.CloseAdapterCompleteHandlerEx = ProtCloseAdapterComplete;`,
    `${v}.NetPnPEventHandler = ProtNetPnPEvent;`,
    `${v}.OidRequestCompleteHandler = ProtOidRequestComplete;`,
    `${v}.StatusHandlerEx = ProtStatus;`,
    `${v}.ReceiveNetBufferListsHandler = ProtReceiveNetBufferLists;`,
    `${v}.SendNetBufferListsCompleteHandler = ProtSendNetBufferListsComplete;`,
  ].map((l) => '    ' + l).join('\n');
}

/** C statements filling NDIS_MINIPORT_DRIVER_CHARACTERISTICS `v` for an IM driver's miniport edge (prefix Mp). */
export function fillMiniport(v: string, flags = 'NDIS_INTERMEDIATE_DRIVER'): string {
  return [
    `NdisZeroMemory(&${v}, sizeof(${v}));`,
    `${v}.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;`,
    `${v}.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;`,
    `${v}.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;`,
    `${v}.MajorNdisVersion = 6;`,
    `${v}.MinorNdisVersion = 30;`,
    `${v}.Flags = ${flags};`,
    `${v}.InitializeHandlerEx = MpInitialize;`,
    `${v}.HaltHandlerEx = MpHalt;`,
    `${v}.UnloadHandler = MpUnload;`,
    `${v}.PauseHandler = MpPause;`,
    `${v}.RestartHandler = MpRestart;`,
    `${v}.OidRequestHandler = MpOidRequest;`,
    `${v}.SendNetBufferListsHandler = MpSendNetBufferLists;`,
    `${v}.ReturnNetBufferListsHandler = MpReturnNetBufferLists;`,
    `${v}.CancelSendHandler = MpCancelSend;`,
    `${v}.DevicePnPEventNotifyHandler = MpDevicePnPEventNotify;`,
    `${v}.ShutdownHandlerEx = MpShutdown;`,
    `${v}.CancelOidRequestHandler = MpCancelOidRequest;`,
  ].map((l) => '    ' + l).join('\n');
}

/** C statements filling NDIS_IF_PROVIDER_CHARACTERISTICS `v`. */
export function fillProvider(v: string): string {
  return [
    `NdisZeroMemory(&${v}, sizeof(${v}));`,
    `${v}.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;`,
    `${v}.Header.Revision = NDIS_OBJECT_REVISION_1;`,
    `${v}.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;`,
    `${v}.QueryObjectHandler = ProtQueryObject;`,
    `${v}.SetObjectHandler = ProtSetObject;`,
  ].map((l) => '    ' + l).join('\n');
}

/** provider.c: the provider's query/set handlers. */
export const PROVIDER_HANDLERS_C = `#include "prot.h"

_Use_decl_annotations_
NDIS_STATUS
ProtQueryObject(NDIS_HANDLE ProviderIfContext, NET_IF_OBJECT_ID ObjectId, PULONG pOutputBufferLength, PVOID pOutputBuffer)
{
    UNREFERENCED_PARAMETER(ProviderIfContext);
    UNREFERENCED_PARAMETER(ObjectId);
    UNREFERENCED_PARAMETER(pOutputBufferLength);
    UNREFERENCED_PARAMETER(pOutputBuffer);
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
NDIS_STATUS
ProtSetObject(NDIS_HANDLE ProviderIfContext, NET_IF_OBJECT_ID ObjectId, ULONG InputBufferLength, PVOID pInputBuffer)
{
    UNREFERENCED_PARAMETER(ProviderIfContext);
    UNREFERENCED_PARAMETER(ObjectId);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(pInputBuffer);
    return NDIS_STATUS_NOT_SUPPORTED;
}
`;

/** The miniport edge's handler prototypes and trivial definitions (mp.c). */
export const MP_HANDLERS_C = `#include "prot.h"

MINIPORT_INITIALIZE MpInitialize;
MINIPORT_HALT MpHalt;
MINIPORT_PAUSE MpPause;
MINIPORT_RESTART MpRestart;
MINIPORT_OID_REQUEST MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MpReturnNetBufferLists;
MINIPORT_CANCEL_SEND MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MpDevicePnPEventNotify;
MINIPORT_SHUTDOWN MpShutdown;
MINIPORT_CANCEL_OID_REQUEST MpCancelOidRequest;

_Use_decl_annotations_
NDIS_STATUS MpInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID MpHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}

_Use_decl_annotations_
NDIS_STATUS MpPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS MpRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS MpOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(OidRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID MpSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

_Use_decl_annotations_
VOID MpReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID MpCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID MpDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID MpShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID MpCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
`;

/** A protocol driver: prot.h, handlers.c (minus the handlers driver.c defines) and driver.c. */
export function protocolDriver(driverC: string, opts: { except?: readonly string[]; extra?: Readonly<Record<string, string>> } = {}): Record<string, string> {
  return { 'prot.h': PROT_H, 'handlers.c': protHandlers(opts.except ?? []), 'driver.c': driverC, ...(opts.extra ?? {}) };
}

/** The standard protocol DriverEntry + unload (correct); `entryBody` replaces the registration part. */
export function protocolEntry(opts: { register?: string; unload?: string; before?: string; after?: string } = {}): string {
  const register = opts.register ?? `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;`;
  const unload = opts.unload ?? `    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }`;
  return `#include "prot.h"

PROT_GLOBALS Globals;
${opts.before ?? ''}
_Use_decl_annotations_
VOID
ProtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
${unload}
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;

    UNREFERENCED_PARAMETER(RegistryPath);
${fillProtocol('PChars')}
    DriverObject->DriverUnload = ProtUnload;
${register}
}
${opts.after ?? ''}`;
}
