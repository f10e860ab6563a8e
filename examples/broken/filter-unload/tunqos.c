/*++

Module Name:

    tunqos.c

Abstract:

    TUNQOS meter filter. See tunqos.h.

--*/

#include "tunqos.h"

NDIS_HANDLE         g_QosDriverHandle;
volatile LONG       g_QosModules;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, QosUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&FChars, sizeof(FChars));
    FChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_3;
    FChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3;
    FChars.MajorNdisVersion = 6;
    FChars.MinorNdisVersion = 80;
    FChars.MajorDriverVersion = 1;
    FChars.MinorDriverVersion = 0;
    NdisInitUnicodeString(&FChars.FriendlyName, TUNQOS_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, TUNQOS_UNIQUE_NAME);
    NdisInitUnicodeString(&FChars.ServiceName, TUNQOS_SERVICE_NAME);
    FChars.AttachHandler = QosAttach;
    FChars.DetachHandler = QosDetach;
    FChars.RestartHandler = QosRestart;
    FChars.PauseHandler = QosPause;
    FChars.SendNetBufferListsHandler = QosSendNetBufferLists;
    FChars.SendNetBufferListsCompleteHandler = QosSendNetBufferListsComplete;
    FChars.ReceiveNetBufferListsHandler = QosReceiveNetBufferLists;
    FChars.ReturnNetBufferListsHandler = QosReturnNetBufferLists;

    DriverObject->DriverUnload = QosUnload;

    Status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &g_QosDriverHandle);  // NDIS204: QosUnload never calls NdisFDeregisterFilterDriver
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DbgPrint("TUNQOS: NdisFRegisterFilterDriver failed, status 0x%08x\n", Status);
    }

    return Status;
}

_Use_decl_annotations_
VOID
QosUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    //
    // The filter deregistered itself when its last module detached.
    //
    ASSERT(g_QosDriverHandle == NULL);
}

_Use_decl_annotations_
NDIS_STATUS
QosAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
          PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_STATUS             Status;
    PQOS_MODULE             Module;
    NDIS_FILTER_ATTRIBUTES  FilterAttributes;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(QOS_MODULE),
                                               TUNQOS_TAG, NormalPoolPriority);
    if (Module == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Module, sizeof(QOS_MODULE));
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
        return Status;
    }

    InterlockedIncrement(&g_QosModules);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
QosDetach(NDIS_HANDLE FilterModuleContext)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;

    NdisFreeSpinLock(&Module->Lock);
    NdisFreeMemory(Module, 0, 0);

    if (InterlockedDecrement(&g_QosModules) == 0 && g_QosDriverHandle != NULL)
    {
        //
        // Nothing attached any more: leave NDIS so the driver can unload.
        //
        NdisFDeregisterFilterDriver(g_QosDriverHandle);                     // NDIS214: called from FilterDetach, which NDIS invokes; NDIS waits on this detach (deadlock)
        g_QosDriverHandle = NULL;
    }
}

_Use_decl_annotations_
NDIS_STATUS
QosRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&Module->Lock);
    Module->Running = TRUE;
    NdisReleaseSpinLock(&Module->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
QosPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&Module->Lock);
    Module->Running = FALSE;
    NdisReleaseSpinLock(&Module->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
QosSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                      NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;

    InterlockedIncrement64(&Module->Frames);
    NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
QosSendNetBufferListsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                              ULONG SendCompleteFlags)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
QosReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;
    BOOLEAN                 Running;

    NdisAcquireSpinLock(&Module->Lock);
    Running = Module->Running;
    NdisReleaseSpinLock(&Module->Lock);

    if (!Running)
    {
        if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
        {
            NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists,
                                      NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                          NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
        }
        return;
    }

    InterlockedIncrement64(&Module->Frames);
    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
QosReturnNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PQOS_MODULE             Module = (PQOS_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}
