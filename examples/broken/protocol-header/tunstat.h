/*++

Module Name:

    tunstat.h

Abstract:

    TUNSTAT: a small NDIS 6.30 protocol driver that counts the frames and
    bytes received on every Ethernet adapter.

    BROKEN EXAMPLE: the characteristics in tunstat.c were pasted together from
    an older CoNDIS client and an NDIS 6.0 build; see the NDIS1xx comments.

--*/

#pragma once

#include <ndis.h>

#define TUNSTAT_TAG                 'tatS'

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _STAT_OPEN
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    NDIS_SPIN_LOCK      Lock;
    BOOLEAN             Running;
    UINT                MediumIndex;
    ULONG64             Frames;
    ULONG64             Bytes;
} STAT_OPEN, *PSTAT_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(STAT_OPEN);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               StatUnload;

PROTOCOL_BIND_ADAPTER_EX                    StatBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  StatUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           StatOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          StatCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      StatNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               StatOidRequestComplete;
PROTOCOL_STATUS_EX                          StatStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           StatReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     StatSendNetBufferListsComplete;
