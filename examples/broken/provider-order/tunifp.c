/*++

Module Name:

    tunifp.c

Abstract:

    TUNIFP protocol driver and interface provider. See tunifp.h.

--*/

#include "tunifp.h"

NDIS_HANDLE         g_IfpProtocolHandle;
NDIS_HANDLE         g_IfpProviderHandle;
NET_IFINDEX         g_IfpIfIndex;
BOOLEAN             g_IfpInterfaceRegistered;
volatile LONG64     g_IfpFrames;

static NDIS_MEDIUM  IfpMediumArray[] = { NdisMedium802_3 };

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
IfpRegisterManagementInterface(
    VOID
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
IfpRegisterProvider(
    VOID
    );

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, IfpRegisterManagementInterface)
#pragma alloc_text(INIT, IfpRegisterProvider)
#pragma alloc_text(PAGE, IfpUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNIFP");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = 6;
    ProtocolChars.MinorNdisVersion = 30;
    ProtocolChars.Name = Name;
    ProtocolChars.BindAdapterHandlerEx = IfpBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = IfpUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = IfpOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = IfpCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = IfpNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = IfpOidRequestComplete;
    ProtocolChars.ReceiveNetBufferListsHandler = IfpReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = IfpSendNetBufferListsComplete;

    DriverObject->DriverUnload = IfpUnload;

    Status = NdisRegisterProtocolDriver(NULL, &ProtocolChars, &g_IfpProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    Status = IfpRegisterManagementInterface();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto DeregisterProtocol;
    }

    Status = IfpRegisterProvider();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto DeregisterInterface;
    }

    return NDIS_STATUS_SUCCESS;

DeregisterInterface:
    NdisIfDeregisterInterface(g_IfpIfIndex);
    g_IfpInterfaceRegistered = FALSE;

DeregisterProtocol:
    NdisDeregisterProtocolDriver(g_IfpProtocolHandle);
    g_IfpProtocolHandle = NULL;
    return Status;
}

_Use_decl_annotations_
static
NDIS_STATUS
IfpRegisterManagementInterface(VOID)
{
    NDIS_STATUS         Status;
    NET_LUID            NetLuid;
    IFP_IF_INFO         IfInfo;

    NDIS_MAKE_NET_LUID(&NetLuid, TUNIFP_IF_TYPE, TUNIFP_LUID_INDEX);     // NDIS215: a fixed index, not one from NdisIfAllocateNetLuidIndex; another provider may own it

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
    IfInfo.Info.FriendlyNameLength = sizeof(TUNIFP_IF_NAME) - sizeof(WCHAR);
    IfInfo.Info.FriendlyNameOffset = FIELD_OFFSET(IFP_IF_INFO, FriendlyName);
    NdisMoveMemory(IfInfo.FriendlyName, TUNIFP_IF_NAME, sizeof(TUNIFP_IF_NAME));
    IfInfo.Info.MediaType = NdisMedium802_3;
    IfInfo.Info.PhysicalMediumType = NdisPhysicalMediumUnspecified;

    Status = NdisIfRegisterInterface(g_IfpProviderHandle, NetLuid, NULL, &IfInfo.Info, &g_IfpIfIndex);   // NDIS207: g_IfpProviderHandle is only registered by IfpRegisterProvider, after this
    if (Status == NDIS_STATUS_SUCCESS)
    {
        g_IfpInterfaceRegistered = TRUE;
    }

    return Status;
}

_Use_decl_annotations_
static
NDIS_STATUS
IfpRegisterProvider(VOID)
{
    NDIS_STATUS                         Status;
    NDIS_IF_PROVIDER_CHARACTERISTICS    ProviderChars;

    NdisZeroMemory(&ProviderChars, sizeof(ProviderChars));
    ProviderChars.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    ProviderChars.Header.Revision = NDIS_OBJECT_REVISION_1;
    ProviderChars.Header.Size = NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1;
    ProviderChars.QueryObjectHandler = IfpQueryObject;
    ProviderChars.SetObjectHandler = NULL;                                  // NDIS112: ProviderSetObject is mandatory even though no set OIDs are defined

    Status = NdisIfRegisterProvider(&ProviderChars, NULL, &g_IfpProviderHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNIFP: NdisIfRegisterProvider failed, status 0x%08x\n", Status));
        g_IfpProviderHandle = NULL;
    }

    return Status;
}

_Use_decl_annotations_
VOID
IfpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    if (g_IfpInterfaceRegistered)
    {
        NdisIfDeregisterInterface(g_IfpIfIndex);
        g_IfpInterfaceRegistered = FALSE;
    }

    NdisIfDeregisterProvider(g_IfpProviderHandle);
    g_IfpProviderHandle = NULL;

    NdisDeregisterProtocolDriver(g_IfpProtocolHandle);
    g_IfpProtocolHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
IfpQueryObject(NDIS_HANDLE ProviderIfContext, NET_IF_OBJECT_ID ObjectId,
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
    case OID_GEN_MEDIA_CONNECT_STATUS_EX:
        Value = MediaConnectStateConnected;
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
IfpBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
               PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_STATUS             Status;
    PIFP_OPEN               Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    Open = NdisAllocateMemoryWithTagPriority(g_IfpProtocolHandle, sizeof(IFP_OPEN),
                                             TUNIFP_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(IFP_OPEN));
    Open->BindContext = BindContext;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = IfpMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(IfpMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;

    Status = NdisOpenAdapterEx(g_IfpProtocolHandle, Open, &OpenParameters,
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
IfpOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PIFP_OPEN               Open = (PIFP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
IfpUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PIFP_OPEN               Open = (PIFP_OPEN)ProtocolBindingContext;
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
IfpCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PIFP_OPEN               Open = (PIFP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    NdisFreeMemory(Open, 0, 0);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
NDIS_STATUS
IfpNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
IfpOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
IfpReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PIFP_OPEN               Open = (PIFP_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);

    InterlockedAdd64(&g_IfpFrames, NumberOfNetBufferLists);

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                     NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

_Use_decl_annotations_
VOID
IfpSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                              ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
