/*++

Module Name:

    tunlog.h

Abstract:

    TUNLOG: an NDIS 6.30 protocol driver that binds to every Ethernet adapter
    and logs its link state changes. It receives no traffic of its own.

    BROKEN EXAMPLE: DriverEntry in tunlog.c fills its characteristics
    without zeroing them and loses the protocol handle; see the comments.

--*/

#pragma once

#include <ndis.h>

#define TUNLOG_TAG                  'goLT'

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _LOG_OPEN
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    UINT                MediumIndex;
    NET_IFINDEX         IfIndex;
} LOG_OPEN, *PLOG_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(LOG_OPEN);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               LogUnload;

PROTOCOL_BIND_ADAPTER_EX                    LogBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  LogUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           LogOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          LogCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      LogNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               LogOidRequestComplete;
PROTOCOL_STATUS_EX                          LogStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           LogReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     LogSendNetBufferListsComplete;
