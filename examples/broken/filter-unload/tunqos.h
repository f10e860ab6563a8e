/*++

Module Name:

    tunqos.h

Abstract:

    TUNQOS: an NDIS 6.80 lightweight filter that meters the tunnel traffic
    of every adapter it attaches to. This build only counts frames.

    BROKEN EXAMPLE: the filter deregisters itself when its last module
    detaches, instead of in its unload routine; see tunqos.c.

--*/

#pragma once

#include <ndis.h>

#define TUNQOS_FRIENDLY_NAME        L"Tunnel Workbench QoS Meter"
#define TUNQOS_UNIQUE_NAME          L"{e4a1c7b2-95d3-4f06-8b2e-7c0d5a3f9e18}"
#define TUNQOS_SERVICE_NAME         L"TUNQOS"
#define TUNQOS_TAG                  'soQT'

typedef struct _QOS_MODULE
{
    NDIS_HANDLE         FilterHandle;
    NDIS_SPIN_LOCK      Lock;
    BOOLEAN             Running;
    volatile LONG64     Frames;
} QOS_MODULE, *PQOS_MODULE;

NDIS_DECLARE_FILTER_MODULE_CONTEXT(QOS_MODULE);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               QosUnload;

FILTER_ATTACH                               QosAttach;
FILTER_DETACH                               QosDetach;
FILTER_RESTART                              QosRestart;
FILTER_PAUSE                                QosPause;
FILTER_SEND_NET_BUFFER_LISTS                QosSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE       QosSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS             QosReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS              QosReturnNetBufferLists;
