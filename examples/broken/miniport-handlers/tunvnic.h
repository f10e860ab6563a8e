/*++

Module Name:

    tunvnic.h

Abstract:

    TUNVNIC: a virtual NDIS 6.30 Ethernet adapter that accepts and counts
    every frame sent to it and never receives any. It is used as the far end
    of tunnel configuration tests.

    BROKEN EXAMPLE: the handler set was carried over from a hardware miniport
    and an NDIS 5 prototype; see the NDIS1xx / NDIS2xx comments in tunvnic.c.

--*/

#pragma once

#include <ndis.h>

#define TUNVNIC_NDIS_MAJOR          6
#define TUNVNIC_NDIS_MINOR          30
#define TUNVNIC_TAG                 'cinV'
#define TUNVNIC_MTU                 1500
#define TUNVNIC_LINK_SPEED          10000000000ULL      // 10 Gbps

typedef struct _TUNVNIC_ADAPTER
{
    NDIS_HANDLE         AdapterHandle;
    NDIS_SPIN_LOCK      Lock;
    BOOLEAN             Running;
    UCHAR               MacAddress[6];
    ULONG               PacketFilter;
    ULONG64             FramesSunk;
} TUNVNIC_ADAPTER, *PTUNVNIC_ADAPTER;

NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(TUNVNIC_ADAPTER);

DRIVER_INITIALIZE                           DriverEntry;

MINIPORT_UNLOAD                             TunvUnload;
MINIPORT_INITIALIZE                         TunvInitialize;
MINIPORT_PAUSE                              TunvPause;
MINIPORT_RESTART                            TunvRestart;
MINIPORT_OID_REQUEST                        TunvOidRequest;
MINIPORT_DIRECT_OID_REQUEST                 TunvDirectOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS              TunvSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS            TunvReturnNetBufferLists;
MINIPORT_CANCEL_SEND                        TunvCancelSend;
MINIPORT_CHECK_FOR_HANG                     TunvCheckForHang;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY            TunvDevicePnPEventNotify;

//
// Kept from the NDIS 5 prototype of this driver.
//
VOID
TunvHalt(
    _In_ NDIS_HANDLE    MiniportAdapterContext
    );
