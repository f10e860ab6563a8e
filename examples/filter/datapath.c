/*++

Module Name:

    datapath.c

Abstract:

    Send and receive paths of the TUNLWF filter. Receives pass straight
    through; sends pass through unless they carry the blocked EtherType.

Environment:

    Kernel mode, IRQL <= DISPATCH_LEVEL.

--*/

#include "filter.h"

#include <pshpack1.h>
typedef struct _TUNLWF_ETH_HEADER
{
    UCHAR       Destination[6];
    UCHAR       Source[6];
    USHORT      EtherType;          // network byte order
} TUNLWF_ETH_HEADER, *PTUNLWF_ETH_HEADER;
#include <poppack.h>

_IRQL_requires_max_(DISPATCH_LEVEL)
static
BOOLEAN
TunLwfIsBlocked(
    _In_ PNET_BUFFER_LIST   NetBufferList,
    _In_ USHORT             BlockedEtherType
    )
/*++

Routine Description:

    TRUE when the first frame of NetBufferList carries BlockedEtherType.
    All NET_BUFFERs of one NBL belong to the same flow, so the first one
    decides for the list.

--*/
{
    TUNLWF_ETH_HEADER       Storage;
    PTUNLWF_ETH_HEADER      Header;
    PNET_BUFFER             NetBuffer = NET_BUFFER_LIST_FIRST_NB(NetBufferList);

    if (NetBuffer == NULL || NET_BUFFER_DATA_LENGTH(NetBuffer) < sizeof(TUNLWF_ETH_HEADER))
    {
        return FALSE;
    }

    Header = NdisGetDataBuffer(NetBuffer, sizeof(TUNLWF_ETH_HEADER), &Storage, 1, 0);
    if (Header == NULL)
    {
        return FALSE;
    }

    return (BOOLEAN)(RtlUshortByteSwap(Header->EtherType) == BlockedEtherType);
}

_Use_decl_annotations_
VOID
TunLwfSendNetBufferLists(
    NDIS_HANDLE             FilterModuleContext,
    PNET_BUFFER_LIST        NetBufferLists,
    NDIS_PORT_NUMBER        PortNumber,
    ULONG                   SendFlags
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;
    BOOLEAN                 AtDispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    ULONG                   CompleteFlags = 0;
    USHORT                  BlockedEtherType;
    PNET_BUFFER_LIST        NetBufferList;
    PNET_BUFFER_LIST        Next;
    PNET_BUFFER_LIST        PassHead = NULL;
    PNET_BUFFER_LIST        *PassTail = &PassHead;
    PNET_BUFFER_LIST        DropHead = NULL;
    PNET_BUFFER_LIST        *DropTail = &DropHead;
    TUNLWF_STATE            State;

    if (AtDispatch)
    {
        NDIS_SET_SEND_COMPLETE_FLAG(CompleteFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }

    TUNLWF_ACQUIRE_LOCK(&Module->Lock, AtDispatch);
    State = Module->State;
    TUNLWF_RELEASE_LOCK(&Module->Lock, AtDispatch);

    if (State != TunLwfRunning && State != TunLwfPausing)
    {
        //
        // Paused or restarting: fail every send at once.
        //
        for (NetBufferList = NetBufferLists;
             NetBufferList != NULL;
             NetBufferList = NET_BUFFER_LIST_NEXT_NBL(NetBufferList))
        {
            NET_BUFFER_LIST_STATUS(NetBufferList) = NDIS_STATUS_PAUSED;
        }
        NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, CompleteFlags);
        return;
    }

    BlockedEtherType = (USHORT)g_TunLwfBlockedEtherType;
    if (BlockedEtherType == 0)
    {
        InterlockedIncrement64(&Module->SendsPassed);
        NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
        return;
    }

    for (NetBufferList = NetBufferLists; NetBufferList != NULL; NetBufferList = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(NetBufferList);
        NET_BUFFER_LIST_NEXT_NBL(NetBufferList) = NULL;

        if (TunLwfIsBlocked(NetBufferList, BlockedEtherType))
        {
            NET_BUFFER_LIST_STATUS(NetBufferList) = NDIS_STATUS_FAILURE;
            *DropTail = NetBufferList;
            DropTail = &NET_BUFFER_LIST_NEXT_NBL(NetBufferList);
            InterlockedIncrement64(&Module->SendsBlocked);
        }
        else
        {
            *PassTail = NetBufferList;
            PassTail = &NET_BUFFER_LIST_NEXT_NBL(NetBufferList);
            InterlockedIncrement64(&Module->SendsPassed);
        }
    }

    if (PassHead != NULL)
    {
        NdisFSendNetBufferLists(Module->FilterHandle, PassHead, PortNumber, SendFlags);
    }

    if (DropHead != NULL)
    {
        NdisFSendNetBufferListsComplete(Module->FilterHandle, DropHead, CompleteFlags);
    }
}

_Use_decl_annotations_
VOID
TunLwfSendNetBufferListsComplete(
    NDIS_HANDLE             FilterModuleContext,
    PNET_BUFFER_LIST        NetBufferLists,
    ULONG                   SendCompleteFlags
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;

    //
    // TUNLWF originates no sends, so every completion belongs to a driver
    // above us.
    //
    NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
TunLwfCancelSendNetBufferLists(
    NDIS_HANDLE             FilterModuleContext,
    PVOID                   CancelId
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;

    NdisFCancelSendNetBufferLists(Module->FilterHandle, CancelId);
}

_Use_decl_annotations_
VOID
TunLwfReceiveNetBufferLists(
    NDIS_HANDLE             FilterModuleContext,
    PNET_BUFFER_LIST        NetBufferLists,
    NDIS_PORT_NUMBER        PortNumber,
    ULONG                   NumberOfNetBufferLists,
    ULONG                   ReceiveFlags
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;
    BOOLEAN                 AtDispatch = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    ULONG                   ReturnFlags = 0;
    TUNLWF_STATE            State;

    TUNLWF_ACQUIRE_LOCK(&Module->Lock, AtDispatch);
    State = Module->State;
    TUNLWF_RELEASE_LOCK(&Module->Lock, AtDispatch);

    if (State != TunLwfRunning && State != TunLwfPausing)
    {
        InterlockedIncrement64(&Module->ReceivesReturnedWhilePaused);

        if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) != 0)
        {
            //
            // The miniport reclaims these as soon as we return; handing them
            // back with NdisFReturnNetBufferLists would return them twice.
            //
            return;
        }

        if (AtDispatch)
        {
            NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
        }
        NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
        return;
    }

    InterlockedIncrement64(&Module->ReceivesPassed);
    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

_Use_decl_annotations_
VOID
TunLwfReturnNetBufferLists(
    NDIS_HANDLE             FilterModuleContext,
    PNET_BUFFER_LIST        NetBufferLists,
    ULONG                   ReturnFlags
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;

    //
    // Every indication we pass up is the miniport's; give it back unchanged.
    //
    NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}
