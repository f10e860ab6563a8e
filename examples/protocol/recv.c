/*++

Module Name:

    recv.c

Abstract:

    Receive path and status indications for TUNPROT.

Environment:

    Kernel mode, IRQL <= DISPATCH_LEVEL.

--*/

#include "tunprot.h"

_Use_decl_annotations_
VOID
TunpReceiveNetBufferLists(
    NDIS_HANDLE             ProtocolBindingContext,
    PNET_BUFFER_LIST        NetBufferLists,
    NDIS_PORT_NUMBER        PortNumber,
    ULONG                   NumberOfNetBufferLists,
    ULONG                   ReceiveFlags
    )
/*++

Routine Description:

    Looks at every frame of the indication and reflects tunnel probes. The
    data is copied before the frames go back, so the NBLs are never held past
    this call: they are returned at once, unless the miniport indicated them
    with NDIS_RECEIVE_FLAGS_RESOURCES, in which case it owns them again as
    soon as we return and they must not be returned.

    This routine can run on several processors at the same time.

--*/
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;
    PNET_BUFFER_LIST        NetBufferList;
    PNET_BUFFER             NetBuffer;
    BOOLEAN                 AtDispatchLevel;
    BOOLEAN                 Running;
    ULONG                   ReturnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    AtDispatchLevel = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    if (AtDispatchLevel)
    {
        NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }

    NdisAcquireSpinLock(&Open->Lock);
    Running = (Open->State == TunBindRunning);
    NdisReleaseSpinLock(&Open->Lock);

    if (Running)
    {
        for (NetBufferList = NetBufferLists;
             NetBufferList != NULL;
             NetBufferList = NET_BUFFER_LIST_NEXT_NBL(NetBufferList))
        {
            for (NetBuffer = NET_BUFFER_LIST_FIRST_NB(NetBufferList);
                 NetBuffer != NULL;
                 NetBuffer = NET_BUFFER_NEXT_NB(NetBuffer))
            {
                TunpReflectFrame(Open, NetBuffer, AtDispatchLevel);
            }
        }
    }

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) != 0)
    {
        //
        // The miniport is short of receive buffers and takes these back when
        // we return; the chain is unchanged, so there is nothing to restore.
        //
        return;
    }

    NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists, ReturnFlags);
}

_Use_decl_annotations_
VOID
TunpStatus(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;
    PNDIS_LINK_STATE        LinkState;

    if (StatusIndication->Header.Type != NDIS_OBJECT_TYPE_STATUS_INDICATION)
    {
        return;
    }

    switch (StatusIndication->StatusCode)
    {
    case NDIS_STATUS_LINK_STATE:
        if (StatusIndication->StatusBufferSize < sizeof(NDIS_LINK_STATE))
        {
            break;
        }
        LinkState = (PNDIS_LINK_STATE)StatusIndication->StatusBuffer;
        DEBUGP(DL_INFO, ("binding %p: link %s, %I64u bps\n",
                         Open,
                         LinkState->MediaConnectState == MediaConnectStateConnected ? "up" : "down",
                         LinkState->XmitLinkSpeed));
        break;

    default:
        DEBUGP(DL_VERY_LOUD, ("binding %p: status 0x%08x ignored\n",
                              Open, StatusIndication->StatusCode));
        break;
    }
}
