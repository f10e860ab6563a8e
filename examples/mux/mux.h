/*++

Module Name:

    mux.h

Abstract:

    Private definitions for TUNMUX, an NDIS 6.30 intermediate (MUX) driver.

    TUNMUX binds to Ethernet adapters with its protocol edge and exposes one
    virtual miniport above each of them (named by the binding's UpperBindings
    value). Sends and receives cross the driver as cloned NBLs.

    TUNMUX is also an NDIS interface provider: it registers one internal
    interface, "TUNMUX internal switch", when it binds for the first time, and
    answers the interface OIDs for it.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ndis.h>

//
// Versions. Built with NDIS630_MINIPORT=1 and NDIS630=1 (tunmux.vcxproj).
//
#define MUX_MAJOR_NDIS_VERSION          6
#define MUX_MINOR_NDIS_VERSION          30
#define MUX_MAJOR_DRIVER_VERSION        1
#define MUX_MINOR_DRIVER_VERSION        0

#define MUX_TAG                         'xuMT'
#define MUX_MAC_LENGTH                  6
#define MUX_MAX_MULTICAST               32
#define MUX_MAX_DEVICE_NAME_BYTES       (256 * sizeof(WCHAR))

//
// The internal interface TUNMUX provides.
//
#define MUX_INTERNAL_IF_TYPE            IF_TYPE_PROP_VIRTUAL
#define MUX_INTERNAL_IF_NAME            L"TUNMUX internal switch"

#if DBG
#define DEBUGP(_Args)                   DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

//
// Lower binding (protocol edge) states.
//
typedef enum _MUX_BIND_STATE
{
    MuxBindOpening = 0,
    MuxBindPaused,
    MuxBindRunning,
    MuxBindPausing,
    MuxBindClosing
} MUX_BIND_STATE;

//
// Virtual miniport (miniport edge) states.
//
typedef enum _MUX_MP_STATE
{
    MuxMpHalted = 0,
    MuxMpPaused,
    MuxMpRunning,
    MuxMpPausing
} MUX_MP_STATE;

typedef struct _VELAN *PVELAN;

//
// ADAPT: one per lower binding; it is the ProtocolBindingContext.
// Its Lock also protects the VELAN above it.
//
typedef struct _ADAPT
{
    LIST_ENTRY              Link;                       // MUX_GLOBALS.AdapterList
    NDIS_SPIN_LOCK          Lock;
    MUX_BIND_STATE          LowerState;
    NDIS_HANDLE             BindingHandle;
    UINT                    MediumIndex;
    NDIS_HANDLE             NblPool;                    // clones in both directions

    NDIS_EVENT              Event;                      // open / close completion
    NDIS_STATUS             Status;

    ULONG                   SendsInFlight;              // clones sent down
    ULONG                   ReceivesUp;                 // clones indicated up
    NDIS_EVENT              SendsDrainedEvent;

    NDIS_STRING             UpperBinding;               // device instance of the VELAN
    PVELAN                  VElan;

    UCHAR                   MacAddress[MUX_MAC_LENGTH];
    ULONG                   MtuSize;
    ULONG                   LookaheadSize;
    ULONG64                 MaxLinkSpeed;
} ADAPT, *PADAPT;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(ADAPT);

//
// VELAN: one virtual miniport; it is the MiniportAdapterContext.
//
typedef struct _VELAN
{
    PADAPT                  Adapt;
    NDIS_HANDLE             MiniportAdapterHandle;
    MUX_MP_STATE            MpState;                    // under Adapt->Lock
    BOOLEAN                 InitPending;                // NdisIMInitializeDeviceInstanceEx called
    BOOLEAN                 Initialized;                // MuxMpInitialize succeeded
    NDIS_EVENT              InitDoneEvent;
    NDIS_EVENT              HaltEvent;

    NDIS_OID_REQUEST        LowerRequest;               // forwarded OID
    PNDIS_OID_REQUEST       PendingRequest;             // the request it came from
} VELAN;

NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(VELAN);

//
// Driver-wide state. It is the driver context of both edges and the
// provider context.
//
typedef struct _MUX_GLOBALS
{
    NDIS_HANDLE             MiniportDriverHandle;
    NDIS_HANDLE             ProtocolHandle;
    NDIS_HANDLE             ProviderHandle;

    NDIS_SPIN_LOCK          Lock;                       // AdapterList
    LIST_ENTRY              AdapterList;

    NDIS_MUTEX              InterfaceMutex;             // PASSIVE-level; serializes binds
    BOOLEAN                 InterfaceRegistered;
    BOOLEAN                 LuidIndexAllocated;
    UINT32                  NetLuidIndex;
    NET_LUID                InternalNetLuid;
    NET_IFINDEX             InternalIfIndex;
    GUID                    InternalIfGuid;
    ULONG64                 InternalIfLastChange;
} MUX_GLOBALS, *PMUX_GLOBALS;

NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(MUX_GLOBALS);

extern MUX_GLOBALS g_MuxGlobals;

//
// mux.c
//
DRIVER_INITIALIZE                           DriverEntry;
MINIPORT_UNLOAD                             MuxUnload;

//
// protocol.c: the lower (protocol) edge
//
PROTOCOL_BIND_ADAPTER_EX                    MuxBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  MuxUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           MuxOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          MuxCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      MuxNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               MuxOidRequestComplete;
PROTOCOL_STATUS_EX                          MuxStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           MuxReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     MuxSendNetBufferListsComplete;

//
// miniport.c: the upper (virtual miniport) edge
//
MINIPORT_INITIALIZE                         MuxMpInitialize;
MINIPORT_HALT                               MuxMpHalt;
MINIPORT_PAUSE                              MuxMpPause;
MINIPORT_RESTART                            MuxMpRestart;
MINIPORT_OID_REQUEST                        MuxMpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS              MuxMpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS            MuxMpReturnNetBufferLists;
MINIPORT_CANCEL_SEND                        MuxMpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY            MuxMpDevicePnPEventNotify;
MINIPORT_SHUTDOWN                           MuxMpShutdown;
MINIPORT_CANCEL_OID_REQUEST                 MuxMpCancelOidRequest;

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
MuxCompleteForwardedRequest(
    _In_ PVELAN             VElan,
    _In_ NDIS_STATUS        Status,
    _In_ BOOLEAN            Indicate
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
MuxCheckPauseComplete(
    _In_ PVELAN             VElan
    );

//
// provider.c: the interface provider
//
IF_QUERY_OBJECT                             MuxProviderQueryObject;
IF_SET_OBJECT                               MuxProviderSetObject;

_IRQL_requires_max_(PASSIVE_LEVEL)
NDIS_STATUS
MuxRegisterProvider(
    VOID
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
NDIS_STATUS
MuxRegisterInternalInterface(
    VOID
    );
