/**
 * Part of the virtual ndis.h (see index.ts for the order). NDIS base types: handles, statuses, strings, interface and LUID types, the enumerations NDIS uses, spin locks, events, mutexes, and the NDIS_STRING_CONST / NDIS_DECLARE_* macros.
 */
export const NDIS_BASE_H = String.raw`
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef UNICODE_STRING NDIS_STRING, *PNDIS_STRING;
typedef ULONG NDIS_OID, *PNDIS_OID;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;
typedef ULONG NET_IFINDEX, *PNET_IFINDEX;
typedef USHORT NET_IFTYPE, *PNET_IFTYPE;
typedef ULONG NET_IF_OBJECT_ID, *PNET_IF_OBJECT_ID;
typedef UINT32 NET_IF_COMPARTMENT_ID, *PNET_IF_COMPARTMENT_ID;
typedef GUID NET_IF_NETWORK_GUID, *PNET_IF_NETWORK_GUID;
typedef USHORT NET_FRAME_TYPE, *PNET_FRAME_TYPE;
typedef ULONG NET_IF_ACCESS_TYPE, NET_IF_DIRECTION_TYPE, NET_IF_CONNECTION_TYPE, NET_IF_OPER_STATUS, NET_IF_ADMIN_STATUS;
typedef ULONG NDIS_PHYSICAL_ADDRESS_UNIT;
typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;
typedef ULONG NDIS_SUPPORTED_PAUSE_FUNCTIONS;
typedef MDL NDIS_BUFFER, *PNDIS_BUFFER;

#define NDIS_DEFAULT_PORT_NUMBER        ((NDIS_PORT_NUMBER)0)
#define NDIS_MAX_PHYS_ADDRESS_LENGTH    32
#define NET_IF_LINK_SPEED_UNKNOWN       ((ULONG64)(-1))
#define NDIS_LINK_SPEED_UNKNOWN         NET_IF_LINK_SPEED_UNKNOWN
#define NDIS_PROTOCOL_ID_DEFAULT        0x00
#define NDIS_PROTOCOL_ID_TCP_IP         0x02
#define NDIS_PROTOCOL_ID_IP6            0x03
#define NDIS_PROTOCOL_ID_IPX            0x06

typedef union _NET_LUID_LH {
    ULONG64 Value;
    struct {
        ULONG64 Reserved:24;
        ULONG64 NetLuidIndex:24;
        ULONG64 IfType:16;
    } Info;
} NET_LUID_LH, *PNET_LUID_LH, NET_LUID, *PNET_LUID, IF_LUID, *PIF_LUID;

#define NDIS_MAKE_NET_LUID(_pNetLuid, _IfType, _NetLuidIndex) \
    { (_pNetLuid)->Info.IfType = _IfType; (_pNetLuid)->Info.NetLuidIndex = _NetLuidIndex; (_pNetLuid)->Info.Reserved = 0; }

typedef struct _NET_PHYSICAL_LOCATION_LH {
    ULONG BusNumber;
    ULONG SlotNumber;
    ULONG FunctionNumber;
} NET_PHYSICAL_LOCATION_LH, *PNET_PHYSICAL_LOCATION_LH, NET_PHYSICAL_LOCATION, *PNET_PHYSICAL_LOCATION;

typedef enum _NDIS_MEDIUM {
    NdisMedium802_3, NdisMedium802_5, NdisMediumFddi, NdisMediumWan, NdisMediumLocalTalk, NdisMediumDix,
    NdisMediumArcnetRaw, NdisMediumArcnet878_2, NdisMediumAtm, NdisMediumWirelessWan, NdisMediumIrda,
    NdisMediumBpc, NdisMediumCoWan, NdisMedium1394, NdisMediumInfiniBand, NdisMediumTunnel, NdisMediumNative802_11,
    NdisMediumLoopback, NdisMediumWiMAX, NdisMediumIP, NdisMediumMax
} NDIS_MEDIUM, *PNDIS_MEDIUM;

typedef enum _NDIS_PHYSICAL_MEDIUM {
    NdisPhysicalMediumUnspecified, NdisPhysicalMediumWirelessLan, NdisPhysicalMediumCableModem,
    NdisPhysicalMediumPhoneLine, NdisPhysicalMediumPowerLine, NdisPhysicalMediumDSL, NdisPhysicalMediumFibreChannel,
    NdisPhysicalMedium1394, NdisPhysicalMediumWirelessWan, NdisPhysicalMediumNative802_11, NdisPhysicalMediumBluetooth,
    NdisPhysicalMediumInfiniband, NdisPhysicalMediumWiMax, NdisPhysicalMediumUWB, NdisPhysicalMedium802_3,
    NdisPhysicalMedium802_5, NdisPhysicalMediumIrda, NdisPhysicalMediumWiredWAN, NdisPhysicalMediumWiredCoWan,
    NdisPhysicalMediumOther, NdisPhysicalMediumNative802_15_4, NdisPhysicalMediumMax
} NDIS_PHYSICAL_MEDIUM, *PNDIS_PHYSICAL_MEDIUM;

typedef enum _NDIS_INTERFACE_TYPE {
    NdisInterfaceInternal = 0, NdisInterfaceIsa, NdisInterfaceEisa, NdisInterfaceMca, NdisInterfaceTurboChannel,
    NdisInterfacePci, NdisInterfacePcMcia, NdisInterfaceCBus, NdisInterfaceMPIBus, NdisInterfaceMPSABus,
    NdisInterfaceProcessorInternal, NdisInterfaceInternalPowerBus, NdisInterfacePNPISABus, NdisInterfacePNPBus,
    NdisInterfaceUSB, NdisInterfaceIrda, NdisInterface1394, NdisMaximumInterfaceType
} NDIS_INTERFACE_TYPE, *PNDIS_INTERFACE_TYPE;

typedef enum _NDIS_MEDIA_CONNECT_STATE {
    MediaConnectStateUnknown, MediaConnectStateConnected, MediaConnectStateDisconnected
} NDIS_MEDIA_CONNECT_STATE, NET_IF_MEDIA_CONNECT_STATE, *PNDIS_MEDIA_CONNECT_STATE;

typedef enum _NDIS_MEDIA_DUPLEX_STATE {
    MediaDuplexStateUnknown, MediaDuplexStateHalf, MediaDuplexStateFull
} NDIS_MEDIA_DUPLEX_STATE, NET_IF_MEDIA_DUPLEX_STATE, *PNDIS_MEDIA_DUPLEX_STATE;

typedef enum _NDIS_SUPPORTED_PAUSE_FUNCTIONS_ENUM {
    NdisPauseFunctionsUnsupported, NdisPauseFunctionsSendOnly, NdisPauseFunctionsReceiveOnly,
    NdisPauseFunctionsSendAndReceive, NdisPauseFunctionsUnknown
} NDIS_SUPPORTED_PAUSE_FUNCTIONS_ENUM;

typedef enum _NDIS_REQUEST_TYPE {
    NdisRequestQueryInformation, NdisRequestSetInformation, NdisRequestQueryStatistics, NdisRequestOpen,
    NdisRequestClose, NdisRequestSend, NdisRequestTransferData, NdisRequestReset, NdisRequestGeneric1,
    NdisRequestGeneric2, NdisRequestGeneric3, NdisRequestGeneric4, NdisRequestMethod
} NDIS_REQUEST_TYPE, *PNDIS_REQUEST_TYPE;

typedef enum _NDIS_PARAMETER_TYPE {
    NdisParameterInteger, NdisParameterHexInteger, NdisParameterString, NdisParameterMultiString, NdisParameterBinary
} NDIS_PARAMETER_TYPE, *PNDIS_PARAMETER_TYPE;

typedef enum _NDIS_HALT_ACTION {
    NdisHaltDeviceDisabled, NdisHaltDeviceInstanceDeInitialized, NdisHaltDevicePoweredDown,
    NdisHaltDeviceSurpriseRemoved, NdisHaltDeviceFailed, NdisHaltDeviceInitializationFailed, NdisHaltDeviceStopped
} NDIS_HALT_ACTION, *PNDIS_HALT_ACTION;

typedef enum _NDIS_SHUTDOWN_ACTION { NdisShutdownPowerOff, NdisShutdownBugCheck } NDIS_SHUTDOWN_ACTION, *PNDIS_SHUTDOWN_ACTION;

typedef enum _NDIS_DEVICE_POWER_STATE {
    NdisDeviceStateUnspecified = 0, NdisDeviceStateD0, NdisDeviceStateD1, NdisDeviceStateD2, NdisDeviceStateD3,
    NdisDeviceStateMaximum
} NDIS_DEVICE_POWER_STATE, *PNDIS_DEVICE_POWER_STATE;

typedef enum _NET_PNP_EVENT_CODE {
    NetEventSetPower, NetEventQueryPower, NetEventQueryRemoveDevice, NetEventCancelRemoveDevice, NetEventReconfigure,
    NetEventBindList, NetEventBindsComplete, NetEventPnPCapabilities, NetEventPause, NetEventRestart,
    NetEventPortActivation, NetEventPortDeactivation, NetEventIMReEnableDevice, NetEventNDKEnable,
    NetEventNDKDisable, NetEventFilterPreDetach, NetEventBindFailed, NetEventSwitchActivate,
    NetEventAllowBindsAbove, NetEventInhibitBindsAbove, NetEventAllowStartFilter, NetEventRequirePause,
    NetEventUploadGftFlowEntries, NetEventMaximum
} NET_PNP_EVENT_CODE, *PNET_PNP_EVENT_CODE;

typedef enum _NDIS_DEVICE_PNP_EVENT {
    NdisDevicePnPEventQueryRemoved, NdisDevicePnPEventRemoved, NdisDevicePnPEventSurpriseRemoved,
    NdisDevicePnPEventQueryStopped, NdisDevicePnPEventStopped, NdisDevicePnPEventPowerProfileChanged,
    NdisDevicePnPEventFilterListChanged, NdisDevicePnPEventMaximum
} NDIS_DEVICE_PNP_EVENT, *PNDIS_DEVICE_PNP_EVENT;

typedef enum _NDIS_NET_BUFFER_LIST_INFO {
    TcpIpChecksumNetBufferListInfo, TcpOffloadBytesTransferred = TcpIpChecksumNetBufferListInfo,
    IPsecOffloadV1NetBufferListInfo, TcpLargeSendNetBufferListInfo, TcpReceiveNoPush = TcpLargeSendNetBufferListInfo,
    ClassificationHandleNetBufferListInfo, Ieee8021QNetBufferListInfo, NetBufferListCancelId,
    MediaSpecificInformation, NetBufferListFrameType, NetBufferListProtocolId = NetBufferListFrameType,
    NetBufferListHashValue, NetBufferListHashInfo, WfpNetBufferListInfo, IPsecOffloadV2NetBufferListInfo,
    IPsecOffloadV2TunnelNetBufferListInfo, IPsecOffloadV2HeaderNetBufferListInfo, NetBufferListCorrelationId,
    NetBufferListFilteringInfo, MediaSpecificInformationEx, NblOriginalInterfaceIfIndex,
    NblReAuthWfpFlowContext = NblOriginalInterfaceIfIndex, TcpReceiveBytesTransferred, SwitchForwardingReserved,
    SwitchForwardingDetail, VirtualSubnetInfo, IMReserved, TcpRecvSegCoalesceInfo, UdpSegmentationOffloadInfo,
    UdpRecvSegCoalesceInfo, MaxNetBufferListInfo
} NDIS_NET_BUFFER_LIST_INFO, *PNDIS_NET_BUFFER_LIST_INFO;

typedef struct _NDIS_SPIN_LOCK {
    KSPIN_LOCK SpinLock;
    KIRQL OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

typedef struct _NDIS_EVENT {
    KEVENT Event;
} NDIS_EVENT, *PNDIS_EVENT;

typedef KMUTEX NDIS_MUTEX, *PNDIS_MUTEX;
#define NDIS_INIT_MUTEX(_M)        KeInitializeMutex(_M, 0xFFFF)
#define NDIS_RELEASE_MUTEX(_M)     KeReleaseMutex(_M, FALSE)
#define NDIS_WAIT_FOR_MUTEX(_M)    KeWaitForSingleObject(_M, Executive, KernelMode, FALSE, NULL)

#define NDIS_STRING_CONST(x) { sizeof(L##x) - 2, sizeof(L##x), L##x }
#define NDIS_DECLARE_MINIPORT_DRIVER_CONTEXT(_type_)  typedef _type_ NDIS_MINIPORT_DRIVER_CONTEXT_##_type_
#define NDIS_DECLARE_MINIPORT_ADAPTER_CONTEXT(_type_) typedef _type_ NDIS_MINIPORT_ADAPTER_CONTEXT_##_type_
#define NDIS_DECLARE_PROTOCOL_DRIVER_CONTEXT(_type_)  typedef _type_ NDIS_PROTOCOL_DRIVER_CONTEXT_##_type_
#define NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(_type_)    typedef _type_ NDIS_PROTOCOL_OPEN_CONTEXT_##_type_
#define NDIS_DECLARE_FILTER_DRIVER_CONTEXT(_type_)    typedef _type_ NDIS_FILTER_DRIVER_CONTEXT_##_type_
#define NDIS_DECLARE_FILTER_MODULE_CONTEXT(_type_)    typedef _type_ NDIS_FILTER_MODULE_CONTEXT_##_type_
#define NDIS_DECLARE_CO_PROTOCOL_CONTEXT(_type_)      typedef _type_ NDIS_CO_PROTOCOL_CONTEXT_##_type_
#define NDIS_INIT_FUNCTION(_F)
#define NDIS_PAGEABLE_FUNCTION(_F)
`;
