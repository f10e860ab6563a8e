/*++

Module Name:

    tunmedia.c

Abstract:

    TUNMEDIA tunnel frame counter. See tunmedia.h.

--*/

#include "tunmedia.h"

NDIS_HANDLE             g_MediaProtocolHandle;
NDIS_SPIN_LOCK          g_MediaHistoryLock;
LIST_ENTRY              g_MediaHistory;

static NDIS_MEDIUM      MediaMediumArray[] = { NdisMedium802_3 };
static NET_FRAME_TYPE   MediaFrameTypes[] = { TUNMEDIA_ETHERTYPE };

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
MediaOpenLower(
    _In_ PMEDIA_OPEN    Open
    );

static
VOID
MediaRecordBind(
    _In_ PMEDIA_OPEN    Open
    );

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MediaUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNMEDIA");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisAllocateSpinLock(&g_MediaHistoryLock);
    InitializeListHead(&g_MediaHistory);

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 30;
    ProtocolChars.Name = Name;
    ProtocolChars.BindAdapterHandlerEx = MediaBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = MediaUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = MediaOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = MediaCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = MediaNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = MediaOidRequestComplete;
    ProtocolChars.ReceiveNetBufferListsHandler = MediaReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = MediaSendNetBufferListsComplete;

    DriverObject->DriverUnload = MediaUnload;

    Status = NdisRegisterProtocolDriver(NULL, &ProtocolChars, &g_MediaProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeSpinLock(&g_MediaHistoryLock);
    }

    return Status;
}

_Use_decl_annotations_
VOID
MediaUnload(PDRIVER_OBJECT DriverObject)
{
    PLIST_ENTRY             Entry;
    PMEDIA_HISTORY          History;

    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisDeregisterProtocolDriver(g_MediaProtocolHandle);

    //
    // Every binding is gone now; drop the per-adapter history.
    //
    while (!IsListEmpty(&g_MediaHistory))
    {
        Entry = RemoveHeadList(&g_MediaHistory);
        History = CONTAINING_RECORD(Entry, MEDIA_HISTORY, Link);
        NdisFreeMemoryWithTagPriority(g_MediaProtocolHandle, History, TUNMEDIA_TAG);   // NDIS209: g_MediaProtocolHandle was deregistered above
    }

    g_MediaProtocolHandle = NULL;
    NdisFreeSpinLock(&g_MediaHistoryLock);
}

_Use_decl_annotations_
NDIS_STATUS
MediaBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                 PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_STATUS             Status;
    PMEDIA_OPEN             Open;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    if (BindParameters->AdapterName->Length > sizeof(Open->AdapterNameBuffer))
    {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    Open = NdisAllocateMemoryWithTagPriority(g_MediaProtocolHandle, sizeof(MEDIA_OPEN),
                                             TUNMEDIA_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(MEDIA_OPEN));
    Open->BindContext = BindContext;
    Open->IfIndex = BindParameters->BoundIfIndex;

    //
    // Keep the adapter name: a failed open is retried from the completion.
    //
    Open->AdapterName.Buffer = Open->AdapterNameBuffer;
    Open->AdapterName.Length = BindParameters->AdapterName->Length;
    Open->AdapterName.MaximumLength = sizeof(Open->AdapterNameBuffer);
    NdisMoveMemory(Open->AdapterNameBuffer, BindParameters->AdapterName->Buffer,
                   BindParameters->AdapterName->Length);

    Status = MediaOpenLower(Open);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemoryWithTagPriority(g_MediaProtocolHandle, Open, TUNMEDIA_TAG);
        return Status;
    }

    MediaRecordBind(Open);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
static
NDIS_STATUS
MediaOpenLower(PMEDIA_OPEN Open)
{
    NDIS_STATUS             Status;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = &Open->AdapterName;
    OpenParameters.MediumArray = MediaMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(MediaMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;
    OpenParameters.FrameTypeArray = MediaFrameTypes;
    OpenParameters.FrameTypeArraySize = RTL_NUMBER_OF(MediaFrameTypes);

    Status = NdisOpenAdapterEx(g_MediaProtocolHandle, Open, &OpenParameters,   // NDIS212: also reached from MediaOpenAdapterComplete (the retry), outside the bind
                               Open->BindContext, &Open->BindingHandle);
    if (Status != NDIS_STATUS_SUCCESS && Status != NDIS_STATUS_PENDING)
    {
        DEBUGP(("TUNMEDIA: open of %wZ failed, status 0x%08x\n", &Open->AdapterName, Status));
    }

    return Status;
}

_Use_decl_annotations_
VOID
MediaOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PMEDIA_OPEN             Open = (PMEDIA_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status == NDIS_STATUS_RESOURCES && Open->OpenRetries < TUNMEDIA_OPEN_RETRIES)
    {
        //
        // Low memory on the adapter side is usually transient: try again.
        //
        Open->OpenRetries++;
        Status = MediaOpenLower(Open);
        if (Status == NDIS_STATUS_PENDING)
        {
            return;
        }
    }

    if (Status == NDIS_STATUS_SUCCESS)
    {
        MediaRecordBind(Open);
    }
    else
    {
        NdisFreeMemoryWithTagPriority(g_MediaProtocolHandle, Open, TUNMEDIA_TAG);
    }

    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
static
VOID
MediaRecordBind(PMEDIA_OPEN Open)
{
    PMEDIA_HISTORY          History;

    History = NdisAllocateMemoryWithTagPriority(g_MediaProtocolHandle, sizeof(MEDIA_HISTORY),
                                                TUNMEDIA_TAG, LowPoolPriority);
    if (History == NULL)
    {
        return;             // history is best effort
    }

    History->IfIndex = Open->IfIndex;
    History->Binds = 1;

    NdisAcquireSpinLock(&g_MediaHistoryLock);
    InsertTailList(&g_MediaHistory, &History->Link);
    NdisReleaseSpinLock(&g_MediaHistoryLock);
}

_Use_decl_annotations_
NDIS_STATUS
MediaUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PMEDIA_OPEN             Open = (PMEDIA_OPEN)ProtocolBindingContext;
    NDIS_STATUS             Status;

    Open->UnbindContext = UnbindContext;

    Status = NdisCloseAdapterEx(Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }

    NdisFreeMemoryWithTagPriority(g_MediaProtocolHandle, Open, TUNMEDIA_TAG);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MediaCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PMEDIA_OPEN             Open = (PMEDIA_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    NdisFreeMemoryWithTagPriority(g_MediaProtocolHandle, Open, TUNMEDIA_TAG);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
MediaNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MediaOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
MediaReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                           NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PMEDIA_OPEN             Open = (PMEDIA_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);

    //
    // The open asked for the tunnel EtherType only.
    //
    InterlockedAdd64(&Open->TunnelFrames, NumberOfNetBufferLists);

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                     NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

_Use_decl_annotations_
VOID
MediaSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                                ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
