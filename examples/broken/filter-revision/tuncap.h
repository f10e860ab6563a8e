/*++

Module Name:

    tuncap.h

Abstract:

    TUNCAP: an NDIS 6.80 lightweight filter that counts the traffic of every
    adapter it attaches to and otherwise passes it through.

    BROKEN EXAMPLE: the driver was moved from NDIS 6.70 to 6.80 by bumping
    the minor version only; see the NDIS1xx comments in tuncap.c and here.

--*/

#pragma once

#include <ndis.h>

#define TUNCAP_FRIENDLY_NAME        L"Tunnel Workbench Capture Counters"
#define TUNCAP_UNIQUE_NAME          L"8a4f2c51-0d6e-4f7a-b3c2-5e9d1a7f6b40"    // NetCfgInstanceId, braces dropped
#define TUNCAP_SERVICE_NAME         L"TUNCAP"
#define TUNCAP_TAG                  'paCT'

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _TUNCAP_MODULE
{
    NDIS_HANDLE         FilterHandle;
    NDIS_SPIN_LOCK      Lock;
    BOOLEAN             Running;
    volatile LONG64     SendFrames;
    volatile LONG64     ReceiveFrames;
} TUNCAP_MODULE, *PTUNCAP_MODULE;

NDIS_DECLARE_FILTER_MODULE_CONTEXT(TUNCAP_MODULE);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               TuncapUnload;

FILTER_ATTACH                               TuncapAttach;
FILTER_DETACH                               TuncapDetach;
FILTER_RESTART                              TuncapRestart;
FILTER_PAUSE                                TuncapPause;
FILTER_SEND_NET_BUFFER_LISTS                TuncapSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE       TuncapSendNetBufferListsComplete;
FILTER_CANCEL_OID_REQUEST                   TuncapCancelSendNetBufferLists;
FILTER_RECEIVE_NET_BUFFER_LISTS             TuncapReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS              TuncapReturnNetBufferLists;
