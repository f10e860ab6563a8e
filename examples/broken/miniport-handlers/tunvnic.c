/*++

Module Name:

    tunvnic.c

Abstract:

    TUNVNIC virtual sink adapter. See tunvnic.h.

--*/

#include "tunvnic.h"

NDIS_HANDLE         g_TunvDriverHandle;

static const UCHAR  TunvMacAddress[6] = { 0x02, 0x54, 0x56, 0x4E, 0x49, 0x43 };   // locally administered

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TunvUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    MChars;

    NdisZeroMemory(&MChars, sizeof(MChars));
    MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.MajorNdisVersion = TUNVNIC_NDIS_MAJOR;
    MChars.MinorNdisVersion = TUNVNIC_NDIS_MINOR;
    MChars.MajorDriverVersion = 1;
    MChars.MinorDriverVersion = 4;
    MChars.Flags = NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;             // NDIS110: an adapter attribute flag (0x4), not a driver flag

    MChars.InitializeHandlerEx = TunvInitialize;
    MChars.HaltHandlerEx = TunvHalt;                                        // NDIS107: MINIPORT_HALT takes (context, HaltAction); TunvHalt takes one parameter
    MChars.UnloadHandler = TunvUnload;
    MChars.PauseHandler = TunvPause;
    MChars.RestartHandler = TunvRestart;
    MChars.OidRequestHandler = TunvOidRequest;
    MChars.DirectOidRequestHandler = TunvDirectOidRequest;                  // NDIS106: no CancelDirectOidRequestHandler to pair with it
    MChars.SendNetBufferListsHandler = TunvSendNetBufferLists;
    MChars.ReturnNetBufferListsHandler = TunvReturnNetBufferLists;
    MChars.CancelSendHandler = TunvCancelSend;
    MChars.CheckForHangHandlerEx = TunvCheckForHang;                        // NDIS106: CheckForHang without a ResetHandlerEx
    MChars.DevicePnPEventNotifyHandler = TunvDevicePnPEventNotify;

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &g_TunvDriverHandle);  // NDIS105: ShutdownHandlerEx and CancelOidRequestHandler are missing
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DbgPrint("TUNVNIC: NdisMRegisterMiniportDriver failed, status 0x%08x\n", Status);
    }

    return Status;
}

_Use_decl_annotations_
VOID
TunvUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisMDeregisterMiniportDriver(g_TunvDriverHandle);
    g_TunvDriverHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
TunvInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
               PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_STATUS                                     Status;
    PTUNVNIC_ADAPTER                                Adapter;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES   RegistrationAttributes;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES        GeneralAttributes;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    Adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(TUNVNIC_ADAPTER),
                                                TUNVNIC_TAG, NormalPoolPriority);
    if (Adapter == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Adapter, sizeof(TUNVNIC_ADAPTER));
    NdisAllocateSpinLock(&Adapter->Lock);
    Adapter->AdapterHandle = MiniportAdapterHandle;
    NdisMoveMemory(Adapter->MacAddress, TunvMacAddress, sizeof(TunvMacAddress));

    NdisZeroMemory(&RegistrationAttributes, sizeof(RegistrationAttributes));
    RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    RegistrationAttributes.MiniportAdapterContext = Adapter;
    RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM |
                                            NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    RegistrationAttributes.InterfaceType = NdisInterfaceInternal;

    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&RegistrationAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeSpinLock(&Adapter->Lock);
        NdisFreeMemory(Adapter, 0, 0);
        return Status;
    }

    NdisZeroMemory(&GeneralAttributes, sizeof(GeneralAttributes));
    GeneralAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    GeneralAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    GeneralAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    GeneralAttributes.MediaType = NdisMedium802_3;
    GeneralAttributes.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    GeneralAttributes.MtuSize = TUNVNIC_MTU;
    GeneralAttributes.MaxXmitLinkSpeed = TUNVNIC_LINK_SPEED;
    GeneralAttributes.XmitLinkSpeed = TUNVNIC_LINK_SPEED;
    GeneralAttributes.MaxRcvLinkSpeed = TUNVNIC_LINK_SPEED;
    GeneralAttributes.RcvLinkSpeed = TUNVNIC_LINK_SPEED;
    GeneralAttributes.MediaConnectState = MediaConnectStateConnected;
    GeneralAttributes.MediaDuplexState = MediaDuplexStateFull;
    GeneralAttributes.LookaheadSize = TUNVNIC_MTU;
    GeneralAttributes.MacOptions = NDIS_MAC_OPTION_NO_LOOPBACK;
    GeneralAttributes.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
                                               NDIS_PACKET_TYPE_MULTICAST | NDIS_PACKET_TYPE_PROMISCUOUS;
    GeneralAttributes.MaxMulticastListSize = 32;
    GeneralAttributes.MacAddressLength = 6;
    NdisMoveMemory(GeneralAttributes.PermanentMacAddress, Adapter->MacAddress, 6);
    NdisMoveMemory(GeneralAttributes.CurrentMacAddress, Adapter->MacAddress, 6);
    GeneralAttributes.AccessType = NET_IF_ACCESS_BROADCAST;
    GeneralAttributes.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    GeneralAttributes.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    GeneralAttributes.IfType = IF_TYPE_ETHERNET_CSMACD;
    GeneralAttributes.IfConnectorPresent = FALSE;
    GeneralAttributes.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED;
    GeneralAttributes.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;

    NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&GeneralAttributes);  // NDIS202: status discarded; a rejected revision goes unnoticed

    return NDIS_STATUS_SUCCESS;
}

VOID
TunvHalt(
    _In_ NDIS_HANDLE    MiniportAdapterContext
    )
{
    PTUNVNIC_ADAPTER    Adapter = (PTUNVNIC_ADAPTER)MiniportAdapterContext;

    NdisFreeSpinLock(&Adapter->Lock);
    NdisFreeMemory(Adapter, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
TunvPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    PTUNVNIC_ADAPTER    Adapter = (PTUNVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    //
    // Sends complete inline and nothing is ever indicated: nothing to drain.
    //
    NdisAcquireSpinLock(&Adapter->Lock);
    Adapter->Running = FALSE;
    NdisReleaseSpinLock(&Adapter->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunvRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    PTUNVNIC_ADAPTER    Adapter = (PTUNVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&Adapter->Lock);
    Adapter->Running = TRUE;
    NdisReleaseSpinLock(&Adapter->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunvOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    PTUNVNIC_ADAPTER    Adapter = (PTUNVNIC_ADAPTER)MiniportAdapterContext;

    if (NdisRequest->RequestType != NdisRequestSetInformation)
    {
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    switch (NdisRequest->DATA.SET_INFORMATION.Oid)
    {
    case OID_GEN_CURRENT_PACKET_FILTER:
        if (NdisRequest->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG))
        {
            NdisRequest->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        Adapter->PacketFilter = *(PULONG)NdisRequest->DATA.SET_INFORMATION.InformationBuffer;
        NdisRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_GEN_CURRENT_LOOKAHEAD:
    case OID_802_3_MULTICAST_LIST:
        NdisRequest->DATA.SET_INFORMATION.BytesRead = NdisRequest->DATA.SET_INFORMATION.InformationBufferLength;
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

_Use_decl_annotations_
NDIS_STATUS
TunvDirectOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisRequest);

    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
TunvSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PTUNVNIC_ADAPTER    Adapter = (PTUNVNIC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    NetBufferList;
    NDIS_STATUS         Status;
    ULONG               CompleteFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    NdisAcquireSpinLock(&Adapter->Lock);
    Status = Adapter->Running ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
    for (NetBufferList = NetBufferLists; NetBufferList != NULL;
         NetBufferList = NET_BUFFER_LIST_NEXT_NBL(NetBufferList))
    {
        NET_BUFFER_LIST_STATUS(NetBufferList) = Status;
        if (Status == NDIS_STATUS_SUCCESS)
        {
            Adapter->FramesSunk++;
        }
    }
    NdisReleaseSpinLock(&Adapter->Lock);

    if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags))
    {
        NDIS_SET_SEND_COMPLETE_FLAG(CompleteFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }
    NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists, CompleteFlags);
}

_Use_decl_annotations_
VOID
TunvReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                         ULONG ReturnFlags)
{
    //
    // TUNVNIC indicates no receives, so nothing ever comes back.
    //
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID
TunvCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    //
    // Sends never pend.
    //
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
BOOLEAN
TunvCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);

    return FALSE;
}

_Use_decl_annotations_
VOID
TunvDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}
