/*++

Module Name:

    tunmon.h

Abstract:

    TUNMON: an NDIS 6.80 lightweight filter that counts the tunnel traffic
    of every adapter it attaches to.

    BROKEN EXAMPLE: the driver and its project files disagree. tunmon.inf
    installs the service as TUNMONITOR with a NetCfgInstanceId the code does
    not register, and tunmon.vcxproj builds Debug for NDIS 6.80 but Release
    for NDIS 6.60; see tunmon.c.

--*/

#pragma once

#include <ndis.h>

#define TUNMON_FRIENDLY_NAME        L"Tunnel Workbench Traffic Monitor"
#define TUNMON_UNIQUE_NAME          L"{3b9d2f64-0a7e-4c15-b8d1-5e6f7a8b9c0d}"
#define TUNMON_SERVICE_NAME         L"TUNMON"
#define TUNMON_TAG                  'noMT'

typedef struct _MON_MODULE
{
    NDIS_HANDLE         FilterHandle;
    NDIS_SPIN_LOCK      Lock;
    BOOLEAN             Running;
    volatile LONG64     Frames;
} MON_MODULE, *PMON_MODULE;

NDIS_DECLARE_FILTER_MODULE_CONTEXT(MON_MODULE);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               MonUnload;

FILTER_ATTACH                               MonAttach;
FILTER_DETACH                               MonDetach;
FILTER_RESTART                              MonRestart;
FILTER_PAUSE                                MonPause;
FILTER_SEND_NET_BUFFER_LISTS                MonSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE       MonSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS             MonReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS              MonReturnNetBufferLists;
