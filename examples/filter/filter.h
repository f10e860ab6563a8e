/*++

Module Name:

    filter.h

Abstract:

    Private definitions for TUNLWF, a modifying NDIS 6.80 lightweight filter.

    TUNLWF attaches above every Ethernet miniport and passes traffic through.
    An administrator can name one EtherType through the control device
    (\\.\TunLwf); outgoing frames of that type are then dropped.

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ndis.h>

//
// NDIS version. The project builds with NDIS680=1 (tunlwf.vcxproj); the
// characteristics revision in filter.c follows the same switch, because NDIS
// rejects a 6.80 filter that registers with a revision 2 structure.
//
#define TUNLWF_NDIS_MAJOR_VERSION       6
#if NDIS_SUPPORT_NDIS680
#define TUNLWF_NDIS_MINOR_VERSION       80
#elif NDIS_SUPPORT_NDIS660
#define TUNLWF_NDIS_MINOR_VERSION       60
#else
#error "TUNLWF needs NDIS 6.60 or later; build it with NDIS680=1"
#endif

#define TUNLWF_DRIVER_MAJOR_VERSION     1
#define TUNLWF_DRIVER_MINOR_VERSION     0

//
// Names handed to NDIS. UniqueName is the NetCfgInstanceId of tunlwf.inf and
// ServiceName its AddService name.
//
#define TUNLWF_FRIENDLY_NAME            L"Tunnel Workbench EtherType Filter"
#define TUNLWF_UNIQUE_NAME              L"{6f1c1a52-3d0e-4b8e-9a57-2c4e0b7d91a3}"
#define TUNLWF_SERVICE_NAME             L"TUNLWF"

#define TUNLWF_DEVICE_NAME              L"\\Device\\TunLwf"
#define TUNLWF_SYMBOLIC_NAME            L"\\DosDevices\\TunLwf"

#define TUNLWF_TAG                      'fwLT'

//
// Control device interface.
//
#define IOCTL_TUNLWF_SET_BLOCKED_ETHERTYPE                                  \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TUNLWF_QUERY_COUNTERS                                         \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TUNLWF_COUNTERS
{
    ULONG       Modules;
    ULONG64     SendsPassed;
    ULONG64     SendsBlocked;
    ULONG64     ReceivesPassed;
    ULONG64     ReceivesReturnedWhilePaused;
} TUNLWF_COUNTERS, *PTUNLWF_COUNTERS;

//
// Debug output
//
#if DBG
#define DEBUGP(_Args)       DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

//
// Spin lock helpers: the data path knows from its flags whether it already
// runs at DISPATCH_LEVEL and can use the cheaper Dpr variants.
//
#define TUNLWF_ACQUIRE_LOCK(_Lock, _AtDispatch)                             \
    do {                                                                    \
        if (_AtDispatch) {                                                  \
            NdisDprAcquireSpinLock(_Lock);                                  \
        } else {                                                            \
            NdisAcquireSpinLock(_Lock);                                     \
        }                                                                   \
    } while (FALSE)

#define TUNLWF_RELEASE_LOCK(_Lock, _AtDispatch)                             \
    do {                                                                    \
        if (_AtDispatch) {                                                  \
            NdisDprReleaseSpinLock(_Lock);                                  \
        } else {                                                            \
            NdisReleaseSpinLock(_Lock);                                     \
        }                                                                   \
    } while (FALSE)

//
// Filter module states, as in the NDIS filter module state machine.
//
typedef enum _TUNLWF_STATE
{
    TunLwfDetached = 0,
    TunLwfAttaching,
    TunLwfPaused,
    TunLwfRestarting,
    TunLwfRunning,
    TunLwfPausing
} TUNLWF_STATE;

//
// One TUNLWF_MODULE per attached filter module; it is the FilterModuleContext.
//
typedef struct _TUNLWF_MODULE
{
    LIST_ENTRY          Link;                   // g_TunLwfModuleList
    NDIS_HANDLE         FilterHandle;
    NDIS_SPIN_LOCK      Lock;                   // State
    TUNLWF_STATE        State;
    NET_IFINDEX         MiniportIfIndex;

    volatile LONG64     SendsPassed;
    volatile LONG64     SendsBlocked;
    volatile LONG64     ReceivesPassed;
    volatile LONG64     ReceivesReturnedWhilePaused;
} TUNLWF_MODULE, *PTUNLWF_MODULE;

NDIS_DECLARE_FILTER_MODULE_CONTEXT(TUNLWF_MODULE);

//
// A cloned OID request remembers the request it was cloned from here.
//
#define TUNLWF_ORIGINAL_REQUEST(_Clone)     (*(PNDIS_OID_REQUEST *)&(_Clone)->SourceReserved[0])

//
// Globals (filter.c)
//
extern PDRIVER_OBJECT   g_TunLwfDriverObject;
extern NDIS_HANDLE      g_TunLwfDriverHandle;
extern NDIS_SPIN_LOCK   g_TunLwfModuleListLock;
extern LIST_ENTRY       g_TunLwfModuleList;
extern volatile LONG    g_TunLwfBlockedEtherType;      // host order, 0 = none

//
// Driver entry points (filter.c)
//
DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               TunLwfUnload;

//
// Control path (filter.c)
//
FILTER_ATTACH                               TunLwfAttach;
FILTER_DETACH                               TunLwfDetach;
FILTER_RESTART                              TunLwfRestart;
FILTER_PAUSE                                TunLwfPause;
FILTER_NET_PNP_EVENT                        TunLwfNetPnPEvent;
FILTER_STATUS                               TunLwfStatus;
FILTER_OID_REQUEST                          TunLwfOidRequest;
FILTER_OID_REQUEST_COMPLETE                 TunLwfOidRequestComplete;
FILTER_CANCEL_OID_REQUEST                   TunLwfCancelOidRequest;

//
// Data path (datapath.c)
//
FILTER_SEND_NET_BUFFER_LISTS                TunLwfSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE       TunLwfSendNetBufferListsComplete;
FILTER_CANCEL_SEND_NET_BUFFER_LISTS         TunLwfCancelSendNetBufferLists;
FILTER_RECEIVE_NET_BUFFER_LISTS             TunLwfReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS              TunLwfReturnNetBufferLists;

//
// Control device (device.c)
//
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH                             TunLwfDispatch;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH                             TunLwfDeviceIoControl;

_IRQL_requires_max_(PASSIVE_LEVEL)
NDIS_STATUS
TunLwfRegisterDevice(
    VOID
    );

_IRQL_requires_max_(PASSIVE_LEVEL)
VOID
TunLwfDeregisterDevice(
    VOID
    );
