/*++

Module Name:

    tunmedia.h

Abstract:

    TUNMEDIA: an NDIS 6.30 protocol driver that binds to Ethernet adapters,
    counts the tunnel frames (EtherType 0x88B5) each one receives, and keeps
    a history record per adapter for the lifetime of the driver.

    BROKEN EXAMPLE: see the NDIS2xx comments in tunmedia.c.

--*/

#pragma once

#include <ndis.h>

#define TUNMEDIA_TAG                'ideM'
#define TUNMEDIA_ETHERTYPE          0x88B5
#define TUNMEDIA_OPEN_RETRIES       3
#define TUNMEDIA_MAX_NAME_CHARS     128

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _MEDIA_HISTORY
{
    LIST_ENTRY          Link;
    NET_IFINDEX         IfIndex;
    ULONG               Binds;
} MEDIA_HISTORY, *PMEDIA_HISTORY;

typedef struct _MEDIA_OPEN
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    UINT                MediumIndex;
    ULONG               OpenRetries;
    NET_IFINDEX         IfIndex;
    volatile LONG64     TunnelFrames;
    NDIS_STRING         AdapterName;
    WCHAR               AdapterNameBuffer[TUNMEDIA_MAX_NAME_CHARS];
} MEDIA_OPEN, *PMEDIA_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(MEDIA_OPEN);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               MediaUnload;

PROTOCOL_BIND_ADAPTER_EX                    MediaBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  MediaUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           MediaOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          MediaCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      MediaNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               MediaOidRequestComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           MediaReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     MediaSendNetBufferListsComplete;
