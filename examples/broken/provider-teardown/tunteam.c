/*++

Module Name:

    tunteam.c

Abstract:

    TUNTEAM protocol driver and interface provider. See tunteam.h.

--*/

#include "tunteam.h"

NDIS_HANDLE         g_TeamProtocolHandle;
NDIS_HANDLE         g_TeamProviderHandle;
UINT32              g_TeamLuidIndex;
NET_IFINDEX         g_TeamPrimaryIfIndex;
NET_IFINDEX         g_TeamStandbyIfIndex;

static NDIS_MEDIUM  TeamMediumArray[] = { NdisMedium802_3 };

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TeamUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_IF_PROVIDER_CHARACTERISTICS        ProviderChars;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNTEAM");
    NET_LUID                                NetLuid;
    TEAM_IF_INFO                            IfInfo;

    UNREFERENCED_PARAMETER(RegistryPath);

    //
    // 1. Interface provider.
    //
    NdisZeroMemory(&ProviderChars, sizeof(ProviderChars));
    ProviderChars.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    ProviderChars.Header.Revision = NDIS_OBJECT_REVISION_1;
    ProviderChars.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;
    ProviderChars.QueryObjectHandler = TeamQueryObject;
    ProviderChars.SetObjectHandler = TeamSetObject;

    Status = NdisIfRegisterProvider(&ProviderChars, NULL, &g_TeamProviderHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    //
    // 2. The team's interfaces.
    //
    NdisIfAllocateNetLuidIndex(TUNTEAM_IF_TYPE, &g_TeamLuidIndex);          // NDIS202: on failure g_TeamLuidIndex is garbage and is used anyway
    NDIS_MAKE_NET_LUID(&NetLuid, TUNTEAM_IF_TYPE, g_TeamLuidIndex);

    NdisZeroMemory(&IfInfo, sizeof(IfInfo));
    IfInfo.Info.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    IfInfo.Info.Header.Revision = NDIS_OBJECT_REVISION_1;
    IfInfo.Info.Header.Size = NDIS_SIZEOF_NET_IF_INFORMATION_REVISION_1;
    IfInfo.Info.PhysicalLocation.BusNumber = NET_BUS_NUMBER_UNKNOWN;
    IfInfo.Info.PhysicalLocation.SlotNumber = NET_SLOT_NUMBER_UNKNOWN;
    IfInfo.Info.PhysicalLocation.FunctionNumber = NET_FUNCTION_NUMBER_UNKNOWN;
    IfInfo.Info.WanTunnelType = NIIF_WAN_TUNNEL_TYPE_UNKNOWN;
    IfInfo.Info.AccessType = NET_IF_ACCESS_BROADCAST;
    IfInfo.Info.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    IfInfo.Info.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    IfInfo.Info.FriendlyNameLength = sizeof(TUNTEAM_PRIMARY_NAME) - sizeof(WCHAR);
    IfInfo.Info.FriendlyNameOffset = FIELD_OFFSET(TEAM_IF_INFO, FriendlyName);
    IfInfo.Info.MediaType = NdisMedium802_3;
    IfInfo.Info.PhysicalMediumType = NdisPhysicalMediumUnspecified;

    NdisMoveMemory(IfInfo.FriendlyName, TUNTEAM_PRIMARY_NAME, sizeof(TUNTEAM_PRIMARY_NAME));
    Status = NdisIfRegisterInterface(g_TeamProviderHandle, NetLuid, NULL, &IfInfo.Info, &g_TeamPrimaryIfIndex);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto FreeLuidIndex;
    }

    NdisMoveMemory(IfInfo.FriendlyName, TUNTEAM_STANDBY_NAME, sizeof(TUNTEAM_STANDBY_NAME));
    Status = NdisIfRegisterInterface(g_TeamProviderHandle, NetLuid, NULL, &IfInfo.Info, &g_TeamStandbyIfIndex);  // NDIS210: same NetLuid as the primary interface (NDIS_STATUS_DUPLICATE_OBJECTID)
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto DeregisterPrimary;
    }

    //
    // 3. Protocol edge.
    //
    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 30;
    ProtocolChars.Name = Name;
    ProtocolChars.BindAdapterHandlerEx = TeamBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = TeamUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = TeamOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = TeamCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = TeamNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = TeamOidRequestComplete;
    ProtocolChars.ReceiveNetBufferListsHandler = TeamReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = TeamSendNetBufferListsComplete;

    DriverObject->DriverUnload = TeamUnload;

    Status = NdisRegisterProtocolDriver(NULL, &ProtocolChars, &g_TeamProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto DeregisterStandby;
    }

    return NDIS_STATUS_SUCCESS;

DeregisterStandby:
    NdisIfDeregisterInterface(g_TeamStandbyIfIndex);
DeregisterPrimary:
    NdisIfDeregisterInterface(g_TeamPrimaryIfIndex);
FreeLuidIndex:
    (VOID)NdisIfFreeNetLuidIndex(TUNTEAM_IF_TYPE, g_TeamLuidIndex);
    NdisIfDeregisterProvider(g_TeamProviderHandle);
    g_TeamProviderHandle = NULL;
    return Status;
}

_Use_decl_annotations_
VOID
TeamUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    NdisDeregisterProtocolDriver(g_TeamProtocolHandle);
    g_TeamProtocolHandle = NULL;

    NdisIfDeregisterProvider(g_TeamProviderHandle);                         // NDIS208: both team interfaces are still registered with this provider (bug check 0x7C, P1 0x17)
    g_TeamProviderHandle = NULL;

    NdisIfDeregisterInterface(g_TeamPrimaryIfIndex);
    NdisIfDeregisterInterface(g_TeamStandbyIfIndex);
    (VOID)NdisIfFreeNetLuidIndex(TUNTEAM_IF_TYPE, g_TeamLuidIndex);
}

_Use_decl_annotations_
NDIS_STATUS
TeamQueryObject(NDIS_HANDLE ProviderIfContext, NET_IF_OBJECT_ID ObjectId,
                PULONG pOutputBufferLength, PVOID pOutputBuffer)
{
    ULONG               Value;

    UNREFERENCED_PARAMETER(ProviderIfContext);

    switch (ObjectId)
    {
    case OID_GEN_OPERATIONAL_STATUS:
        Value = NET_IF_OPER_STATUS_UP;
        break;
    case OID_GEN_ADMIN_STATUS:
        Value = NET_IF_ADMIN_STATUS_UP;
        break;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (*pOutputBufferLength < sizeof(ULONG))
    {
        *pOutputBufferLength = sizeof(ULONG);
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }

    *(PULONG)pOutputBuffer = Value;
    *pOutputBufferLength = sizeof(ULONG);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TeamSetObject(NDIS_HANDLE ProviderIfContext, NET_IF_OBJECT_ID ObjectId,
              ULONG InputBufferLength, PVOID pInputBuffer)
{
    UNREFERENCED_PARAMETER(ProviderIfContext);
    UNREFERENCED_PARAMETER(ObjectId);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(pInputBuffer);

    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
NDIS_STATUS
TeamBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_STATUS             Status;
    PTEAM_OPEN              Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    Open = NdisAllocateMemoryWithTagPriority(g_TeamProtocolHandle, sizeof(TEAM_OPEN),
                                             TUNTEAM_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(TEAM_OPEN));
    Open->BindContext = BindContext;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = TeamMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(TeamMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;

    Status = NdisOpenAdapterEx(g_TeamProtocolHandle, Open, &OpenParameters,
                               BindContext, &Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
    }
    return Status;
}

_Use_decl_annotations_
VOID
TeamOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PTEAM_OPEN              Open = (PTEAM_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
TeamUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PTEAM_OPEN              Open = (PTEAM_OPEN)ProtocolBindingContext;
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
TeamCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PTEAM_OPEN              Open = (PTEAM_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    NdisFreeMemory(Open, 0, 0);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
TeamNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TeamOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
TeamReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PTEAM_OPEN              Open = (PTEAM_OPEN)ProtocolBindingContext;

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
TeamSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                               ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
