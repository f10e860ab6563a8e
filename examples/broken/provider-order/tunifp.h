/*++

Module Name:

    tunifp.h

Abstract:

    TUNIFP: an NDIS 6.30 protocol driver that also provides a network
    interface, "TUNIFP management", through which tools read its state.
    The protocol edge binds to Ethernet adapters and counts their frames.

    BROKEN EXAMPLE: see the NDIS1xx / NDIS2xx comments in tunifp.c.

--*/

#pragma once

#include <ndis.h>

#define TUNIFP_TAG                  'pfIT'
#define TUNIFP_IF_TYPE              IF_TYPE_PROP_VIRTUAL
#define TUNIFP_LUID_INDEX           1               // our interface's NET_LUID index
#define TUNIFP_IF_NAME              L"TUNIFP management"

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _IFP_OPEN
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    UINT                MediumIndex;
} IFP_OPEN, *PIFP_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(IFP_OPEN);

//
// NET_IF_INFORMATION followed by the friendly name it points at.
//
typedef struct _IFP_IF_INFO
{
    NET_IF_INFORMATION  Info;
    WCHAR               FriendlyName[sizeof(TUNIFP_IF_NAME) / sizeof(WCHAR)];
} IFP_IF_INFO;

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               IfpUnload;

IF_QUERY_OBJECT                             IfpQueryObject;

PROTOCOL_BIND_ADAPTER_EX                    IfpBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  IfpUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           IfpOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          IfpCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      IfpNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               IfpOidRequestComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           IfpReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     IfpSendNetBufferListsComplete;
