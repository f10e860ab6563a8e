/*++

Module Name:

    tunmon.c

Abstract:

    TUNMON traffic monitor filter. See tunmon.h.

--*/

#include "tunmon.h"

NDIS_HANDLE         g_MonDriverHandle;
volatile LONG       g_MonModules;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MonUnload)

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
    FChars.MinorNdisVersion = 80;                                           // NDIS115: tunmon.vcxproj builds Release for NDIS 6.60
    FChars.MajorDriverVersion = 1;
    FChars.MinorDriverVersion = 0;
    NdisInitUnicodeString(&FChars.FriendlyName, TUNMON_FRIENDLY_NAME);
    NdisInitUnicodeString(&FChars.UniqueName, TUNMON_UNIQUE_NAME);          // NDIS114: tunmon.inf has another NetCfgInstanceId
    NdisInitUnicodeString(&FChars.ServiceName, TUNMON_SERVICE_NAME);        // NDIS113: tunmon.inf installs the service as TUNMONITOR
    FChars.AttachHandler = MonAttach;
    FChars.DetachHandler = MonDetach;
    FChars.RestartHandler = MonRestart;
    FChars.PauseHandler = MonPause;
    FChars.SendNetBufferListsHandler = MonSendNetBufferLists;
    FChars.SendNetBufferListsCompleteHandler = MonSendNetBufferListsComplete;
    FChars.ReceiveNetBufferListsHandler = MonReceiveNetBufferLists;
    FChars.ReturnNetBufferListsHandler = MonReturnNetBufferLists;

    DriverObject->DriverUnload = MonUnload;

    Status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &FChars, &g_MonDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DbgPrint("TUNMON: NdisFRegisterFilterDriver failed, status 0x%08x\n", Status);
    }

    return Status;
}

_Use_decl_annotations_
VOID
MonUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    //
    // NDIS pauses and detaches every module inside this call.
    //
    NdisFDeregisterFilterDriver(g_MonDriverHandle);
    g_MonDriverHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
MonAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
          PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_STATUS             Status;
    PMON_MODULE             Module;
    NDIS_FILTER_ATTRIBUTES  FilterAttributes;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(MON_MODULE),
                                               TUNMON_TAG, NormalPoolPriority);
    if (Module == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Module, sizeof(MON_MODULE));
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

    InterlockedIncrement(&g_MonModules);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MonDetach(NDIS_HANDLE FilterModuleContext)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;

    NdisFreeSpinLock(&Module->Lock);
    NdisFreeMemory(Module, 0, 0);

    InterlockedDecrement(&g_MonModules);
}

_Use_decl_annotations_
NDIS_STATUS
MonRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&Module->Lock);
    Module->Running = TRUE;
    NdisReleaseSpinLock(&Module->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MonPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&Module->Lock);
    Module->Running = FALSE;
    NdisReleaseSpinLock(&Module->Lock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MonSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                      NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;

    InterlockedIncrement64(&Module->Frames);
    NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
MonSendNetBufferListsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                              ULONG SendCompleteFlags)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
MonReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;
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
MonReturnNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PMON_MODULE             Module = (PMON_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}
