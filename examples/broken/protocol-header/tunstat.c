/*++

Module Name:

    tunstat.c

Abstract:

    TUNSTAT frame counter protocol. See tunstat.h.

--*/

#include "tunstat.h"

NDIS_HANDLE         g_StatProtocolHandle;

static NDIS_MEDIUM  StatMediumArray[] = { NdisMedium802_3 };

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, StatUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNSTAT");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS;      // NDIS101: a CoNDIS type on connectionless protocol characteristics
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;  // NDIS103: revision 2 needs the revision 2 size
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 3;                                             // NDIS104: NDIS 6.30 is minor 30; there is no NDIS 6.3
    ProtocolChars.MajorDriverVersion = 1;
    ProtocolChars.MinorDriverVersion = 0;
    ProtocolChars.Name = Name;

    ProtocolChars.BindAdapterHandlerEx = StatBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = StatUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = StatOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = StatCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = StatNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = StatOidRequestComplete;
    ProtocolChars.StatusHandler = StatStatus;                                       // NDIS108: protocols have StatusHandlerEx; StatusHandler is a filter member
    ProtocolChars.ReceiveNetBufferListsHandler = StatReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = StatSendNetBufferListsComplete;

    DriverObject->DriverUnload = StatUnload;

    Status = NdisRegisterProtocolDriver(NULL, &ProtocolChars, &g_StatProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNSTAT: NdisRegisterProtocolDriver failed, status 0x%08x\n", Status));
    }

    return Status;
}

_Use_decl_annotations_
VOID
StatUnload(
    PDRIVER_OBJECT      DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisDeregisterProtocolDriver(g_StatProtocolHandle);
    g_StatProtocolHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
StatBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{
    NDIS_STATUS             Status;
    PSTAT_OPEN              Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    Open = NdisAllocateMemoryWithTagPriority(g_StatProtocolHandle, sizeof(STAT_OPEN),
                                             TUNSTAT_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(STAT_OPEN));
    NdisAllocateSpinLock(&Open->Lock);
    Open->BindContext = BindContext;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = StatMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(StatMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;

    Status = NdisOpenAdapterEx(g_StatProtocolHandle, Open, &OpenParameters,
                               BindContext, &Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;     // StatOpenAdapterComplete finishes the bind
    }

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeSpinLock(&Open->Lock);
        NdisFreeMemory(Open, 0, 0);
    }
    return Status;
}

_Use_decl_annotations_
VOID
StatOpenAdapterComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    NDIS_STATUS             Status
    )
{
    PSTAT_OPEN              Open = (PSTAT_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeSpinLock(&Open->Lock);
        NdisFreeMemory(Open, 0, 0);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
StatUnbindAdapter(
    NDIS_HANDLE             UnbindContext,
    NDIS_HANDLE             ProtocolBindingContext
    )
{
    PSTAT_OPEN              Open = (PSTAT_OPEN)ProtocolBindingContext;
    NDIS_STATUS             Status;

    Open->UnbindContext = UnbindContext;

    Status = NdisCloseAdapterEx(Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;     // StatCloseAdapterComplete finishes the unbind
    }

    DEBUGP(("TUNSTAT: %I64u frames, %I64u bytes\n", Open->Frames, Open->Bytes));
    NdisFreeSpinLock(&Open->Lock);
    NdisFreeMemory(Open, 0, 0);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
StatCloseAdapterComplete(
    NDIS_HANDLE             ProtocolBindingContext
    )
{
    PSTAT_OPEN              Open = (PSTAT_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    NdisFreeSpinLock(&Open->Lock);
    NdisFreeMemory(Open, 0, 0);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
StatNetPnPEvent(
    NDIS_HANDLE                 ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PSTAT_OPEN                  Open = (PSTAT_OPEN)ProtocolBindingContext;

    if (Open == NULL)
    {
        return NDIS_STATUS_SUCCESS;
    }

    switch (NetPnPEventNotification->NetPnPEvent.NetEvent)
    {
    case NetEventPause:
        NdisAcquireSpinLock(&Open->Lock);
        Open->Running = FALSE;
        NdisReleaseSpinLock(&Open->Lock);
        break;

    case NetEventRestart:
        NdisAcquireSpinLock(&Open->Lock);
        Open->Running = TRUE;
        NdisReleaseSpinLock(&Open->Lock);
        break;

    default:
        break;
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
StatOidRequestComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_OID_REQUEST       OidRequest,
    NDIS_STATUS             Status
    )
{
    //
    // TUNSTAT issues no OID requests.
    //
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
StatStatus(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);

    DEBUGP(("TUNSTAT: status 0x%08x\n", StatusIndication->StatusCode));
}

_Use_decl_annotations_
VOID
StatReceiveNetBufferLists(
    NDIS_HANDLE             ProtocolBindingContext,
    PNET_BUFFER_LIST        NetBufferLists,
    NDIS_PORT_NUMBER        PortNumber,
    ULONG                   NumberOfNetBufferLists,
    ULONG                   ReceiveFlags
    )
{
    PSTAT_OPEN              Open = (PSTAT_OPEN)ProtocolBindingContext;
    PNET_BUFFER_LIST        NetBufferList;
    PNET_BUFFER             NetBuffer;
    ULONG                   ReturnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    NdisAcquireSpinLock(&Open->Lock);
    if (Open->Running)
    {
        for (NetBufferList = NetBufferLists; NetBufferList != NULL;
             NetBufferList = NET_BUFFER_LIST_NEXT_NBL(NetBufferList))
        {
            for (NetBuffer = NET_BUFFER_LIST_FIRST_NB(NetBufferList); NetBuffer != NULL;
                 NetBuffer = NET_BUFFER_NEXT_NB(NetBuffer))
            {
                Open->Frames++;
                Open->Bytes += NET_BUFFER_DATA_LENGTH(NetBuffer);
            }
        }
    }
    NdisReleaseSpinLock(&Open->Lock);

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) != 0)
    {
        return;
    }

    if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags))
    {
        NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }
    NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists, ReturnFlags);
}

_Use_decl_annotations_
VOID
StatSendNetBufferListsComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    PNET_BUFFER_LIST        NetBufferLists,
    ULONG                   SendCompleteFlags
    )
{
    //
    // TUNSTAT never sends; NDIS requires the handler anyway.
    //
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
