/*++

Module Name:

    tunteam.h

Abstract:

    TUNTEAM: an NDIS 6.30 protocol driver that prepares adapter teaming. It
    binds to Ethernet adapters and, as an interface provider, registers two
    interfaces for the team: "primary" and "standby".

    BROKEN EXAMPLE: see the NDIS2xx comments in tunteam.c.

--*/

#pragma once

#include <ndis.h>

#define TUNTEAM_TAG                 'maeT'
#define TUNTEAM_IF_TYPE             IF_TYPE_PROP_VIRTUAL
#define TUNTEAM_PRIMARY_NAME        L"TUNTEAM primary"
#define TUNTEAM_STANDBY_NAME        L"TUNTEAM standby"      // same length as the primary name

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _TEAM_OPEN
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    UINT                MediumIndex;
} TEAM_OPEN, *PTEAM_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(TEAM_OPEN);

typedef struct _TEAM_IF_INFO
{
    NET_IF_INFORMATION  Info;
    WCHAR               FriendlyName[sizeof(TUNTEAM_PRIMARY_NAME) / sizeof(WCHAR)];
} TEAM_IF_INFO;

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               TeamUnload;

IF_QUERY_OBJECT                             TeamQueryObject;
IF_SET_OBJECT                               TeamSetObject;

PROTOCOL_BIND_ADAPTER_EX                    TeamBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  TeamUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           TeamOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          TeamCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      TeamNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               TeamOidRequestComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           TeamReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     TeamSendNetBufferListsComplete;
