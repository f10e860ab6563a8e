/*++

Module Name:

    tunctl.h

Abstract:

    TUNCTL: an NDIS 6.30 protocol driver with a control device. A management
    service opens \\.\TunCtl to learn which adapters TUNCTL is bound to.

    BROKEN EXAMPLE: see the NDIS2xx comments in tunctl.c.

--*/

#pragma once

#include <ndis.h>

#define TUNCTL_TAG                  'ltCT'
#define TUNCTL_DEVICE_NAME          L"\\Device\\TunCtl"
#define TUNCTL_SYMBOLIC_NAME        L"\\DosDevices\\TunCtl"

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _CTL_OPEN
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    UINT                MediumIndex;
} CTL_OPEN, *PCTL_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(CTL_OPEN);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               CtlUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH                             CtlDispatchCreateClose;

PROTOCOL_BIND_ADAPTER_EX                    CtlBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  CtlUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           CtlOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          CtlCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      CtlNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               CtlOidRequestComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           CtlReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     CtlSendNetBufferListsComplete;
