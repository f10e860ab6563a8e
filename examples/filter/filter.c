/*++

Module Name:

    filter.c

Abstract:

    DriverEntry, unload and the control path of the TUNLWF filter: attach,
    detach, pause, restart, PnP and status pass-through, OID pass-through.

Environment:

    Kernel mode only.

--*/

#include "filter.h"

PDRIVER_OBJECT      g_TunLwfDriverObject;
NDIS_HANDLE         g_TunLwfDriverHandle;
NDIS_SPIN_LOCK      g_TunLwfModuleListLock;
LIST_ENTRY          g_TunLwfModuleList;
volatile LONG       g_TunLwfBlockedEtherType;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TunLwfUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
/*++

Routine Description:

    Registers the filter with NDIS, then creates the control device. If the
    device cannot be created the filter is deregistered again before
    DriverEntry fails: NDIS must not keep a filter whose image goes away.

--*/
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;
    BOOLEAN                             FilterRegistered = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    DEBUGP(("TUNLWF: ==> DriverEntry\n"));

    g_TunLwfDriverObject = DriverObject;
    NdisAllocateSpinLock(&g_TunLwfModuleListLock);
    InitializeListHead(&g_TunLwfModuleList);

    NdisZeroMemory(&FChars, sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS));

    FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS680
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
#else
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
#endif

    FChars.MajorNdisVersion = TUNLWF_NDIS_MAJOR_VERSION;
    FChars.MinorNdisVersion = TUNLWF_NDIS_MINOR_VERSION;
    FChars.MajorDriverVersion = TUNLWF_DRIVER_MAJOR_VERSION;
    FChars.MinorDriverVersion = TUNLWF_DRIVER_MINOR_VERSION;
    FChars.Flags = 0;

    NdisInitUnicodeString(&FChars.FriendlyName, TUNLWF_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, TUNLWF_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, TUNLWF_SERVICE_NAME);

    FChars.AttachHandler = TunLwfAttach;
    FChars.DetachHandler = TunLwfDetach;
    FChars.RestartHandler = TunLwfRestart;
    FChars.PauseHandler = TunLwfPause;

    FChars.SendNetBufferListsHandler = TunLwfSendNetBufferLists;
    FChars.SendNetBufferListsCompleteHandler = TunLwfSendNetBufferListsComplete;
    FChars.CancelSendNetBufferListsHandler = TunLwfCancelSendNetBufferLists;
    FChars.ReceiveNetBufferListsHandler = TunLwfReceiveNetBufferLists;
    FChars.ReturnNetBufferListsHandler = TunLwfReturnNetBufferLists;

    FChars.OidRequestHandler = TunLwfOidRequest;
    FChars.OidRequestCompleteHandler = TunLwfOidRequestComplete;
    FChars.CancelOidRequestHandler = TunLwfCancelOidRequest;

    FChars.NetPnPEventHandler = TunLwfNetPnPEvent;
    FChars.StatusHandler = TunLwfStatus;

    //
    // The filter's unload routine is the WDM one. Set it before registering:
    // once NdisFRegisterFilterDriver succeeds, NDIS may attach at any time.
    //
    DriverObject->DriverUnload = TunLwfUnload;

    Status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &FChars,
                                       &g_TunLwfDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNLWF: NdisFRegisterFilterDriver failed, status 0x%08x\n", Status));
        goto Exit;
    }
    FilterRegistered = TRUE;

    Status = TunLwfRegisterDevice();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNLWF: control device not created, status 0x%08x\n", Status));
        goto Exit;
    }

Exit:
    if (Status != NDIS_STATUS_SUCCESS)
    {
        if (FilterRegistered)
        {
            NdisFDeregisterFilterDriver(g_TunLwfDriverHandle);
            g_TunLwfDriverHandle = NULL;
        }
        NdisFreeSpinLock(&g_TunLwfModuleListLock);
    }

    DEBUGP(("TUNLWF: <== DriverEntry, status 0x%08x\n", Status));
    return Status;
}

_Use_decl_annotations_
VOID
TunLwfUnload(
    PDRIVER_OBJECT      DriverObject
    )
/*++

Routine Description:

    FilterDriverUnload. NdisFDeregisterFilterDriver pauses and detaches every
    module that is still attached before it returns.

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    DEBUGP(("TUNLWF: ==> TunLwfUnload\n"));

    TunLwfDeregisterDevice();

    NdisFDeregisterFilterDriver(g_TunLwfDriverHandle);
    g_TunLwfDriverHandle = NULL;

    ASSERT(IsListEmpty(&g_TunLwfModuleList));
    NdisFreeSpinLock(&g_TunLwfModuleListLock);

    DEBUGP(("TUNLWF: <== TunLwfUnload\n"));
}

_Use_decl_annotations_
NDIS_STATUS
TunLwfAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
/*++

Routine Description:

    Creates the module context and hands it to NDIS with NdisFSetAttributes.
    The module is Paused when this returns; NDIS restarts it later.

--*/
{
    NDIS_STATUS             Status;
    PTUNLWF_MODULE          Module = NULL;
    NDIS_FILTER_ATTRIBUTES  FilterAttributes;

    DEBUGP(("TUNLWF: ==> TunLwfAttach, miniport ifIndex %u\n",
            AttachParameters->BaseMiniportIfIndex));

    if (FilterDriverContext != (NDIS_HANDLE)g_TunLwfDriverObject)
    {
        Status = NDIS_STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    //
    // The INF restricts TUNLWF to Ethernet; refuse anything else anyway.
    //
    if (AttachParameters->MiniportMediaType != NdisMedium802_3)
    {
        Status = NDIS_STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                               sizeof(TUNLWF_MODULE),
                                               TUNLWF_TAG,
                                               NormalPoolPriority);
    if (Module == NULL)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto Exit;
    }

    NdisZeroMemory(Module, sizeof(TUNLWF_MODULE));
    NdisAllocateSpinLock(&Module->Lock);
    Module->FilterHandle = NdisFilterHandle;
    Module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    Module->State = TunLwfAttaching;

    NdisZeroMemory(&FilterAttributes, sizeof(NDIS_FILTER_ATTRIBUTES));
    FilterAttributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    FilterAttributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    FilterAttributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    FilterAttributes.Flags = 0;

    Status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)Module, &FilterAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNLWF: NdisFSetAttributes failed, status 0x%08x\n", Status));
        goto Exit;
    }

    Module->State = TunLwfPaused;

    NdisAcquireSpinLock(&g_TunLwfModuleListLock);
    InsertTailList(&g_TunLwfModuleList, &Module->Link);
    NdisReleaseSpinLock(&g_TunLwfModuleListLock);

Exit:
    if (Status != NDIS_STATUS_SUCCESS && Module != NULL)
    {
        NdisFreeSpinLock(&Module->Lock);
        NdisFreeMemory(Module, 0, 0);
    }

    DEBUGP(("TUNLWF: <== TunLwfAttach, status 0x%08x\n", Status));
    return Status;
}

_Use_decl_annotations_
VOID
TunLwfDetach(
    NDIS_HANDLE         FilterModuleContext
    )
{
    PTUNLWF_MODULE      Module = (PTUNLWF_MODULE)FilterModuleContext;

    ASSERT(Module->State == TunLwfPaused);

    NdisAcquireSpinLock(&g_TunLwfModuleListLock);
    RemoveEntryList(&Module->Link);
    NdisReleaseSpinLock(&g_TunLwfModuleListLock);

    NdisFreeSpinLock(&Module->Lock);
    NdisFreeMemory(Module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
TunLwfRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PTUNLWF_MODULE      Module = (PTUNLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&Module->Lock);
    ASSERT(Module->State == TunLwfPaused);
    Module->State = TunLwfRunning;
    NdisReleaseSpinLock(&Module->Lock);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunLwfPause(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS   PauseParameters
    )
/*++

Routine Description:

    TUNLWF originates no sends and no receive indications of its own, so
    there is nothing to wait for: the pause completes at once. Traffic that
    arrives after this point is refused by the data path.

--*/
{
    PTUNLWF_MODULE      Module = (PTUNLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&Module->Lock);
    ASSERT(Module->State == TunLwfRunning);
    Module->State = TunLwfPaused;
    NdisReleaseSpinLock(&Module->Lock);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunLwfNetPnPEvent(
    NDIS_HANDLE                 FilterModuleContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PTUNLWF_MODULE              Module = (PTUNLWF_MODULE)FilterModuleContext;

    return NdisFNetPnPEvent(Module->FilterHandle, NetPnPEventNotification);
}

_Use_decl_annotations_
VOID
TunLwfStatus(
    NDIS_HANDLE             FilterModuleContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;

    NdisFIndicateStatus(Module->FilterHandle, StatusIndication);
}

_Use_decl_annotations_
NDIS_STATUS
TunLwfOidRequest(
    NDIS_HANDLE             FilterModuleContext,
    PNDIS_OID_REQUEST       Request
    )
/*++

Routine Description:

    Passes an OID down. A filter must not forward the request it was given,
    so it forwards a clone and completes the original when the clone comes
    back (TunLwfOidRequestComplete).

--*/
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;
    PNDIS_OID_REQUEST       ClonedRequest = NULL;
    NDIS_STATUS             Status;

    Status = NdisAllocateCloneOidRequest(Module->FilterHandle,
                                         Request,
                                         TUNLWF_TAG,
                                         &ClonedRequest);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    TUNLWF_ORIGINAL_REQUEST(ClonedRequest) = Request;
    ClonedRequest->RequestId = Request->RequestId;

    Status = NdisFOidRequest(Module->FilterHandle, ClonedRequest);
    if (Status != NDIS_STATUS_PENDING)
    {
        TunLwfOidRequestComplete(Module, ClonedRequest, Status);
        Status = NDIS_STATUS_PENDING;
    }

    return Status;
}

_Use_decl_annotations_
VOID
TunLwfOidRequestComplete(
    NDIS_HANDLE             FilterModuleContext,
    PNDIS_OID_REQUEST       Request,
    NDIS_STATUS             Status
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;
    PNDIS_OID_REQUEST       OriginalRequest = TUNLWF_ORIGINAL_REQUEST(Request);

    //
    // The clone shares the caller's buffers; copy back what the lower
    // driver reported about them.
    //
    switch (Request->RequestType)
    {
    case NdisRequestMethod:
        OriginalRequest->DATA.METHOD_INFORMATION.OutputBufferLength =
            Request->DATA.METHOD_INFORMATION.OutputBufferLength;
        OriginalRequest->DATA.METHOD_INFORMATION.BytesRead = Request->DATA.METHOD_INFORMATION.BytesRead;
        OriginalRequest->DATA.METHOD_INFORMATION.BytesNeeded = Request->DATA.METHOD_INFORMATION.BytesNeeded;
        OriginalRequest->DATA.METHOD_INFORMATION.BytesWritten = Request->DATA.METHOD_INFORMATION.BytesWritten;
        break;

    case NdisRequestSetInformation:
        OriginalRequest->DATA.SET_INFORMATION.BytesRead = Request->DATA.SET_INFORMATION.BytesRead;
        OriginalRequest->DATA.SET_INFORMATION.BytesNeeded = Request->DATA.SET_INFORMATION.BytesNeeded;
        break;

    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
    default:
        OriginalRequest->DATA.QUERY_INFORMATION.BytesWritten = Request->DATA.QUERY_INFORMATION.BytesWritten;
        OriginalRequest->DATA.QUERY_INFORMATION.BytesNeeded = Request->DATA.QUERY_INFORMATION.BytesNeeded;
        break;
    }

    NdisFreeCloneOidRequest(Module->FilterHandle, Request);
    NdisFOidRequestComplete(Module->FilterHandle, OriginalRequest, Status);
}

_Use_decl_annotations_
VOID
TunLwfCancelOidRequest(
    NDIS_HANDLE             FilterModuleContext,
    PVOID                   RequestId
    )
{
    PTUNLWF_MODULE          Module = (PTUNLWF_MODULE)FilterModuleContext;

    //
    // Clones carry the original RequestId, so the lower driver can match it.
    //
    NdisFCancelOidRequest(Module->FilterHandle, RequestId);
}
