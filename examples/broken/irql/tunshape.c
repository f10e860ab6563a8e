/*++

Module Name:

    tunshape.c

Abstract:

    TUNSHAPE filter. See tunshape.h. Send completion and receive return are
    left to NDIS (bypass); sends and receives are looked at on the way.

--*/

#include "tunshape.h"

PDRIVER_OBJECT      g_ShapeDriverObject;
NDIS_HANDLE         g_ShapeDriverHandle;
NDIS_SPIN_LOCK      g_ShapeModuleListLock;
LIST_ENTRY          g_ShapeModuleList;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ShapeUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_ShapeDriverObject = DriverObject;
    NdisAllocateSpinLock(&g_ShapeModuleListLock);
    InitializeListHead(&g_ShapeModuleList);

    NdisZeroMemory(&FChars, sizeof(FChars));
    FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.MajorNdisVersion = 6;
    FChars.MinorNdisVersion = 30;
    FChars.MajorDriverVersion = 0;
    FChars.MinorDriverVersion = 9;
    NdisInitUnicodeString(&FChars.FriendlyName, TUNSHAPE_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, TUNSHAPE_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, TUNSHAPE_SERVICE_NAME);
    FChars.AttachHandler = ShapeAttach;
    FChars.DetachHandler = ShapeDetach;
    FChars.RestartHandler = ShapeRestart;
    FChars.PauseHandler = ShapePause;
    FChars.OidRequestHandler = ShapeOidRequest;
    FChars.OidRequestCompleteHandler = ShapeOidRequestComplete;
    FChars.SendNetBufferListsHandler = ShapeSendNetBufferLists;
    FChars.ReceiveNetBufferListsHandler = ShapeReceiveNetBufferLists;

    DriverObject->DriverUnload = ShapeUnload;

    Status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &g_ShapeDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeSpinLock(&g_ShapeModuleListLock);
    }

    return Status;
}

_Use_decl_annotations_
VOID
ShapeUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisFDeregisterFilterDriver(g_ShapeDriverHandle);
    g_ShapeDriverHandle = NULL;
    NdisFreeSpinLock(&g_ShapeModuleListLock);
}

_Use_decl_annotations_
NDIS_STATUS
ShapeAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
            PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_STATUS             Status;
    PSHAPE_MODULE           Module;
    NDIS_FILTER_ATTRIBUTES  FilterAttributes;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(SHAPE_MODULE),
                                               TUNSHAPE_TAG, NormalPoolPriority);
    if (Module == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Module, sizeof(SHAPE_MODULE));
    Module->FilterHandle = NdisFilterHandle;

    NdisZeroMemory(&FilterAttributes, sizeof(FilterAttributes));
    FilterAttributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    FilterAttributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    FilterAttributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    //
    // Publish the module and its attributes together.
    //
    NdisAcquireSpinLock(&g_ShapeModuleListLock);
    Status = NdisFSetAttributes(NdisFilterHandle, Module, &FilterAttributes);  // NDIS211: PASSIVE_LEVEL DDI called with g_ShapeModuleListLock held (DISPATCH_LEVEL)
    if (Status == NDIS_STATUS_SUCCESS)
    {
        InsertTailList(&g_ShapeModuleList, &Module->Link);
    }
    NdisReleaseSpinLock(&g_ShapeModuleListLock);

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Module, 0, 0);
    }
    return Status;
}

_Use_decl_annotations_
VOID
ShapeDetach(NDIS_HANDLE FilterModuleContext)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_ShapeModuleListLock);
    RemoveEntryList(&Module->Link);
    NdisReleaseSpinLock(&g_ShapeModuleListLock);

    NdisFreeMemory(Module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
ShapeRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;
    PNDIS_OID_REQUEST       Request = &Module->LinkSpeedRequest;
    NDIS_STATUS             Status;

    UNREFERENCED_PARAMETER(RestartParameters);

    //
    // Learn the link speed before running. When the query pends, so does
    // the restart; ShapeOidRequestComplete finishes both.
    //
    NdisZeroMemory(Request, sizeof(NDIS_OID_REQUEST));
    Request->Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    Request->Header.Revision = NDIS_OID_REQUEST_REVISION_1;
    Request->Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
    Request->RequestType = NdisRequestQueryInformation;
    Request->DATA.QUERY_INFORMATION.Oid = OID_GEN_LINK_SPEED_EX;
    Request->DATA.QUERY_INFORMATION.InformationBuffer = &Module->LinkSpeed;
    Request->DATA.QUERY_INFORMATION.InformationBufferLength = sizeof(NDIS_LINK_SPEED);

    Status = NdisFOidRequest(Module->FilterHandle, Request);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }

    Module->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ShapePause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    Module->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ShapeOidRequest(NDIS_HANDLE FilterModuleContext, PNDIS_OID_REQUEST Request)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;
    PNDIS_OID_REQUEST       ClonedRequest;
    NDIS_STATUS             Status;

    Status = NdisAllocateCloneOidRequest(Module->FilterHandle, Request, TUNSHAPE_TAG, &ClonedRequest);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    TUNSHAPE_ORIGINAL_REQUEST(ClonedRequest) = Request;

    Status = NdisFOidRequest(Module->FilterHandle, ClonedRequest);
    if (Status != NDIS_STATUS_PENDING)
    {
        ShapeOidRequestComplete(Module, ClonedRequest, Status);
        Status = NDIS_STATUS_PENDING;
    }
    return Status;
}

_Use_decl_annotations_
VOID
ShapeOidRequestComplete(NDIS_HANDLE FilterModuleContext, PNDIS_OID_REQUEST Request, NDIS_STATUS Status)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;
    PNDIS_OID_REQUEST       OriginalRequest;

    if (Request == &Module->LinkSpeedRequest)
    {
        //
        // Our own query: the restart that issued it is waiting for this.
        //
        Module->Running = TRUE;
        NdisFRestartComplete(Module->FilterHandle, NDIS_STATUS_SUCCESS);    // NDIS211: NdisFRestartComplete needs PASSIVE_LEVEL; this completion runs at up to DISPATCH_LEVEL
        return;
    }

    //
    // A clone shares the original's buffers; copy back the byte counts.
    //
    OriginalRequest = TUNSHAPE_ORIGINAL_REQUEST(Request);
    NdisMoveMemory(&OriginalRequest->DATA, &Request->DATA, sizeof(Request->DATA));
    NdisFreeCloneOidRequest(Module->FilterHandle, Request);
    NdisFOidRequestComplete(Module->FilterHandle, OriginalRequest, Status);
}

_Use_decl_annotations_
VOID
ShapeSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                        NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST        NetBufferList;

    if (!Module->Running)
    {
        for (NetBufferList = NetBufferLists; NetBufferList != NULL;
             NetBufferList = NET_BUFFER_LIST_NEXT_NBL(NetBufferList))
        {
            NET_BUFFER_LIST_STATUS(NetBufferList) = NDIS_STATUS_PAUSED;
        }
        NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists,
                                        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
                                            NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
        return;
    }

    NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
ShapeReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                           NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PSHAPE_MODULE           Module = (PSHAPE_MODULE)FilterModuleContext;

    if (!Module->Running)
    {
        if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
        {
            NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists,
                                      NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                          NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
        }
        return;
    }

    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}
