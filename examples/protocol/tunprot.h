/*++

Module Name:

    tunprot.h

Abstract:

    Private definitions for TUNPROT, a connectionless NDIS 6.30 protocol driver.

    TUNPROT binds to every Ethernet adapter and answers "tunnel probe" frames:
    a frame carrying the tunnel EtherType (TUNPROT_ETHERTYPE) is copied, its
    addresses are swapped and the copy is sent back out of the same adapter.
    Everything else is returned to the miniport untouched.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ndis.h>

//
// NDIS version the driver is built for. The project builds with NDIS630=1
// (see tunprot.vcxproj); the older branches keep the driver buildable for
// the Vista-era toolsets it started on.
//
#define TUNPROT_MAJOR_NDIS_VERSION      6
#if NDIS_SUPPORT_NDIS630
#define TUNPROT_MINOR_NDIS_VERSION      30
#elif NDIS_SUPPORT_NDIS61
#define TUNPROT_MINOR_NDIS_VERSION      1
#else
#define TUNPROT_MINOR_NDIS_VERSION      0
#endif

#define TUNPROT_MAJOR_DRIVER_VERSION    1
#define TUNPROT_MINOR_DRIVER_VERSION    2

//
// The protocol name handed to NDIS is "TUNPROT": it must equal the AddService
// name in tunprot.inf, otherwise NDIS never binds the protocol. It is spelled
// out at the NDIS_STRING_CONST call in driver.c because that macro pastes an
// L onto its argument and cannot take a macro name.
//

#define TUNPROT_TAG                     'pnuT'      // "Tunp" in pool dumps
#define TUNPROT_ETHERTYPE               0x88B5      // IEEE 802 local experimental EtherType 1
#define TUNPROT_MAC_LENGTH              6
#define TUNPROT_ETH_HEADER_SIZE         14
#define TUNPROT_MIN_FRAME               TUNPROT_ETH_HEADER_SIZE
#define TUNPROT_MAX_FRAME               1514
#define TUNPROT_PACKET_FILTER           (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST)

//
// Debug output
//
#define DL_EXTRA_LOUD                   20
#define DL_VERY_LOUD                    10
#define DL_LOUD                         8
#define DL_INFO                         6
#define DL_WARN                         4
#define DL_ERROR                        2
#define DL_FATAL                        0

#if DBG
extern ULONG TunpDebugLevel;

#define DEBUGP(_Level, _Fmt)                                    \
    do {                                                        \
        if ((_Level) <= TunpDebugLevel) {                       \
            DbgPrint("TUNPROT: ");                              \
            DbgPrint _Fmt;                                      \
        }                                                       \
    } while (FALSE)
#else
#define DEBUGP(_Level, _Fmt)
#endif

//
// Ethernet header as it appears on the wire.
//
#include <pshpack1.h>
typedef struct _TUN_ETH_HEADER
{
    UCHAR       Destination[TUNPROT_MAC_LENGTH];
    UCHAR       Source[TUNPROT_MAC_LENGTH];
    USHORT      EtherType;                          // network byte order
} TUN_ETH_HEADER, *PTUN_ETH_HEADER;
#include <poppack.h>

//
// Binding states, as in the NDIS protocol binding state machine.
//
typedef enum _TUN_BIND_STATE
{
    TunBindOpening = 0,
    TunBindPaused,
    TunBindRestarting,
    TunBindRunning,
    TunBindPausing,
    TunBindClosing
} TUN_BIND_STATE;

//
// One TUN_OPEN per binding; it is the ProtocolBindingContext.
//
typedef struct _TUN_OPEN
{
    LIST_ENTRY              Link;                   // TUN_GLOBALS.OpenList
    NDIS_SPIN_LOCK          Lock;                   // State, PendingSends, counters
    TUN_BIND_STATE          State;

    NDIS_HANDLE             BindingHandle;
    NDIS_HANDLE             BindContext;            // valid while the bind pends
    NDIS_HANDLE             UnbindContext;          // valid while the unbind pends
    NDIS_HANDLE             SendNblPool;
    UINT                    SelectedMediumIndex;

    ULONG                   PendingSends;
    NDIS_EVENT              SendsDrainedEvent;      // set when PendingSends drops to 0 while pausing

    NDIS_OID_REQUEST        FilterRequest;          // the only OID we issue
    ULONG                   PacketFilter;           // its InformationBuffer
    NDIS_EVENT              RequestEvent;
    NDIS_STATUS             RequestStatus;

    UCHAR                   CurrentAddress[TUNPROT_MAC_LENGTH];
    ULONG                   MtuSize;
    NET_IFINDEX             BoundIfIndex;

    ULONG64                 FramesReflected;
    ULONG64                 FramesDropped;
} TUN_OPEN, *PTUN_OPEN;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(TUN_OPEN);

//
// Driver-wide state; it is the ProtocolDriverContext.
//
typedef struct _TUN_GLOBALS
{
    PDRIVER_OBJECT          DriverObject;
    NDIS_HANDLE             ProtocolHandle;         // from NdisRegisterProtocolDriver
    NDIS_SPIN_LOCK          GlobalLock;             // OpenList, OpenCount
    LIST_ENTRY              OpenList;
    ULONG                   OpenCount;
} TUN_GLOBALS, *PTUN_GLOBALS;

NDIS_DECLARE_PROTOCOL_DRIVER_CONTEXT(TUN_GLOBALS);

extern TUN_GLOBALS Globals;

//
// Entry points (driver.c)
//
DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               TunpUnload;

//
// Binding management (bind.c)
//
PROTOCOL_BIND_ADAPTER_EX                    TunpBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  TunpUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           TunpOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          TunpCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      TunpNetPnPEvent;

//
// Receive path (recv.c)
//
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           TunpReceiveNetBufferLists;
PROTOCOL_STATUS_EX                          TunpStatus;

//
// Send path (send.c)
//
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     TunpSendNetBufferListsComplete;

//
// OID requests (oid.c)
//
PROTOCOL_OID_REQUEST_COMPLETE               TunpOidRequestComplete;

//
// Internal helpers
//
_IRQL_requires_max_(PASSIVE_LEVEL)
NDIS_STATUS
TunpSetPacketFilter(
    _In_ PTUN_OPEN          Open,
    _In_ ULONG              PacketFilter
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
TunpReflectFrame(
    _In_ PTUN_OPEN          Open,
    _In_ PNET_BUFFER        NetBuffer,
    _In_ BOOLEAN            AtDispatchLevel
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
TunpWaitForPendingSends(
    _In_ PTUN_OPEN          Open
    );
