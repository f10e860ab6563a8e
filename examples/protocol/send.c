/*++

Module Name:

    send.c

Abstract:

    Send path for TUNPROT: building a reflected copy of a tunnel probe,
    sending it, and reclaiming it at send-complete.

Environment:

    Kernel mode, IRQL <= DISPATCH_LEVEL unless noted.

--*/

#include "tunprot.h"

static
VOID
TunpFreeSendNetBufferList(
    _In_ PNET_BUFFER_LIST   NetBufferList
    );

_Use_decl_annotations_
VOID
TunpReflectFrame(
    PTUN_OPEN               Open,
    PNET_BUFFER             NetBuffer,
    BOOLEAN                 AtDispatchLevel
    )
/*++

Routine Description:

    If NetBuffer holds a tunnel probe, sends a copy back to its sender.
    Called from the receive path, so it never blocks.

--*/
{
    TUN_ETH_HEADER          HeaderStorage;
    PTUN_ETH_HEADER         Header;
    ULONG                   Length;
    PUCHAR                  Frame = NULL;
    PUCHAR                  Data;
    PMDL                    Mdl = NULL;
    PNET_BUFFER_LIST        NetBufferList = NULL;
    BOOLEAN                 Send = FALSE;
    ULONG                   SendFlags = 0;

    Length = NET_BUFFER_DATA_LENGTH(NetBuffer);
    if (Length < TUNPROT_MIN_FRAME || Length > TUNPROT_MAX_FRAME)
    {
        return;
    }

    Header = NdisGetDataBuffer(NetBuffer, sizeof(TUN_ETH_HEADER), &HeaderStorage, 1, 0);
    if (Header == NULL || Header->EtherType != RtlUshortByteSwap(TUNPROT_ETHERTYPE))
    {
        return;
    }

    Frame = NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle,
                                              Length,
                                              TUNPROT_TAG,
                                              LowPoolPriority);
    if (Frame == NULL)
    {
        goto Drop;
    }

    Data = NdisGetDataBuffer(NetBuffer, Length, Frame, 1, 0);
    if (Data == NULL)
    {
        goto Drop;
    }
    if (Data != Frame)
    {
        NdisMoveMemory(Frame, Data, Length);
    }

    //
    // Back to where it came from, from our own address.
    //
    Header = (PTUN_ETH_HEADER)Frame;
    NdisMoveMemory(Header->Destination, Header->Source, TUNPROT_MAC_LENGTH);
    NdisMoveMemory(Header->Source, Open->CurrentAddress, TUNPROT_MAC_LENGTH);

    Mdl = NdisAllocateMdl(Open->BindingHandle, Frame, Length);
    if (Mdl == NULL)
    {
        goto Drop;
    }

    NetBufferList = NdisAllocateNetBufferAndNetBufferList(Open->SendNblPool, 0, 0, Mdl, 0, Length);
    if (NetBufferList == NULL)
    {
        goto Drop;
    }
    NetBufferList->SourceHandle = Open->BindingHandle;

    NdisAcquireSpinLock(&Open->Lock);
    if (Open->State == TunBindRunning)
    {
        Open->PendingSends++;
        Open->FramesReflected++;
        Send = TRUE;
    }
    NdisReleaseSpinLock(&Open->Lock);

    if (!Send)
    {
        goto Drop;
    }

    if (AtDispatchLevel)
    {
        NDIS_SET_SEND_FLAG(SendFlags, NDIS_SEND_FLAGS_DISPATCH_LEVEL);
    }

    NdisSendNetBufferLists(Open->BindingHandle, NetBufferList, NDIS_DEFAULT_PORT_NUMBER, SendFlags);
    return;

Drop:
    NdisAcquireSpinLock(&Open->Lock);
    Open->FramesDropped++;
    NdisReleaseSpinLock(&Open->Lock);

    if (NetBufferList != NULL)
    {
        NdisFreeNetBufferList(NetBufferList);
    }
    if (Mdl != NULL)
    {
        NdisFreeMdl(Mdl);
    }
    if (Frame != NULL)
    {
        NdisFreeMemory(Frame, 0, 0);
    }
}

_Use_decl_annotations_
VOID
TunpSendNetBufferListsComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    PNET_BUFFER_LIST        NetBufferLists,
    ULONG                   SendCompleteFlags
    )
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;
    PNET_BUFFER_LIST        NetBufferList;
    PNET_BUFFER_LIST        Next;
    ULONG                   Completed = 0;

    UNREFERENCED_PARAMETER(SendCompleteFlags);

    for (NetBufferList = NetBufferLists; NetBufferList != NULL; NetBufferList = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(NetBufferList);
        NET_BUFFER_LIST_NEXT_NBL(NetBufferList) = NULL;

        if (NET_BUFFER_LIST_STATUS(NetBufferList) != NDIS_STATUS_SUCCESS)
        {
            DEBUGP(DL_VERY_LOUD, ("reflected frame failed, status 0x%08x\n",
                                  NET_BUFFER_LIST_STATUS(NetBufferList)));
        }

        TunpFreeSendNetBufferList(NetBufferList);
        Completed++;
    }

    NdisAcquireSpinLock(&Open->Lock);
    ASSERT(Open->PendingSends >= Completed);
    Open->PendingSends -= Completed;
    if (Open->PendingSends == 0 && Open->State == TunBindPausing)
    {
        NdisSetEvent(&Open->SendsDrainedEvent);
    }
    NdisReleaseSpinLock(&Open->Lock);
}

_Use_decl_annotations_
VOID
TunpWaitForPendingSends(
    PTUN_OPEN               Open
    )
/*++

Routine Description:

    Moves the binding to Pausing, waits until every reflected frame has come
    back through TunpSendNetBufferListsComplete, then marks it Paused.
    PASSIVE_LEVEL only: it may block.

--*/
{
    BOOLEAN                 MustWait;

    NdisResetEvent(&Open->SendsDrainedEvent);

    NdisAcquireSpinLock(&Open->Lock);
    Open->State = TunBindPausing;
    MustWait = (Open->PendingSends != 0);
    NdisReleaseSpinLock(&Open->Lock);

    if (MustWait)
    {
        NdisWaitEvent(&Open->SendsDrainedEvent, 0);
    }

    NdisAcquireSpinLock(&Open->Lock);
    Open->State = TunBindPaused;
    NdisReleaseSpinLock(&Open->Lock);
}

_Use_decl_annotations_
static
VOID
TunpFreeSendNetBufferList(
    PNET_BUFFER_LIST        NetBufferList
    )
{
    PMDL                    Mdl;
    PVOID                   Frame;

    Mdl = NET_BUFFER_FIRST_MDL(NET_BUFFER_LIST_FIRST_NB(NetBufferList));
    Frame = MmGetMdlVirtualAddress(Mdl);

    NdisFreeNetBufferList(NetBufferList);
    NdisFreeMdl(Mdl);
    NdisFreeMemory(Frame, 0, 0);
}
