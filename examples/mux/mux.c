/*++

Module Name:

    mux.c

Abstract:

    DriverEntry and MiniportDriverUnload for TUNMUX: registration of both
    edges of the intermediate driver and of the interface provider, and their
    teardown in reverse.

Environment:

    Kernel mode, PASSIVE_LEVEL.

--*/

#include "mux.h"

MUX_GLOBALS     g_MuxGlobals;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma alloc_text(PAGE, MuxUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT      DriverObject,
    PUNICODE_STRING     RegistryPath
    )
/*++

Routine Description:

    Registration order matters for an intermediate driver:

    1. the miniport edge, flagged NDIS_INTERMEDIATE_DRIVER: MuxBindAdapter
       needs its handle for NdisIMInitializeDeviceInstanceEx;
    2. the interface provider: MuxBindAdapter registers the internal
       interface with it on the first bind;
    3. the protocol edge: from here on NDIS may call MuxBindAdapter;
    4. NdisIMAssociateMiniport, which ties 1 and 3 together.

    A failure undoes the earlier steps in reverse.

--*/
{
    NDIS_STATUS                             Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    MChars;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    PChars;
    NDIS_STRING                             ProtocolName = NDIS_STRING_CONST("TUNMUX");

    DEBUGP(("TUNMUX: ==> DriverEntry\n"));

    NdisZeroMemory(&g_MuxGlobals, sizeof(g_MuxGlobals));
    NdisAllocateSpinLock(&g_MuxGlobals.Lock);
    InitializeListHead(&g_MuxGlobals.AdapterList);
    NDIS_INIT_MUTEX(&g_MuxGlobals.InterfaceMutex);

    //
    // 1. Miniport edge.
    //
    NdisZeroMemory(&MChars, sizeof(MChars));
    MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.MajorNdisVersion = MUX_MAJOR_NDIS_VERSION;
    MChars.MinorNdisVersion = MUX_MINOR_NDIS_VERSION;
    MChars.MajorDriverVersion = MUX_MAJOR_DRIVER_VERSION;
    MChars.MinorDriverVersion = MUX_MINOR_DRIVER_VERSION;
    MChars.Flags = NDIS_INTERMEDIATE_DRIVER;

    MChars.InitializeHandlerEx = MuxMpInitialize;
    MChars.HaltHandlerEx = MuxMpHalt;
    MChars.UnloadHandler = MuxUnload;
    MChars.PauseHandler = MuxMpPause;
    MChars.RestartHandler = MuxMpRestart;
    MChars.OidRequestHandler = MuxMpOidRequest;
    MChars.SendNetBufferListsHandler = MuxMpSendNetBufferLists;
    MChars.ReturnNetBufferListsHandler = MuxMpReturnNetBufferLists;
    MChars.CancelSendHandler = MuxMpCancelSend;
    MChars.DevicePnPEventNotifyHandler = MuxMpDevicePnPEventNotify;
    MChars.ShutdownHandlerEx = MuxMpShutdown;
    MChars.CancelOidRequestHandler = MuxMpCancelOidRequest;

    //
    // CheckForHangHandlerEx and ResetHandlerEx stay NULL: a virtual miniport
    // has no hardware to hang, and NDIS must not reset it.
    //

    Status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         (NDIS_HANDLE)&g_MuxGlobals,
                                         &MChars,
                                         &g_MuxGlobals.MiniportDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNMUX: NdisMRegisterMiniportDriver failed, status 0x%08x\n", Status));
        goto Exit;
    }

    //
    // 2. Interface provider.
    //
    Status = MuxRegisterProvider();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto DeregisterMiniport;
    }

    //
    // 3. Protocol edge. The name is the service name in tunmux.inf.
    //
    NdisZeroMemory(&PChars, sizeof(PChars));
    PChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    PChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    PChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    PChars.MajorNdisVersion = MUX_MAJOR_NDIS_VERSION;
    PChars.MinorNdisVersion = MUX_MINOR_NDIS_VERSION;
    PChars.MajorDriverVersion = MUX_MAJOR_DRIVER_VERSION;
    PChars.MinorDriverVersion = MUX_MINOR_DRIVER_VERSION;
    PChars.Flags = 0;
    PChars.Name = ProtocolName;

    PChars.BindAdapterHandlerEx = MuxBindAdapter;
    PChars.UnbindAdapterHandlerEx = MuxUnbindAdapter;
    PChars.OpenAdapterCompleteHandlerEx = MuxOpenAdapterComplete;
    PChars.CloseAdapterCompleteHandlerEx = MuxCloseAdapterComplete;
    PChars.NetPnPEventHandler = MuxNetPnPEvent;
    PChars.OidRequestCompleteHandler = MuxOidRequestComplete;
    PChars.StatusHandlerEx = MuxStatus;
    PChars.ReceiveNetBufferListsHandler = MuxReceiveNetBufferLists;
    PChars.SendNetBufferListsCompleteHandler = MuxSendNetBufferListsComplete;

    Status = NdisRegisterProtocolDriver(&g_MuxGlobals,
                                        &PChars,
                                        &g_MuxGlobals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNMUX: NdisRegisterProtocolDriver failed, status 0x%08x\n", Status));
        goto DeregisterProvider;
    }

    //
    // 4. Both edges belong to one intermediate driver.
    //
    NdisIMAssociateMiniport(g_MuxGlobals.MiniportDriverHandle, g_MuxGlobals.ProtocolHandle);

    DEBUGP(("TUNMUX: <== DriverEntry\n"));
    return NDIS_STATUS_SUCCESS;

DeregisterProvider:
    NdisIfDeregisterProvider(g_MuxGlobals.ProviderHandle);
    g_MuxGlobals.ProviderHandle = NULL;

DeregisterMiniport:
    NdisMDeregisterMiniportDriver(g_MuxGlobals.MiniportDriverHandle);
    g_MuxGlobals.MiniportDriverHandle = NULL;

Exit:
    NdisFreeSpinLock(&g_MuxGlobals.Lock);
    return Status;
}

_Use_decl_annotations_
VOID
MuxUnload(
    PDRIVER_OBJECT      DriverObject
    )
/*++

Routine Description:

    MiniportDriverUnload. Teardown runs in the reverse order of DriverEntry,
    interfaces before their provider: deregistering a provider that still
    has a registered interface is bug check 0x7C (P1 = 0x17).

--*/
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    DEBUGP(("TUNMUX: ==> MuxUnload\n"));

    NDIS_WAIT_FOR_MUTEX(&g_MuxGlobals.InterfaceMutex);

    if (g_MuxGlobals.InterfaceRegistered)
    {
        NdisIfDeregisterInterface(g_MuxGlobals.InternalIfIndex);
        g_MuxGlobals.InterfaceRegistered = FALSE;
        g_MuxGlobals.InternalIfIndex = NET_IFINDEX_UNSPECIFIED;
    }

    if (g_MuxGlobals.LuidIndexAllocated)
    {
        //
        // The index was allocated for this run of the driver only; give it
        // back, or NDIS keeps it reserved across reboots.
        //
        (VOID)NdisIfFreeNetLuidIndex(MUX_INTERNAL_IF_TYPE, g_MuxGlobals.NetLuidIndex);
        g_MuxGlobals.LuidIndexAllocated = FALSE;
    }

    if (g_MuxGlobals.ProviderHandle != NULL)
    {
        NdisIfDeregisterProvider(g_MuxGlobals.ProviderHandle);
        g_MuxGlobals.ProviderHandle = NULL;
    }

    NDIS_RELEASE_MUTEX(&g_MuxGlobals.InterfaceMutex);

    //
    // Protocol edge before miniport edge: unbinding deinitializes the
    // virtual miniports that sit on the bindings.
    //
    if (g_MuxGlobals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(g_MuxGlobals.ProtocolHandle);
        g_MuxGlobals.ProtocolHandle = NULL;
    }

    if (g_MuxGlobals.MiniportDriverHandle != NULL)
    {
        NdisMDeregisterMiniportDriver(g_MuxGlobals.MiniportDriverHandle);
        g_MuxGlobals.MiniportDriverHandle = NULL;
    }

    ASSERT(IsListEmpty(&g_MuxGlobals.AdapterList));
    NdisFreeSpinLock(&g_MuxGlobals.Lock);

    DEBUGP(("TUNMUX: <== MuxUnload\n"));
}
