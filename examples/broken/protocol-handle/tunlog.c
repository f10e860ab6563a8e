/*++

Module Name:

    tunlog.c

Abstract:

    TUNLOG link state logger. See tunlog.h.

--*/

#include "tunlog.h"

NDIS_HANDLE         g_LogProtocolHandle;

static NDIS_MEDIUM  LogMediumArray[] = { NdisMedium802_3 };

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LogUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_HANDLE                             ProtocolHandle;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNLOG");

    UNREFERENCED_PARAMETER(RegistryPath);

    //
    // Every member is set below, so the structure is not zeroed first.
    //
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 30;
    ProtocolChars.MajorDriverVersion = 1;
    ProtocolChars.MinorDriverVersion = 0;
    ProtocolChars.Flags = 0;
    ProtocolChars.Name = Name;
    ProtocolChars.SetOptionsHandler = NULL;
    ProtocolChars.BindAdapterHandlerEx = LogBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = LogUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = LogOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = LogCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = LogNetPnPEvent;
    ProtocolChars.UninstallHandler = NULL;
    ProtocolChars.OidRequestCompleteHandler = LogOidRequestComplete;
    ProtocolChars.StatusHandlerEx = LogStatus;
    ProtocolChars.ReceiveNetBufferListsHandler = LogReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = LogSendNetBufferListsComplete;

    DriverObject->DriverUnload = LogUnload;

    Status = NdisRegisterProtocolDriver(NULL,                               // NDIS109: ProtocolChars was never zeroed (DirectOidRequestCompleteHandler is stack garbage)
                                        &ProtocolChars,
                                        &ProtocolHandle);                   // NDIS203: the handle lands in a local and is never stored in g_LogProtocolHandle
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNLOG: NdisRegisterProtocolDriver failed, status 0x%08x\n", Status));
    }

    return Status;
}

_Use_decl_annotations_
VOID
LogUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisDeregisterProtocolDriver(g_LogProtocolHandle);
    g_LogProtocolHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
LogBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
               PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_STATUS             Status;
    PLOG_OPEN               Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    Open = NdisAllocateMemoryWithTagPriority(g_LogProtocolHandle, sizeof(LOG_OPEN),
                                             TUNLOG_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(LOG_OPEN));
    Open->BindContext = BindContext;
    Open->IfIndex = BindParameters->BoundIfIndex;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = LogMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(LogMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;

    Status = NdisOpenAdapterEx(g_LogProtocolHandle, Open, &OpenParameters,
                               BindContext, &Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
    }
    return Status;
}

_Use_decl_annotations_
VOID
LogOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PLOG_OPEN               Open = (PLOG_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
LogUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PLOG_OPEN               Open = (PLOG_OPEN)ProtocolBindingContext;
    NDIS_STATUS             Status;

    Open->UnbindContext = UnbindContext;

    Status = NdisCloseAdapterEx(Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }

    NdisFreeMemory(Open, 0, 0);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LogCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PLOG_OPEN               Open = (PLOG_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    NdisFreeMemory(Open, 0, 0);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
LogNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    //
    // TUNLOG neither sends nor holds receives: pause and restart need no work.
    //
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LogOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
LogStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    PLOG_OPEN               Open = (PLOG_OPEN)ProtocolBindingContext;
    PNDIS_LINK_STATE        LinkState;

    if (StatusIndication->StatusCode != NDIS_STATUS_LINK_STATE ||
        StatusIndication->StatusBufferSize < sizeof(NDIS_LINK_STATE))
    {
        return;
    }

    LinkState = (PNDIS_LINK_STATE)StatusIndication->StatusBuffer;
    DEBUGP(("TUNLOG: ifIndex %u link %s, %I64u bps\n", Open->IfIndex,
            LinkState->MediaConnectState == MediaConnectStateConnected ? "up" : "down",
            LinkState->XmitLinkSpeed));
}

_Use_decl_annotations_
VOID
LogReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PLOG_OPEN               Open = (PLOG_OPEN)ProtocolBindingContext;
    ULONG                   ReturnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

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
LogSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                              ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
