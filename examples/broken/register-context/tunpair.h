/*++

Module Name:

    tunpair.h

Abstract:

    TUNPAIR: an NDIS 6.30 protocol driver that registers two protocols from
    one image: TUNPAIR, which binds to every Ethernet adapter, and TUNPAIRM,
    a monitor protocol. Both count the frames they receive.

    BROKEN EXAMPLE: TUNPAIRM is registered late, from a PnP event, so that
    it never races TUNPAIR's initial binds; see the NDIS2xx comment in
    tunpair.c.

--*/

#pragma once

#include <ndis.h>

#define TUNPAIR_TAG                 'riaP'

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

//
// One per registered protocol; it is the ProtocolDriverContext.
//
typedef struct _PAIR_DRIVER
{
    NDIS_HANDLE         ProtocolHandle;
    BOOLEAN             IsMonitor;
    volatile LONG       Bindings;
} PAIR_DRIVER, *PPAIR_DRIVER;

NDIS_DECLARE_PROTOCOL_DRIVER_CONTEXT(PAIR_DRIVER);

typedef struct _PAIR_OPEN
{
    PPAIR_DRIVER        Driver;
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         BindContext;
    NDIS_HANDLE         UnbindContext;
    UINT                MediumIndex;
    volatile LONG64     Frames;
} PAIR_OPEN, *PPAIR_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(PAIR_OPEN);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               PairUnload;

PROTOCOL_BIND_ADAPTER_EX                    PairBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  PairUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           PairOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          PairCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      PairNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               PairOidRequestComplete;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           PairReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     PairSendNetBufferListsComplete;
