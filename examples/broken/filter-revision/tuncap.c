/*++

Module Name:

    tuncap.c

Abstract:

    TUNCAP capture counters filter. See tuncap.h.

--*/

#include "tuncap.h"

PDRIVER_OBJECT      g_TuncapDriverObject;
NDIS_HANDLE         g_TuncapDriverHandle;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TuncapUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_TuncapDriverObject = DriverObject;

    NdisZeroMemory(&FChars, sizeof(FChars));
    FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;         // NDIS102: NDIS 6.80 filters must register revision 3
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.MajorNdisVersion = 6;
    FChars.MinorNdisVersion = 80;
    FChars.MajorDriverVersion = 2;
    FChars.MinorDriverVersion = 1;
    FChars.Flags = 0;

    NdisInitUnicodeString(&FChars.FriendlyName, TUNCAP_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, TUNCAP_UNIQUE_NAME);          // NDIS111: UniqueName must be a braced GUID ({...}), as NetCfgInstanceId
    NdisInitUnicodeString(&FChars.ServiceName, TUNCAP_SERVICE_NAME);

    FChars.AttachHandler = TuncapAttach;
    FChars.DetachHandler = TuncapDetach;
    FChars.RestartHandler = TuncapRestart;
    FChars.PauseHandler = TuncapPause;
    FChars.SendNetBufferListsHandler = TuncapSendNetBufferLists;
    FChars.SendNetBufferListsCompleteHandler = TuncapSendNetBufferListsComplete;
    FChars.CancelSendNetBufferListsHandler = TuncapCancelSendNetBufferLists;  // NDIS107: declared as FILTER_CANCEL_OID_REQUEST, not FILTER_CANCEL_SEND_NET_BUFFER_LISTS
    FChars.ReceiveNetBufferListsHandler = TuncapReceiveNetBufferLists;
    FChars.ReturnNetBufferListsHandler = TuncapReturnNetBufferLists;

    DriverObject->DriverUnload = TuncapUnload;

    Status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject,
                                       &FChars, &g_TuncapDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNCAP: NdisFRegisterFilterDriver failed, status 0x%08x\n", Status));
    }

    return Status;
}

_Use_decl_annotations_
VOID
TuncapUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisFDeregisterFilterDriver(g_TuncapDriverHandle);
    g_TuncapDriverHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
TuncapAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
             PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_STATUS             Status;
    PTUNCAP_MODULE          Module;
    NDIS_FILTER_ATTRIBUTES  FilterAttributes;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(TUNCAP_MODULE),
                                               TUNCAP_TAG, NormalPoolPriority);
    if (Module == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Module, sizeof(TUNCAP_MODULE));
    NdisAllocateSpinLock(&Module->Lock);
    Module->FilterHandle = NdisFilterHandle;

    NdisZeroMemory(&FilterAttributes, sizeof(FilterAttributes));
    FilterAttributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    FilterAttributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    FilterAttributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    Status = NdisFSetAttributes(NdisFilterHandle, Module, &FilterAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeSpinLock(&Module->Lock);
        NdisFreeMemory(Module, 0, 0);
    }

    return Status;
}

_Use_decl_annotations_
VOID
TuncapDetach(NDIS_HANDLE FilterModuleContext)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    DEBUGP(("TUNCAP: %I64d frames sent, %I64d received\n", Module->SendFrames, Module->ReceiveFrames));
    NdisFreeSpinLock(&Module->Lock);
    NdisFreeMemory(Module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
TuncapRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&Module->Lock);
    Module->Running = TRUE;
    NdisReleaseSpinLock(&Module->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TuncapPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&Module->Lock);
    Module->Running = FALSE;
    NdisReleaseSpinLock(&Module->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TuncapSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    InterlockedIncrement64(&Module->SendFrames);
    NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
TuncapSendNetBufferListsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                                 ULONG SendCompleteFlags)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
TuncapCancelSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PVOID RequestId)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    NdisFCancelSendNetBufferLists(Module->FilterHandle, RequestId);
}

_Use_decl_annotations_
VOID
TuncapReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                            NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;
    BOOLEAN                 Running;
    ULONG                   ReturnFlags = 0;

    NdisAcquireSpinLock(&Module->Lock);
    Running = Module->Running;
    NdisReleaseSpinLock(&Module->Lock);

    if (!Running)
    {
        if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
        {
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags))
            {
                NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
        }
        return;
    }

    InterlockedIncrement64(&Module->ReceiveFrames);
    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
TuncapReturnNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                           ULONG ReturnFlags)
{
    PTUNCAP_MODULE          Module = (PTUNCAP_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}
