/**
 * Shared pieces of the NDIS driver fixtures used by the NDIS1xx rule tests: the private headers
 * (version macros, role-typedef declarations of every handler) and the handler definitions of a
 * protocol (TUNPROT), a miniport (VNIC), a lightweight filter (LWF) and an interface provider.
 *
 * Each test writes its own `driver.c` (the part the rule judges) and positions diagnostics in it
 * with `lineOf`; these files only make the drivers complete and realistic.
 */
import { lineOf } from '../../helpers/ruleTester';

/** tunprot.h: a connectionless NDIS 6.30 protocol driver's private header. */
export const TUNPROT_H = `/*++
Module Name:
    tunprot.h
Abstract:
    Private definitions for TUNPROT, a connectionless NDIS protocol driver.
--*/
#pragma once

#include <ndis.h>

#define TUNPROT_MAJOR_NDIS_VERSION      6
#if NDIS_SUPPORT_NDIS630
#define TUNPROT_MINOR_NDIS_VERSION      30
#elif NDIS_SUPPORT_NDIS61
#define TUNPROT_MINOR_NDIS_VERSION      1
#else
#define TUNPROT_MINOR_NDIS_VERSION      0
#endif

#define TUNPROT_MAJOR_DRIVER_VERSION    1
#define TUNPROT_MINOR_DRIVER_VERSION    2
#define TUNPROT_TAG                     'pnuT'

typedef struct _TUN_GLOBALS
{
    PDRIVER_OBJECT      DriverObject;
    NDIS_HANDLE         ProtocolHandle;
    NDIS_SPIN_LOCK      GlobalLock;
    LIST_ENTRY          OpenList;
} TUN_GLOBALS, *PTUN_GLOBALS;

extern TUN_GLOBALS Globals;

DRIVER_INITIALIZE                       DriverEntry;
DRIVER_UNLOAD                           TunUnload;
PROTOCOL_SET_OPTIONS                    TunSetOptions;
PROTOCOL_BIND_ADAPTER_EX                TunBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX              TunUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX       TunOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX      TunCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                  TunNetPnPEvent;
PROTOCOL_UNINSTALL                      TunUninstall;
PROTOCOL_OID_REQUEST_COMPLETE           TunOidRequestComplete;
PROTOCOL_STATUS_EX                      TunStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS       TunReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE TunSendNetBufferListsComplete;
PROTOCOL_DIRECT_OID_REQUEST_COMPLETE    TunDirectOidRequestComplete;
`;

/** bind.c: TUNPROT's handlers, with the parameters and return types of their roles. */
export const TUNPROT_HANDLERS_C = `#include "tunprot.h"

_Use_decl_annotations_
NDIS_STATUS
TunSetOptions(
    NDIS_HANDLE         NdisDriverHandle,
    NDIS_HANDLE         DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunUnbindAdapter(
    NDIS_HANDLE         UnbindContext,
    NDIS_HANDLE         ProtocolBindingContext
    )
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunOpenAdapterComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    NDIS_STATUS         Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
TunCloseAdapterComplete(
    NDIS_HANDLE         ProtocolBindingContext
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}

_Use_decl_annotations_
NDIS_STATUS
TunNetPnPEvent(
    NDIS_HANDLE                     ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION     NetPnPEventNotification
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunUninstall(
    VOID
    )
{
}

_Use_decl_annotations_
VOID
TunOidRequestComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    PNDIS_OID_REQUEST   OidRequest,
    NDIS_STATUS         Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
TunStatus(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

_Use_decl_annotations_
VOID
TunReceiveNetBufferLists(
    NDIS_HANDLE         ProtocolBindingContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
}

_Use_decl_annotations_
VOID
TunSendNetBufferListsComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    PNET_BUFFER_LIST    NetBufferList,
    ULONG               SendCompleteFlags
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

_Use_decl_annotations_
VOID
TunDirectOidRequestComplete(
    NDIS_HANDLE         ProtocolBindingContext,
    PNDIS_OID_REQUEST   OidRequest,
    NDIS_STATUS         Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}
`;

/** vnic.h: a virtual Ethernet miniport (NetVMini-like), NDIS 6.30 by default. */
export const VNIC_H = `/*++
Module Name:
    vnic.h
Abstract:
    Private definitions for VNIC, a virtual Ethernet NDIS miniport.
--*/
#pragma once

#include <ndis.h>

#define VNIC_MAJOR_NDIS_VERSION         NDIS_MINIPORT_MAJOR_VERSION
#define VNIC_MINOR_NDIS_VERSION         NDIS_MINIPORT_MINOR_VERSION
#define VNIC_MAJOR_DRIVER_VERSION       1
#define VNIC_MINOR_DRIVER_VERSION       0
#define VNIC_TAG                        'cinV'

extern NDIS_HANDLE VnicDriverHandle;

DRIVER_INITIALIZE                       DriverEntry;
MINIPORT_SET_OPTIONS                    VnicSetOptions;
MINIPORT_INITIALIZE                     VnicInitializeEx;
MINIPORT_HALT                           VnicHaltEx;
MINIPORT_UNLOAD                         VnicUnload;
MINIPORT_PAUSE                          VnicPause;
MINIPORT_RESTART                        VnicRestart;
MINIPORT_OID_REQUEST                    VnicOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS          VnicSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS        VnicReturnNetBufferLists;
MINIPORT_CANCEL_SEND                    VnicCancelSend;
MINIPORT_CHECK_FOR_HANG                 VnicCheckForHang;
MINIPORT_RESET                          VnicReset;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY        VnicDevicePnPEventNotify;
MINIPORT_SHUTDOWN                       VnicShutdownEx;
MINIPORT_CANCEL_OID_REQUEST             VnicCancelOidRequest;
MINIPORT_DIRECT_OID_REQUEST             VnicDirectOidRequest;
MINIPORT_CANCEL_DIRECT_OID_REQUEST      VnicCancelDirectOidRequest;
MINIPORT_SYNCHRONOUS_OID_REQUEST        VnicSynchronousOidRequest;
`;

/** lwf.h: a lightweight filter (the WDK NDISLWF sample's shape). */
export const LWF_H = `/*++
Module Name:
    lwf.h
Abstract:
    Private definitions for the NDISLWF lightweight filter.
--*/
#pragma once

#include <ndis.h>

#define FILTER_MAJOR_NDIS_VERSION       NDIS_FILTER_MAJOR_VERSION
#define FILTER_MINOR_NDIS_VERSION       NDIS_FILTER_MINOR_VERSION
#define FILTER_FRIENDLY_NAME            L"NDIS Sample LightWeight Filter"
#define FILTER_UNIQUE_NAME              L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"
#define FILTER_SERVICE_NAME             L"NDISLWF"
#define FILTER_ALLOC_TAG                'tliF'

extern NDIS_HANDLE FilterDriverHandle;
extern NDIS_HANDLE FilterDriverObject;

DRIVER_INITIALIZE                       DriverEntry;
DRIVER_UNLOAD                           FilterUnload;
FILTER_SET_OPTIONS                      FilterRegisterOptions;
FILTER_SET_MODULE_OPTIONS               FilterSetModuleOptions;
FILTER_ATTACH                           FilterAttach;
FILTER_DETACH                           FilterDetach;
FILTER_RESTART                          FilterRestart;
FILTER_PAUSE                            FilterPause;
FILTER_SEND_NET_BUFFER_LISTS            FilterSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE   FilterSendNetBufferListsComplete;
FILTER_CANCEL_SEND_NET_BUFFER_LISTS     FilterCancelSendNetBufferLists;
FILTER_RECEIVE_NET_BUFFER_LISTS         FilterReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS          FilterReturnNetBufferLists;
FILTER_OID_REQUEST                      FilterOidRequest;
FILTER_OID_REQUEST_COMPLETE             FilterOidRequestComplete;
FILTER_CANCEL_OID_REQUEST               FilterCancelOidRequest;
FILTER_DEVICE_PNP_EVENT_NOTIFY          FilterDevicePnPEventNotify;
FILTER_NET_PNP_EVENT                    FilterNetPnPEvent;
FILTER_STATUS                           FilterStatus;
FILTER_DIRECT_OID_REQUEST               FilterDirectOidRequest;
FILTER_DIRECT_OID_REQUEST_COMPLETE      FilterDirectOidRequestComplete;
FILTER_CANCEL_DIRECT_OID_REQUEST        FilterCancelDirectOidRequest;
`;

/** A protocol driver: tunprot.h + bind.c (handlers) + the test's driver.c (+ extra files). */
export function protocolDriver(driverC: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'tunprot.h': TUNPROT_H, 'bind.c': TUNPROT_HANDLERS_C, 'driver.c': driverC, ...extra };
}

/** A miniport driver: vnic.h + the test's driver.c (+ extra files). */
export function miniportDriver(driverC: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'vnic.h': VNIC_H, 'driver.c': driverC, ...extra };
}

/** A filter driver: lwf.h + the test's driver.c (+ extra files). */
export function filterDriver(driverC: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { 'lwf.h': LWF_H, 'driver.c': driverC, ...extra };
}

/**
 * 1-based line and column of `part` inside the first occurrence of `context` in `text`: pins a
 * short value (`8`, `NULL`) to the statement it belongs to.
 */
export function posIn(text: string, context: string, part: string): { line: number; column: number } {
  const at = lineOf(text, context);
  const k = context.indexOf(part);
  if (k < 0) throw new Error(`"${part}" is not part of "${context}"`);
  const before = context.slice(0, k);
  const nl = before.lastIndexOf('\n');
  return nl < 0 ? { line: at.line, column: at.column + k } : { line: at.line + before.split('\n').length - 1, column: k - nl };
}

/**
 * `text` with the first occurrence of `from` replaced by `to`; throws when `from` is absent, so a
 * fixture edit that stops matching fails loudly instead of silently testing the original.
 */
export function swap(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`fixture does not contain "${from}"`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** TUNPROT's DriverEntry (driver.c): the usual assignment style after NdisZeroMemory. */
export const PROTOCOL_ENTRY = `/*++
Module Name:
    driver.c
Abstract:
    DriverEntry for TUNPROT: registration of the protocol characteristics with NDIS.
--*/

#include "tunprot.h"

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
    NDIS_STRING                             ProtocolName = NDIS_STRING_CONST("TUNPROT");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&Globals.GlobalLock);
    InitializeListHead(&Globals.OpenList);

    //
    // Zero first: every handler we do not name below must be NULL.
    //
    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));

    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS61
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
#else
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
#endif

    ProtocolChars.MajorNdisVersion = TUNPROT_MAJOR_NDIS_VERSION;
    ProtocolChars.MinorNdisVersion = TUNPROT_MINOR_NDIS_VERSION;
    ProtocolChars.MajorDriverVersion = TUNPROT_MAJOR_DRIVER_VERSION;
    ProtocolChars.MinorDriverVersion = TUNPROT_MINOR_DRIVER_VERSION;
    ProtocolChars.Flags = 0;

    ProtocolChars.Name = ProtocolName;

    ProtocolChars.BindAdapterHandlerEx = TunBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = TunUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = TunOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = TunCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = TunNetPnPEvent;
    ProtocolChars.UninstallHandler = TunUninstall;
    ProtocolChars.OidRequestCompleteHandler = TunOidRequestComplete;
    ProtocolChars.StatusHandlerEx = TunStatus;
    ProtocolChars.ReceiveNetBufferListsHandler = TunReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = TunSendNetBufferListsComplete;
#if NDIS_SUPPORT_NDIS61
    ProtocolChars.DirectOidRequestCompleteHandler = TunDirectOidRequestComplete;
#endif

    DriverObject->DriverUnload = TunUnload;

    Status = NdisRegisterProtocolDriver(&Globals,
                                        &ProtocolChars,
                                        &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Cleanup;
    }

    return STATUS_SUCCESS;

Cleanup:
    NdisFreeSpinLock(&Globals.GlobalLock);
    return Status;
}
`;

/** VNIC's DriverEntry (driver.c): NetVMini's shape, revision chosen per NDIS_SUPPORT_NDIS680. */
export const MINIPORT_ENTRY = `/*++
Module Name:
    driver.c
Abstract:
    DriverEntry for VNIC: registration of the miniport characteristics with NDIS.
--*/

#include "vnic.h"

NDIS_HANDLE VnicDriverHandle = NULL;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

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

    MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS680
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
#endif

    MChars.MajorNdisVersion = VNIC_MAJOR_NDIS_VERSION;
    MChars.MinorNdisVersion = VNIC_MINOR_NDIS_VERSION;
    MChars.MajorDriverVersion = VNIC_MAJOR_DRIVER_VERSION;
    MChars.MinorDriverVersion = VNIC_MINOR_DRIVER_VERSION;
    MChars.Flags = 0;

    MChars.SetOptionsHandler = VnicSetOptions;
    MChars.InitializeHandlerEx = VnicInitializeEx;
    MChars.HaltHandlerEx = VnicHaltEx;
    MChars.UnloadHandler = VnicUnload;
    MChars.PauseHandler = VnicPause;
    MChars.RestartHandler = VnicRestart;
    MChars.OidRequestHandler = VnicOidRequest;
    MChars.SendNetBufferListsHandler = VnicSendNetBufferLists;
    MChars.ReturnNetBufferListsHandler = VnicReturnNetBufferLists;
    MChars.CancelSendHandler = VnicCancelSend;
    MChars.CheckForHangHandlerEx = VnicCheckForHang;
    MChars.ResetHandlerEx = VnicReset;
    MChars.DevicePnPEventNotifyHandler = VnicDevicePnPEventNotify;
    MChars.ShutdownHandlerEx = VnicShutdownEx;
    MChars.CancelOidRequestHandler = VnicCancelOidRequest;
    MChars.DirectOidRequestHandler = NULL;
    MChars.CancelDirectOidRequestHandler = NULL;

    Status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         NULL,
                                         &MChars,
                                         &VnicDriverHandle);
    if (NDIS_STATUS_SUCCESS != Status)
    {
        goto Cleanup;
    }

    return NDIS_STATUS_SUCCESS;

Cleanup:
    return Status;
}
`;

/** The filter's DriverEntry (driver.c): the NDISLWF sample's shape. */
export const FILTER_ENTRY = `/*++
Module Name:
    filter.c
Abstract:
    DriverEntry for the NDISLWF lightweight filter.
--*/

#include "lwf.h"

NDIS_HANDLE FilterDriverHandle;
NDIS_HANDLE FilterDriverObject;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

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
    FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS680
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
#else
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
#endif
    FChars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    FChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
    FChars.MajorDriverVersion = 1;
    FChars.MinorDriverVersion = 0;
    FChars.Flags = 0;

    NdisInitUnicodeString(&FChars.FriendlyName, FILTER_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, FILTER_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, FILTER_SERVICE_NAME);

    FChars.SetOptionsHandler = FilterRegisterOptions;
    FChars.AttachHandler = FilterAttach;
    FChars.DetachHandler = FilterDetach;
    FChars.RestartHandler = FilterRestart;
    FChars.PauseHandler = FilterPause;
    FChars.SendNetBufferListsHandler = FilterSendNetBufferLists;
    FChars.ReturnNetBufferListsHandler = FilterReturnNetBufferLists;
    FChars.SendNetBufferListsCompleteHandler = FilterSendNetBufferListsComplete;
    FChars.ReceiveNetBufferListsHandler = FilterReceiveNetBufferLists;
    FChars.DevicePnPEventNotifyHandler = FilterDevicePnPEventNotify;
    FChars.NetPnPEventHandler = FilterNetPnPEvent;
    FChars.StatusHandler = FilterStatus;
    FChars.CancelSendNetBufferListsHandler = FilterCancelSendNetBufferLists;
    FChars.OidRequestHandler = FilterOidRequest;
    FChars.OidRequestCompleteHandler = FilterOidRequestComplete;
    FChars.CancelOidRequestHandler = FilterCancelOidRequest;

    DriverObject->DriverUnload = FilterUnload;

    FilterDriverHandle = NULL;

    Status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)FilterDriverObject,
                                       &FChars,
                                       &FilterDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

Exit:
    return Status;
}
`;
