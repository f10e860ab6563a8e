/*++

Module Name:

    tunctl.c

Abstract:

    TUNCTL protocol driver with a control device. See tunctl.h.

--*/

#include "tunctl.h"

NDIS_HANDLE         g_CtlProtocolHandle;
PDEVICE_OBJECT      g_CtlDeviceObject;
UNICODE_STRING      g_CtlSymbolicName = RTL_CONSTANT_STRING(TUNCTL_SYMBOLIC_NAME);

static NDIS_MEDIUM  CtlMediumArray[] = { NdisMedium802_3 };

_IRQL_requires_(PASSIVE_LEVEL)
static
NTSTATUS
CtlCreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    );

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, CtlCreateControlDevice)
#pragma alloc_text(PAGE, CtlUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS                                Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNCTL");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 30;
    ProtocolChars.Name = Name;
    ProtocolChars.BindAdapterHandlerEx = CtlBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = CtlUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = CtlOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = CtlCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = CtlNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = CtlOidRequestComplete;
    ProtocolChars.ReceiveNetBufferListsHandler = CtlReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = CtlSendNetBufferListsComplete;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtlDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtlDispatchCreateClose;
    DriverObject->DriverUnload = CtlUnload;

    Status = NdisRegisterProtocolDriver(NULL, &ProtocolChars, &g_CtlProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNCTL: NdisRegisterProtocolDriver failed, status 0x%08x\n", Status));
        return Status;
    }

    Status = CtlCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(Status))
    {
        DEBUGP(("TUNCTL: control device not created, status 0x%08x\n", Status));
        return Status;                                                      // NDIS205: the protocol stays registered while the driver image is unloaded
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
static
NTSTATUS
CtlCreateControlDevice(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS            Status;
    UNICODE_STRING      DeviceName = RTL_CONSTANT_STRING(TUNCTL_DEVICE_NAME);

    Status = IoCreateDevice(DriverObject, 0, &DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_CtlDeviceObject);
    if (!NT_SUCCESS(Status))
    {
        return Status;
    }

    Status = IoCreateSymbolicLink(&g_CtlSymbolicName, &DeviceName);
    if (!NT_SUCCESS(Status))
    {
        IoDeleteDevice(g_CtlDeviceObject);
        g_CtlDeviceObject = NULL;
    }

    return Status;
}

_Use_decl_annotations_
VOID
CtlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    if (g_CtlDeviceObject != NULL)
    {
        IoDeleteSymbolicLink(&g_CtlSymbolicName);
        IoDeleteDevice(g_CtlDeviceObject);
        g_CtlDeviceObject = NULL;
    }

    NdisDeregisterProtocolDriver(g_CtlProtocolHandle);
    g_CtlProtocolHandle = NULL;
}

_Use_decl_annotations_
NTSTATUS
CtlDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
CtlBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
               PNDIS_BIND_PARAMETERS BindParameters)
{
    PCTL_OPEN               Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    Open = NdisAllocateMemoryWithTagPriority(g_CtlProtocolHandle, sizeof(CTL_OPEN),
                                             TUNCTL_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(CTL_OPEN));
    Open->BindContext = BindContext;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = CtlMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(CtlMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;

    //
    // CtlOpenAdapterComplete completes the bind once the open is done.
    //
    NdisOpenAdapterEx(g_CtlProtocolHandle, Open, &OpenParameters, BindContext, &Open->BindingHandle);  // NDIS202: a synchronous success or failure never reaches CtlOpenAdapterComplete
    return NDIS_STATUS_PENDING;
}

_Use_decl_annotations_
VOID
CtlOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PCTL_OPEN               Open = (PCTL_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
CtlUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PCTL_OPEN               Open = (PCTL_OPEN)ProtocolBindingContext;
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
CtlCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PCTL_OPEN               Open = (PCTL_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    NdisFreeMemory(Open, 0, 0);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
CtlNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CtlOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
CtlReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PCTL_OPEN               Open = (PCTL_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                     NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

_Use_decl_annotations_
VOID
CtlSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                              ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
