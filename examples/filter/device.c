/*++

Module Name:

    device.c

Abstract:

    The TUNLWF control device (\\.\TunLwf): an administrator sets the blocked
    EtherType and reads the counters through it.

Environment:

    Kernel mode, PASSIVE_LEVEL.

--*/

#include "filter.h"
#include <wdmsec.h>

static NDIS_HANDLE      g_TunLwfDeviceHandle;
static PDEVICE_OBJECT   g_TunLwfDeviceObject;

#pragma alloc_text(INIT, TunLwfRegisterDevice)
#pragma alloc_text(PAGE, TunLwfDeregisterDevice)
#pragma alloc_text(PAGE, TunLwfDispatch)

_Use_decl_annotations_
NDIS_STATUS
TunLwfRegisterDevice(
    VOID
    )
{
    NDIS_STATUS                     Status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES   DeviceAttributes;
    PDRIVER_DISPATCH                DispatchTable[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING                     DeviceName;
    NDIS_STRING                     SymbolicName;

    PAGED_CODE();

    NdisZeroMemory(DispatchTable, sizeof(DispatchTable));
    DispatchTable[IRP_MJ_CREATE] = TunLwfDispatch;
    DispatchTable[IRP_MJ_CLEANUP] = TunLwfDispatch;
    DispatchTable[IRP_MJ_CLOSE] = TunLwfDispatch;
    DispatchTable[IRP_MJ_DEVICE_CONTROL] = TunLwfDeviceIoControl;

    NdisInitUnicodeString(&DeviceName, TUNLWF_DEVICE_NAME);
    NdisInitUnicodeString(&SymbolicName, TUNLWF_SYMBOLIC_NAME);

    NdisZeroMemory(&DeviceAttributes, sizeof(NDIS_DEVICE_OBJECT_ATTRIBUTES));
    DeviceAttributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    DeviceAttributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    DeviceAttributes.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    DeviceAttributes.DeviceName = &DeviceName;
    DeviceAttributes.SymbolicName = &SymbolicName;
    DeviceAttributes.MajorFunctions = &DispatchTable[0];
    DeviceAttributes.ExtensionSize = 0;
    DeviceAttributes.DefaultSDDLString = &SDDL_DEVOBJ_SYS_ALL_ADM_ALL;     // SYSTEM and Administrators only
    DeviceAttributes.DeviceClassGuid = NULL;

    Status = NdisRegisterDeviceEx(g_TunLwfDriverHandle,
                                  &DeviceAttributes,
                                  &g_TunLwfDeviceObject,
                                  &g_TunLwfDeviceHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        g_TunLwfDeviceObject = NULL;
        g_TunLwfDeviceHandle = NULL;
    }

    return Status;
}

_Use_decl_annotations_
VOID
TunLwfDeregisterDevice(
    VOID
    )
{
    PAGED_CODE();

    if (g_TunLwfDeviceHandle != NULL)
    {
        NdisDeregisterDeviceEx(g_TunLwfDeviceHandle);
        g_TunLwfDeviceHandle = NULL;
        g_TunLwfDeviceObject = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
TunLwfDispatch(
    PDEVICE_OBJECT      DeviceObject,
    PIRP                Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
TunLwfDeviceIoControl(
    PDEVICE_OBJECT      DeviceObject,
    PIRP                Irp
    )
/*++

Routine Description:

    Not pageable: the counter query walks the module list under its spin lock.

--*/
{
    PIO_STACK_LOCATION  IrpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG               InputLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG               OutputLength = IrpSp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID               Buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS            NtStatus = STATUS_SUCCESS;
    ULONG_PTR           Information = 0;
    PTUNLWF_COUNTERS    Counters;
    PLIST_ENTRY         Entry;
    PTUNLWF_MODULE      Module;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (IrpSp->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_TUNLWF_SET_BLOCKED_ETHERTYPE:
        if (InputLength < sizeof(USHORT))
        {
            NtStatus = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        InterlockedExchange(&g_TunLwfBlockedEtherType, *(PUSHORT)Buffer);
        break;

    case IOCTL_TUNLWF_QUERY_COUNTERS:
        if (OutputLength < sizeof(TUNLWF_COUNTERS))
        {
            NtStatus = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        Counters = (PTUNLWF_COUNTERS)Buffer;
        NdisZeroMemory(Counters, sizeof(TUNLWF_COUNTERS));

        NdisAcquireSpinLock(&g_TunLwfModuleListLock);
        for (Entry = g_TunLwfModuleList.Flink; Entry != &g_TunLwfModuleList; Entry = Entry->Flink)
        {
            Module = CONTAINING_RECORD(Entry, TUNLWF_MODULE, Link);
            Counters->Modules++;
            Counters->SendsPassed += (ULONG64)Module->SendsPassed;
            Counters->SendsBlocked += (ULONG64)Module->SendsBlocked;
            Counters->ReceivesPassed += (ULONG64)Module->ReceivesPassed;
            Counters->ReceivesReturnedWhilePaused += (ULONG64)Module->ReceivesReturnedWhilePaused;
        }
        NdisReleaseSpinLock(&g_TunLwfModuleListLock);

        Information = sizeof(TUNLWF_COUNTERS);
        break;

    default:
        NtStatus = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = NtStatus;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return NtStatus;
}
