/*++

Module Name:

    bind.c

Abstract:

    Binding management for TUNPROT: bind (open the adapter), unbind (close it)
    and the PnP events NDIS sends to each binding.

Environment:

    Kernel mode only. Everything here runs at PASSIVE_LEVEL.

--*/

#include "tunprot.h"

//
// NdisOpenAdapterEx reads these arrays; they are static so they outlive a
// bind that pends.
//
static NDIS_MEDIUM      TunpMediumArray[] = { NdisMedium802_3 };
static NET_FRAME_TYPE   TunpFrameTypeArray[] = { TUNPROT_ETHERTYPE };

_IRQL_requires_(PASSIVE_LEVEL)
static
PTUN_OPEN
TunpAllocateOpen(
    _In_ PNDIS_BIND_PARAMETERS  BindParameters
    );

static
VOID
TunpFreeOpen(
    _In_ PTUN_OPEN              Open
    );

static
VOID
TunpInsertOpen(
    _In_ PTUN_OPEN              Open
    );

static
VOID
TunpRemoveOpen(
    _In_ PTUN_OPEN              Open
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
TunpFinishOpen(
    _In_ PTUN_OPEN              Open,
    _In_ NDIS_STATUS            OpenStatus
    );

#pragma alloc_text(PAGE, TunpBindAdapter)
#pragma alloc_text(PAGE, TunpAllocateOpen)

_Use_decl_annotations_
NDIS_STATUS
TunpBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
/*++

Routine Description:

    Opens the adapter NDIS offers. When the open pends, the bind pends too and
    TunpOpenAdapterComplete finishes it with NdisCompleteBindAdapterEx.

--*/
{
    NDIS_STATUS             Status;
    PTUN_OPEN               Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    PAGED_CODE();

    DEBUGP(DL_LOUD, ("==> TunpBindAdapter %wZ\n", BindParameters->AdapterName));

    if (BindParameters->Header.Type != NDIS_OBJECT_TYPE_BIND_PARAMETERS ||
        BindParameters->Header.Revision < NDIS_BIND_PARAMETERS_REVISION_1)
    {
        Status = NDIS_STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    if (BindParameters->MediaType != NdisMedium802_3)
    {
        Status = NDIS_STATUS_UNSUPPORTED_MEDIA;
        goto Exit;
    }

    Open = TunpAllocateOpen(BindParameters);
    if (Open == NULL)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto Exit;
    }

    TunpInsertOpen(Open);

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = TunpMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(TunpMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->SelectedMediumIndex;
    OpenParameters.FrameTypeArray = TunpFrameTypeArray;
    OpenParameters.FrameTypeArraySize = RTL_NUMBER_OF(TunpFrameTypeArray);

    Open->BindContext = BindContext;

    Status = NdisOpenAdapterEx(Globals.ProtocolHandle,
                               (NDIS_HANDLE)Open,
                               &OpenParameters,
                               BindContext,
                               &Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        //
        // BindingHandle and SelectedMediumIndex are not valid yet; the
        // completion routine owns Open from here on.
        //
        DEBUGP(DL_INFO, ("open pending for %p\n", Open));
        return NDIS_STATUS_PENDING;
    }

    //
    // TunpFinishOpen frees Open when the open failed.
    //
    Status = TunpFinishOpen(Open, Status);

Exit:
    DEBUGP(DL_LOUD, ("<== TunpBindAdapter, status 0x%08x\n", Status));
    return Status;
}

_Use_decl_annotations_
VOID
TunpOpenAdapterComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    NDIS_STATUS             Status
    )
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    DEBUGP(DL_INFO, ("open of %p completed, status 0x%08x\n", Open, Status));

    Status = TunpFinishOpen(Open, Status);
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
TunpUnbindAdapter(
    NDIS_HANDLE             UnbindContext,
    NDIS_HANDLE             ProtocolBindingContext
    )
/*++

Routine Description:

    NDIS has paused the binding (NetEventPause) before unbinding it, so no
    send of ours is in flight. Turn receives off, then close the adapter.

--*/
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;
    NDIS_STATUS             Status;

    DEBUGP(DL_LOUD, ("==> TunpUnbindAdapter %p\n", Open));

    Status = TunpSetPacketFilter(Open, 0);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(DL_WARN, ("clearing the packet filter failed, status 0x%08x\n", Status));
    }

    NdisAcquireSpinLock(&Open->Lock);
    Open->State = TunBindClosing;
    Open->UnbindContext = UnbindContext;
    NdisReleaseSpinLock(&Open->Lock);

    Status = NdisCloseAdapterEx(Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        //
        // TunpCloseAdapterComplete frees Open and completes the unbind.
        //
        return NDIS_STATUS_PENDING;
    }

    TunpRemoveOpen(Open);
    TunpFreeOpen(Open);

    DEBUGP(DL_LOUD, ("<== TunpUnbindAdapter\n"));
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunpCloseAdapterComplete(
    NDIS_HANDLE             ProtocolBindingContext
    )
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    TunpRemoveOpen(Open);
    TunpFreeOpen(Open);

    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
TunpNetPnPEvent(
    NDIS_HANDLE                 ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PTUN_OPEN                   Open = (PTUN_OPEN)ProtocolBindingContext;
    NDIS_STATUS                 Status = NDIS_STATUS_SUCCESS;

    switch (NetPnPEventNotification->NetPnPEvent.NetEvent)
    {
    case NetEventPause:
        //
        // A pause cannot fail: refuse new sends, wait for the ones in flight.
        //
        ASSERT(Open != NULL);
        TunpWaitForPendingSends(Open);
        break;

    case NetEventRestart:
        ASSERT(Open != NULL);

        NdisAcquireSpinLock(&Open->Lock);
        Open->State = TunBindRestarting;
        NdisReleaseSpinLock(&Open->Lock);

        Status = TunpSetPacketFilter(Open, TUNPROT_PACKET_FILTER);

        NdisAcquireSpinLock(&Open->Lock);
        Open->State = (Status == NDIS_STATUS_SUCCESS) ? TunBindRunning : TunBindPaused;
        NdisReleaseSpinLock(&Open->Lock);
        break;

    case NetEventBindsComplete:
        DEBUGP(DL_INFO, ("initial binds complete, %u binding(s)\n", Globals.OpenCount));
        break;

    default:
        break;
    }

    return Status;
}

_Use_decl_annotations_
static
PTUN_OPEN
TunpAllocateOpen(
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{
    PTUN_OPEN                       Open;
    NET_BUFFER_LIST_POOL_PARAMETERS PoolParameters;

    PAGED_CODE();

    Open = NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle,
                                             sizeof(TUN_OPEN),
                                             TUNPROT_TAG,
                                             NormalPoolPriority);
    if (Open == NULL)
    {
        return NULL;
    }

    NdisZeroMemory(Open, sizeof(TUN_OPEN));
    NdisAllocateSpinLock(&Open->Lock);
    NdisInitializeEvent(&Open->SendsDrainedEvent);
    NdisInitializeEvent(&Open->RequestEvent);
    Open->State = TunBindOpening;
    Open->MtuSize = BindParameters->MtuSize;
    Open->BoundIfIndex = BindParameters->BoundIfIndex;

    if (BindParameters->MacAddressLength == TUNPROT_MAC_LENGTH)
    {
        NdisMoveMemory(Open->CurrentAddress,
                       BindParameters->CurrentMacAddress,
                       TUNPROT_MAC_LENGTH);
    }

    NdisZeroMemory(&PoolParameters, sizeof(PoolParameters));
    PoolParameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    PoolParameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
    PoolParameters.fAllocateNetBuffer = TRUE;
    PoolParameters.ContextSize = 0;
    PoolParameters.PoolTag = TUNPROT_TAG;
    PoolParameters.DataSize = 0;

    Open->SendNblPool = NdisAllocateNetBufferListPool(Globals.ProtocolHandle, &PoolParameters);
    if (Open->SendNblPool == NULL)
    {
        TunpFreeOpen(Open);
        return NULL;
    }

    return Open;
}

_Use_decl_annotations_
static
VOID
TunpFreeOpen(
    PTUN_OPEN               Open
    )
{
    if (Open->SendNblPool != NULL)
    {
        NdisFreeNetBufferListPool(Open->SendNblPool);
        Open->SendNblPool = NULL;
    }

    NdisFreeSpinLock(&Open->Lock);
    NdisFreeMemory(Open, 0, 0);
}

_Use_decl_annotations_
static
VOID
TunpInsertOpen(
    PTUN_OPEN               Open
    )
{
    NdisAcquireSpinLock(&Globals.GlobalLock);
    InsertTailList(&Globals.OpenList, &Open->Link);
    Globals.OpenCount++;
    NdisReleaseSpinLock(&Globals.GlobalLock);
}

_Use_decl_annotations_
static
VOID
TunpRemoveOpen(
    PTUN_OPEN               Open
    )
{
    NdisAcquireSpinLock(&Globals.GlobalLock);
    RemoveEntryList(&Open->Link);
    Globals.OpenCount--;
    NdisReleaseSpinLock(&Globals.GlobalLock);
}

_Use_decl_annotations_
static
NDIS_STATUS
TunpFinishOpen(
    PTUN_OPEN               Open,
    NDIS_STATUS             OpenStatus
    )
/*++

Routine Description:

    Common tail of a synchronous and a pended open. On success the binding is
    Paused until NDIS restarts it; on failure Open is unlinked and freed.

--*/
{
    if (OpenStatus != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(DL_WARN, ("open failed, status 0x%08x\n", OpenStatus));
        TunpRemoveOpen(Open);
        TunpFreeOpen(Open);
        return OpenStatus;
    }

    NdisAcquireSpinLock(&Open->Lock);
    Open->State = TunBindPaused;
    Open->BindContext = NULL;
    NdisReleaseSpinLock(&Open->Lock);

    return NDIS_STATUS_SUCCESS;
}
