/*++

Module Name:

    driver.c

Abstract:

    DriverEntry and unload for the TUNPROT protocol driver: registration of the
    protocol characteristics with NDIS and the matching deregistration.

Environment:

    Kernel mode only.

--*/

#include "tunprot.h"

TUN_GLOBALS     Globals;

#if DBG
ULONG           TunpDebugLevel = DL_WARN;
#endif

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma alloc_text(PAGE, TunpUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
/*++

Routine Description:

    Registers TUNPROT with NDIS. NDIS copies the characteristics, so they can
    live on the stack; the protocol handle it returns is kept in Globals for
    NdisOpenAdapterEx and for the deregistration in TunpUnload.

Return Value:

    STATUS_SUCCESS, or the status NdisRegisterProtocolDriver failed with.

--*/
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             ProtocolName = NDIS_STRING_CONST("TUNPROT");

    UNREFERENCED_PARAMETER(RegistryPath);

    DEBUGP(DL_LOUD, ("==> DriverEntry\n"));

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&Globals.GlobalLock);
    InitializeListHead(&Globals.OpenList);

    //
    // Zero first: every handler we do not name below must be NULL.
    //
    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));

    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
#if NDIS_SUPPORT_NDIS61
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
#else
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1;
#endif

    ProtocolChars.MajorNdisVersion = TUNPROT_MAJOR_NDIS_VERSION;
    ProtocolChars.MinorNdisVersion = TUNPROT_MINOR_NDIS_VERSION;
    ProtocolChars.MajorDriverVersion = TUNPROT_MAJOR_DRIVER_VERSION;
    ProtocolChars.MinorDriverVersion = TUNPROT_MINOR_DRIVER_VERSION;
    ProtocolChars.Flags = 0;

    //
    // The service name from tunprot.inf.
    //
    ProtocolChars.Name = ProtocolName;

    ProtocolChars.BindAdapterHandlerEx = TunpBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = TunpUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = TunpOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = TunpCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = TunpNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = TunpOidRequestComplete;
    ProtocolChars.StatusHandlerEx = TunpStatus;
    ProtocolChars.ReceiveNetBufferListsHandler = TunpReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = TunpSendNetBufferListsComplete;

    //
    // TunpBindAdapter may run before NdisRegisterProtocolDriver returns, so
    // everything it touches is ready by now. The unload routine is set before
    // registering so the driver can always be unloaded once NDIS knows it.
    //
    DriverObject->DriverUnload = TunpUnload;

    Status = NdisRegisterProtocolDriver(&Globals,
                                        &ProtocolChars,
                                        &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(DL_ERROR, ("NdisRegisterProtocolDriver failed, status 0x%08x\n", Status));
        NdisFreeSpinLock(&Globals.GlobalLock);
        return Status;
    }

    DEBUGP(DL_LOUD, ("<== DriverEntry\n"));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunpUnload(
    PDRIVER_OBJECT      DriverObject
    )
/*++

Routine Description:

    Deregisters the protocol. NdisDeregisterProtocolDriver pauses and unbinds
    every binding that is still open (TunpNetPnPEvent, TunpUnbindAdapter)
    before it returns, so OpenList is empty afterwards.

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    DEBUGP(DL_LOUD, ("==> TunpUnload\n"));

    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }

    ASSERT(IsListEmpty(&Globals.OpenList));
    NdisFreeSpinLock(&Globals.GlobalLock);

    DEBUGP(DL_LOUD, ("<== TunpUnload\n"));
}
