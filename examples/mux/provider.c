/*++

Module Name:

    provider.c

Abstract:

    TUNMUX as an NDIS interface provider: registration of the provider, of
    its single internal interface, and the interface OIDs NDIS queries.

Environment:

    Kernel mode, PASSIVE_LEVEL.

--*/

#include "mux.h"

#pragma alloc_text(INIT, MuxRegisterProvider)
#pragma alloc_text(PAGE, MuxRegisterInternalInterface)
#pragma alloc_text(PAGE, MuxProviderQueryObject)
#pragma alloc_text(PAGE, MuxProviderSetObject)

_Use_decl_annotations_
NDIS_STATUS
MuxRegisterProvider(
    VOID
    )
/*++

Routine Description:

    Called from DriverEntry. The provider characteristics carry no object
    type of their own: the header is the DEFAULT one, revision 1.

--*/
{
    NDIS_STATUS                         Status;
    NDIS_IF_PROVIDER_CHARACTERISTICS    ProviderChars;

    PAGED_CODE();

    //
    // Zeroing also leaves Reserved1 and Reserved2 NULL, as NDIS expects.
    //
    NdisZeroMemory(&ProviderChars, sizeof(ProviderChars));
    ProviderChars.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    ProviderChars.Header.Revision = NDIS_OBJECT_REVISION_1;
    ProviderChars.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;
    ProviderChars.QueryObjectHandler = MuxProviderQueryObject;
    ProviderChars.SetObjectHandler = MuxProviderSetObject;

    Status = NdisIfRegisterProvider(&ProviderChars,
                                    (NDIS_HANDLE)&g_MuxGlobals,
                                    &g_MuxGlobals.ProviderHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNMUX: NdisIfRegisterProvider failed, status 0x%08x\n", Status));
        g_MuxGlobals.ProviderHandle = NULL;
    }

    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
MuxRegisterInternalInterface(
    VOID
    )
/*++

Routine Description:

    Called from every MuxBindAdapter; only the first one registers the
    internal interface. Binds can run concurrently, and MuxUnload tears the
    interface down, so all of them are serialized by a mutex (not a spin
    lock: the NdisIf calls need PASSIVE_LEVEL).

    The NET_LUID index is allocated for this run of the driver and freed in
    MuxUnload. A provider whose interface must keep its identity across
    reboots would persist the index instead and reuse it here.

--*/
{
    NDIS_STATUS             Status = NDIS_STATUS_SUCCESS;
    NTSTATUS                NtStatus;
    PNET_IF_INFORMATION     IfInfo = NULL;
    ULONG                   NameLength = sizeof(MUX_INTERNAL_IF_NAME) - sizeof(WCHAR);
    ULONG                   InfoLength = sizeof(NET_IF_INFORMATION) + sizeof(MUX_INTERNAL_IF_NAME);
    UINT32                  NetLuidIndex;
    NET_LUID                NetLuid;
    LARGE_INTEGER           Now;

    PAGED_CODE();

    NDIS_WAIT_FOR_MUTEX(&g_MuxGlobals.InterfaceMutex);

    if (g_MuxGlobals.InterfaceRegistered)
    {
        goto Exit;
    }

    if (g_MuxGlobals.ProviderHandle == NULL)
    {
        //
        // MuxUnload has already deregistered the provider.
        //
        Status = NDIS_STATUS_CLOSING;
        goto Exit;
    }

    if (!g_MuxGlobals.LuidIndexAllocated)
    {
        Status = NdisIfAllocateNetLuidIndex(MUX_INTERNAL_IF_TYPE, &NetLuidIndex);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            DEBUGP(("TUNMUX: NdisIfAllocateNetLuidIndex failed, status 0x%08x\n", Status));
            goto Exit;
        }

        NDIS_MAKE_NET_LUID(&NetLuid, MUX_INTERNAL_IF_TYPE, NetLuidIndex);

        g_MuxGlobals.NetLuidIndex = NetLuidIndex;
        g_MuxGlobals.InternalNetLuid = NetLuid;
        g_MuxGlobals.LuidIndexAllocated = TRUE;

        NtStatus = ExUuidCreate(&g_MuxGlobals.InternalIfGuid);
        if (!NT_SUCCESS(NtStatus))
        {
            Status = NDIS_STATUS_FAILURE;
            goto Exit;
        }
    }

    IfInfo = NdisAllocateMemoryWithTagPriority(g_MuxGlobals.ProtocolHandle,
                                               InfoLength,
                                               MUX_TAG,
                                               NormalPoolPriority);
    if (IfInfo == NULL)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto Exit;
    }

    NdisZeroMemory(IfInfo, InfoLength);
    IfInfo->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    IfInfo->Header.Revision = NDIS_OBJECT_REVISION_1;
    IfInfo->Header.Size = NDIS_SIZEOF_NET_IF_INFORMATION_REVISION_1;

    IfInfo->Flags = 0;                              // neither hardware nor filter
    IfInfo->PhysicalLocation.BusNumber = NET_BUS_NUMBER_UNKNOWN;
    IfInfo->PhysicalLocation.SlotNumber = NET_SLOT_NUMBER_UNKNOWN;
    IfInfo->PhysicalLocation.FunctionNumber = NET_FUNCTION_NUMBER_UNKNOWN;
    IfInfo->WanTunnelType = NIIF_WAN_TUNNEL_TYPE_UNKNOWN;
    IfInfo->PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    IfInfo->AccessType = NET_IF_ACCESS_BROADCAST;
    IfInfo->DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    IfInfo->ConnectionType = NET_IF_CONNECTION_DEDICATED;
    IfInfo->ifConnectorPresent = FALSE;
    IfInfo->PhysAddressLength = 0;
    IfInfo->FriendlyNameLength = (USHORT)NameLength;
    IfInfo->FriendlyNameOffset = sizeof(NET_IF_INFORMATION);
    NdisMoveMemory((PUCHAR)IfInfo + sizeof(NET_IF_INFORMATION), MUX_INTERNAL_IF_NAME, NameLength);
    IfInfo->InterfaceGuid = g_MuxGlobals.InternalIfGuid;
    IfInfo->SupportedStatistics = 0;
    IfInfo->MediaType = NdisMedium802_3;
    IfInfo->PhysicalMediumType = NdisPhysicalMediumUnspecified;

    Status = NdisIfRegisterInterface(g_MuxGlobals.ProviderHandle,
                                     g_MuxGlobals.InternalNetLuid,
                                     (NDIS_HANDLE)&g_MuxGlobals,
                                     IfInfo,
                                     &g_MuxGlobals.InternalIfIndex);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNMUX: NdisIfRegisterInterface failed, status 0x%08x\n", Status));
        goto Exit;
    }

    NdisGetCurrentSystemTime(&Now);
    g_MuxGlobals.InternalIfLastChange = (ULONG64)Now.QuadPart;
    g_MuxGlobals.InterfaceRegistered = TRUE;

    DEBUGP(("TUNMUX: internal interface registered, ifIndex %u\n", g_MuxGlobals.InternalIfIndex));

Exit:
    NDIS_RELEASE_MUTEX(&g_MuxGlobals.InterfaceMutex);

    if (IfInfo != NULL)
    {
        NdisFreeMemory(IfInfo, 0, 0);
    }

    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
MuxProviderQueryObject(
    NDIS_HANDLE             ProviderIfContext,
    NET_IF_OBJECT_ID        ObjectId,
    PULONG                  pOutputBufferLength,
    PVOID                   pOutputBuffer
    )
/*++

Routine Description:

    ProviderQueryObject for the internal interface. The interface is a
    software switch: always up, connected, full duplex, speed unknown.

--*/
{
    PMUX_GLOBALS                Globals = (PMUX_GLOBALS)ProviderIfContext;
    NDIS_INTERFACE_INFORMATION  Info;
    NDIS_LINK_SPEED             LinkSpeed;
    union
    {
        ULONG                       Ulong;
        ULONG64                     Ulong64;
        BOOLEAN                     Boolean;
    } Value;
    PVOID                       Source = &Value;
    ULONG                       Needed;

    PAGED_CODE();

    NdisZeroMemory(&Value, sizeof(Value));

    switch (ObjectId)
    {
    case OID_GEN_OPERATIONAL_STATUS:
        Value.Ulong = NET_IF_OPER_STATUS_UP;
        Needed = sizeof(ULONG);
        break;

    case OID_GEN_ADMIN_STATUS:
        Value.Ulong = NET_IF_ADMIN_STATUS_UP;
        Needed = sizeof(ULONG);
        break;

    case OID_GEN_MEDIA_CONNECT_STATUS_EX:
        Value.Ulong = MediaConnectStateConnected;
        Needed = sizeof(ULONG);
        break;

    case OID_GEN_MEDIA_DUPLEX_STATE:
        Value.Ulong = MediaDuplexStateFull;
        Needed = sizeof(ULONG);
        break;

    case OID_GEN_XMIT_LINK_SPEED:
    case OID_GEN_RCV_LINK_SPEED:
        Value.Ulong64 = NDIS_LINK_SPEED_UNKNOWN;
        Needed = sizeof(ULONG64);
        break;

    case OID_GEN_LINK_SPEED_EX:
        LinkSpeed.XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
        LinkSpeed.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
        Source = &LinkSpeed;
        Needed = sizeof(LinkSpeed);
        break;

    case OID_GEN_PROMISCUOUS_MODE:
        Value.Boolean = FALSE;
        Needed = sizeof(BOOLEAN);
        break;

    case OID_GEN_LAST_CHANGE:
    case OID_GEN_DISCONTINUITY_TIME:
        Value.Ulong64 = Globals->InternalIfLastChange;
        Needed = sizeof(ULONG64);
        break;

    case OID_GEN_UNKNOWN_PROTOS:
        Value.Ulong64 = 0;
        Needed = sizeof(ULONG64);
        break;

    case OID_GEN_INTERFACE_INFO:
        NdisZeroMemory(&Info, sizeof(Info));
        Info.ifOperStatus = NET_IF_OPER_STATUS_UP;
        Info.MediaConnectState = MediaConnectStateConnected;
        Info.MediaDuplexState = MediaDuplexStateFull;
        Info.ifMtu = 1500;
        Info.XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
        Info.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
        Info.ifLastChange = Globals->InternalIfLastChange;
        Info.ifCounterDiscontinuityTime = Globals->InternalIfLastChange;
        Source = &Info;
        Needed = sizeof(Info);
        break;

    default:
        //
        // OID_GEN_ALIAS and anything new: NDIS keeps the alias itself.
        //
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (*pOutputBufferLength < Needed)
    {
        *pOutputBufferLength = Needed;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }

    NdisMoveMemory(pOutputBuffer, Source, Needed);
    *pOutputBufferLength = Needed;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MuxProviderSetObject(
    NDIS_HANDLE             ProviderIfContext,
    NET_IF_OBJECT_ID        ObjectId,
    ULONG                   InputBufferLength,
    PVOID                   pInputBuffer
    )
/*++

Routine Description:

    ProviderSetObject. NDIS defines no settable interface objects yet, but
    the handler is mandatory; refuse everything.

--*/
{
    UNREFERENCED_PARAMETER(ProviderIfContext);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(pInputBuffer);

    PAGED_CODE();

    DEBUGP(("TUNMUX: set of interface object 0x%08x refused\n", ObjectId));
    return NDIS_STATUS_NOT_SUPPORTED;
}
