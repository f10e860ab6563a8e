/*++

Module Name:

    miniport.c

Abstract:

    The upper edge of TUNMUX: the virtual miniport NDIS starts above each
    lower binding. OIDs are forwarded to the lower adapter; sends go down as
    clones.

Environment:

    Kernel mode.

--*/

#include "mux.h"

static NDIS_OID MuxSupportedOids[] =
{
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_LINK_SPEED,
    OID_GEN_TRANSMIT_BLOCK_SIZE,
    OID_GEN_RECEIVE_BLOCK_SIZE,
    OID_GEN_VENDOR_ID,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_MEDIA_CONNECT_STATUS,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_GEN_STATISTICS,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
    OID_PNP_CAPABILITIES,
    OID_PNP_QUERY_POWER,
    OID_PNP_SET_POWER,
};

_Use_decl_annotations_
NDIS_STATUS
MuxMpInitialize(
    NDIS_HANDLE                     MiniportAdapterHandle,
    NDIS_HANDLE                     MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS  MiniportInitParameters
    )
/*++

Routine Description:

    NDIS starts the virtual miniport that MuxBindAdapter asked for with
    NdisIMInitializeDeviceInstanceEx; the VELAN it passed comes back as
    IMDeviceInstanceContext. Registration attributes first, then general
    attributes, as NDIS requires.

--*/
{
    NDIS_STATUS                                     Status;
    PVELAN                                          VElan;
    PADAPT                                          Adapt;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES   RegistrationAttributes;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES        GeneralAttributes;

    UNREFERENCED_PARAMETER(MiniportDriverContext);

    VElan = (PVELAN)MiniportInitParameters->IMDeviceInstanceContext;
    Adapt = VElan->Adapt;

    DEBUGP(("TUNMUX: ==> MuxMpInitialize %p, ifIndex %u\n", VElan, MiniportInitParameters->IfIndex));

    NdisZeroMemory(&RegistrationAttributes, sizeof(RegistrationAttributes));
    RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    RegistrationAttributes.MiniportAdapterContext = (NDIS_HANDLE)VElan;
    RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    RegistrationAttributes.CheckForHangTimeInSeconds = 0;
    RegistrationAttributes.InterfaceType = NdisInterfaceInternal;

    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&RegistrationAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

    NdisZeroMemory(&GeneralAttributes, sizeof(GeneralAttributes));
    GeneralAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    GeneralAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    GeneralAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    GeneralAttributes.MediaType = NdisMedium802_3;
    GeneralAttributes.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    GeneralAttributes.MtuSize = Adapt->MtuSize;
    GeneralAttributes.MaxXmitLinkSpeed = Adapt->MaxLinkSpeed;
    GeneralAttributes.MaxRcvLinkSpeed = Adapt->MaxLinkSpeed;
    GeneralAttributes.XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
    GeneralAttributes.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
    GeneralAttributes.MediaConnectState = MediaConnectStateUnknown;
    GeneralAttributes.MediaDuplexState = MediaDuplexStateUnknown;
    GeneralAttributes.LookaheadSize = Adapt->LookaheadSize;
    GeneralAttributes.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                                   NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                                   NDIS_MAC_OPTION_NO_LOOPBACK;
    GeneralAttributes.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED |
                                               NDIS_PACKET_TYPE_MULTICAST |
                                               NDIS_PACKET_TYPE_ALL_MULTICAST |
                                               NDIS_PACKET_TYPE_BROADCAST |
                                               NDIS_PACKET_TYPE_PROMISCUOUS;
    GeneralAttributes.MaxMulticastListSize = MUX_MAX_MULTICAST;
    GeneralAttributes.MacAddressLength = MUX_MAC_LENGTH;
    NdisMoveMemory(GeneralAttributes.PermanentMacAddress, Adapt->MacAddress, MUX_MAC_LENGTH);
    NdisMoveMemory(GeneralAttributes.CurrentMacAddress, Adapt->MacAddress, MUX_MAC_LENGTH);
    GeneralAttributes.AccessType = NET_IF_ACCESS_BROADCAST;
    GeneralAttributes.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    GeneralAttributes.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    GeneralAttributes.IfType = IF_TYPE_ETHERNET_CSMACD;
    GeneralAttributes.IfConnectorPresent = FALSE;
    GeneralAttributes.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
                                            NDIS_STATISTICS_RCV_OK_SUPPORTED;
    GeneralAttributes.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    GeneralAttributes.SupportedOidList = MuxSupportedOids;
    GeneralAttributes.SupportedOidListLength = sizeof(MuxSupportedOids);
    GeneralAttributes.PowerManagementCapabilitiesEx = NULL;

    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&GeneralAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

    VElan->MiniportAdapterHandle = MiniportAdapterHandle;

Exit:
    NdisAcquireSpinLock(&Adapt->Lock);
    VElan->InitPending = FALSE;
    VElan->Initialized = (BOOLEAN)(Status == NDIS_STATUS_SUCCESS);
    VElan->MpState = MuxMpPaused;
    NdisReleaseSpinLock(&Adapt->Lock);

    NdisSetEvent(&VElan->InitDoneEvent);

    DEBUGP(("TUNMUX: <== MuxMpInitialize, status 0x%08x\n", Status));
    return Status;
}

_Use_decl_annotations_
VOID
MuxMpHalt(
    NDIS_HANDLE             MiniportAdapterContext,
    NDIS_HALT_ACTION        HaltAction
    )
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;
    PADAPT                  Adapt = VElan->Adapt;

    UNREFERENCED_PARAMETER(HaltAction);

    NdisAcquireSpinLock(&Adapt->Lock);
    ASSERT(VElan->MpState == MuxMpPaused);
    VElan->MpState = MuxMpHalted;
    VElan->Initialized = FALSE;
    NdisReleaseSpinLock(&Adapt->Lock);

    NdisSetEvent(&VElan->HaltEvent);
}

_Use_decl_annotations_
NDIS_STATUS
MuxMpPause(
    NDIS_HANDLE                     MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters
    )
/*++

Routine Description:

    A pause cannot fail. It completes at once when nothing is in flight;
    otherwise the last send completion or receive return completes it
    (MuxCheckPauseComplete).

--*/
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;
    PADAPT                  Adapt = VElan->Adapt;
    NDIS_STATUS             Status = NDIS_STATUS_PENDING;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&Adapt->Lock);
    VElan->MpState = MuxMpPausing;
    if (Adapt->SendsInFlight == 0 && Adapt->ReceivesUp == 0)
    {
        VElan->MpState = MuxMpPaused;
        Status = NDIS_STATUS_SUCCESS;
    }
    NdisReleaseSpinLock(&Adapt->Lock);

    return Status;
}

_Use_decl_annotations_
VOID
MuxCheckPauseComplete(
    PVELAN                  VElan
    )
{
    PADAPT                  Adapt = VElan->Adapt;
    BOOLEAN                 Complete = FALSE;

    NdisAcquireSpinLock(&Adapt->Lock);
    if (VElan->MpState == MuxMpPausing && Adapt->SendsInFlight == 0 && Adapt->ReceivesUp == 0)
    {
        VElan->MpState = MuxMpPaused;
        Complete = TRUE;
    }
    NdisReleaseSpinLock(&Adapt->Lock);

    if (Complete)
    {
        NdisMPauseComplete(VElan->MiniportAdapterHandle);
    }
}

_Use_decl_annotations_
NDIS_STATUS
MuxMpRestart(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS   RestartParameters
    )
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;
    PADAPT                  Adapt = VElan->Adapt;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&Adapt->Lock);
    VElan->MpState = MuxMpRunning;
    NdisReleaseSpinLock(&Adapt->Lock);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MuxMpOidRequest(
    NDIS_HANDLE             MiniportAdapterContext,
    PNDIS_OID_REQUEST       NdisRequest
    )
/*++

Routine Description:

    Power OIDs are answered here (the virtual miniport has no hardware);
    everything else is forwarded to the lower adapter. NDIS sends one OID
    at a time to a miniport, so one forwarding buffer per VELAN is enough.

--*/
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;
    PADAPT                  Adapt = VElan->Adapt;
    PNDIS_OID_REQUEST       LowerRequest = &VElan->LowerRequest;
    NDIS_STATUS             Status;

    if (NdisRequest->RequestType == NdisRequestSetInformation &&
        NdisRequest->DATA.SET_INFORMATION.Oid == OID_PNP_SET_POWER)
    {
        NdisRequest->DATA.SET_INFORMATION.BytesRead = sizeof(NDIS_DEVICE_POWER_STATE);
        return NDIS_STATUS_SUCCESS;
    }

    if (NdisRequest->RequestType == NdisRequestQueryInformation &&
        NdisRequest->DATA.QUERY_INFORMATION.Oid == OID_PNP_QUERY_POWER)
    {
        return NDIS_STATUS_SUCCESS;
    }

    NdisAcquireSpinLock(&Adapt->Lock);
    ASSERT(VElan->PendingRequest == NULL);
    VElan->PendingRequest = NdisRequest;
    NdisReleaseSpinLock(&Adapt->Lock);

    NdisZeroMemory(LowerRequest, sizeof(NDIS_OID_REQUEST));
    LowerRequest->Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    LowerRequest->Header.Revision = NDIS_OID_REQUEST_REVISION_1;
    LowerRequest->Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
    LowerRequest->RequestType = NdisRequest->RequestType;
    LowerRequest->PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    LowerRequest->Timeout = NdisRequest->Timeout;
    LowerRequest->RequestId = NdisRequest->RequestId;
    NdisMoveMemory(&LowerRequest->DATA, &NdisRequest->DATA, sizeof(NdisRequest->DATA));

    Status = NdisOidRequest(Adapt->BindingHandle, LowerRequest);
    if (Status != NDIS_STATUS_PENDING)
    {
        //
        // Completed synchronously: hand the status straight back to NDIS.
        //
        MuxCompleteForwardedRequest(VElan, Status, FALSE);
    }

    return Status;
}

_Use_decl_annotations_
VOID
MuxCompleteForwardedRequest(
    PVELAN                  VElan,
    NDIS_STATUS             Status,
    BOOLEAN                 Indicate
    )
{
    PADAPT                  Adapt = VElan->Adapt;
    PNDIS_OID_REQUEST       Request;

    NdisAcquireSpinLock(&Adapt->Lock);
    Request = VElan->PendingRequest;
    VElan->PendingRequest = NULL;
    NdisReleaseSpinLock(&Adapt->Lock);

    ASSERT(Request != NULL);

    //
    // The lower request used the caller's buffers; copy back the byte counts.
    //
    NdisMoveMemory(&Request->DATA, &VElan->LowerRequest.DATA, sizeof(Request->DATA));

    if (Indicate)
    {
        NdisMOidRequestComplete(VElan->MiniportAdapterHandle, Request, Status);
    }
}

_Use_decl_annotations_
VOID
MuxMpCancelOidRequest(
    NDIS_HANDLE             MiniportAdapterContext,
    PVOID                   RequestId
    )
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;

    //
    // A forwarded request is owned by the lower adapter; it completes or
    // fails there, and MuxOidRequestComplete finishes it here.
    //
    UNREFERENCED_PARAMETER(VElan);
    UNREFERENCED_PARAMETER(RequestId);
}

_Use_decl_annotations_
VOID
MuxMpSendNetBufferLists(
    NDIS_HANDLE             MiniportAdapterContext,
    PNET_BUFFER_LIST        NetBufferLists,
    NDIS_PORT_NUMBER        PortNumber,
    ULONG                   SendFlags
    )
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;
    PADAPT                  Adapt = VElan->Adapt;
    ULONG                   CompleteFlags = 0;
    PNET_BUFFER_LIST        NetBufferList;
    PNET_BUFFER_LIST        Next;
    PNET_BUFFER_LIST        Clone;
    PNET_BUFFER_LIST        CloneHead = NULL;
    PNET_BUFFER_LIST        *CloneTail = &CloneHead;
    PNET_BUFFER_LIST        FailHead = NULL;
    ULONG                   Clones = 0;
    BOOLEAN                 CanSend = FALSE;

    UNREFERENCED_PARAMETER(PortNumber);

    if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags))
    {
        NDIS_SET_SEND_COMPLETE_FLAG(CompleteFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }

    for (NetBufferList = NetBufferLists; NetBufferList != NULL; NetBufferList = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(NetBufferList);
        NET_BUFFER_LIST_NEXT_NBL(NetBufferList) = NULL;

        Clone = NdisAllocateCloneNetBufferList(NetBufferList, Adapt->NblPool, NULL, 0);
        if (Clone == NULL)
        {
            NET_BUFFER_LIST_STATUS(NetBufferList) = NDIS_STATUS_RESOURCES;
            NET_BUFFER_LIST_NEXT_NBL(NetBufferList) = FailHead;
            FailHead = NetBufferList;
            continue;
        }

        Clone->ParentNetBufferList = NetBufferList;
        Clone->SourceHandle = Adapt->BindingHandle;
        NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(Clone, NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(NetBufferList));
        *CloneTail = Clone;
        CloneTail = &NET_BUFFER_LIST_NEXT_NBL(Clone);
        Clones++;
    }

    if (CloneHead != NULL)
    {
        //
        // Decide and count under one lock, so neither edge can finish a
        // pause between the check and the send.
        //
        NdisAcquireSpinLock(&Adapt->Lock);
        CanSend = (VElan->MpState == MuxMpRunning && Adapt->LowerState == MuxBindRunning);
        if (CanSend)
        {
            Adapt->SendsInFlight += Clones;
        }
        NdisReleaseSpinLock(&Adapt->Lock);

        if (CanSend)
        {
            NdisSendNetBufferLists(Adapt->BindingHandle, CloneHead, NDIS_DEFAULT_PORT_NUMBER, SendFlags);
        }
        else
        {
            for (Clone = CloneHead; Clone != NULL; Clone = Next)
            {
                Next = NET_BUFFER_LIST_NEXT_NBL(Clone);
                NetBufferList = Clone->ParentNetBufferList;
                NdisFreeCloneNetBufferList(Clone, 0);

                NET_BUFFER_LIST_STATUS(NetBufferList) = NDIS_STATUS_PAUSED;
                NET_BUFFER_LIST_NEXT_NBL(NetBufferList) = FailHead;
                FailHead = NetBufferList;
            }
        }
    }

    if (FailHead != NULL)
    {
        NdisMSendNetBufferListsComplete(VElan->MiniportAdapterHandle, FailHead, CompleteFlags);
    }
}

_Use_decl_annotations_
VOID
MuxMpReturnNetBufferLists(
    NDIS_HANDLE             MiniportAdapterContext,
    PNET_BUFFER_LIST        NetBufferLists,
    ULONG                   ReturnFlags
    )
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;
    PADAPT                  Adapt = VElan->Adapt;
    PNET_BUFFER_LIST        Clone;
    PNET_BUFFER_LIST        Next;
    PNET_BUFFER_LIST        Parent;
    PNET_BUFFER_LIST        ParentHead = NULL;
    ULONG                   Returned = 0;

    for (Clone = NetBufferLists; Clone != NULL; Clone = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(Clone);

        Parent = Clone->ParentNetBufferList;
        NdisFreeCloneNetBufferList(Clone, 0);

        NET_BUFFER_LIST_NEXT_NBL(Parent) = ParentHead;
        ParentHead = Parent;
        Returned++;
    }

    NdisReturnNetBufferLists(Adapt->BindingHandle, ParentHead, ReturnFlags);

    NdisAcquireSpinLock(&Adapt->Lock);
    Adapt->ReceivesUp -= Returned;
    NdisReleaseSpinLock(&Adapt->Lock);

    MuxCheckPauseComplete(VElan);
}

_Use_decl_annotations_
VOID
MuxMpCancelSend(
    NDIS_HANDLE             MiniportAdapterContext,
    PVOID                   CancelId
    )
{
    PVELAN                  VElan = (PVELAN)MiniportAdapterContext;

    //
    // Clones carry their parent's cancel ID; let the lower adapter match it.
    //
    NdisCancelSendNetBufferLists(VElan->Adapt->BindingHandle, CancelId);
}

_Use_decl_annotations_
VOID
MuxMpDevicePnPEventNotify(
    NDIS_HANDLE             MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT   NetDevicePnPEvent
    )
{
    //
    // No hardware: surprise removal and power profile changes need no action.
    //
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID
MuxMpShutdown(
    NDIS_HANDLE             MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION    ShutdownAction
    )
{
    //
    // Nothing to quiesce; this may run at HIGH_LEVEL during a bug check.
    //
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}
