/*++

Module Name:

    tunim.c

Abstract:

    TUNIM intermediate driver: both edges. See tunim.h.

--*/

#include "tunim.h"

NDIS_HANDLE         g_ImProtocolHandle;
NDIS_HANDLE         g_ImMiniportDriverHandle;

static NDIS_MEDIUM  ImMediumArray[] = { NdisMedium802_3 };
static NDIS_STRING  ImUpperBindings = NDIS_STRING_CONST("UpperBindings");

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ImUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    PChars;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    MChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNIM");

    NdisZeroMemory(&PChars, sizeof(PChars));
    PChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    PChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    PChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    PChars.MajorNdisVersion = TUNIM_NDIS_MAJOR;
    PChars.MinorNdisVersion = TUNIM_NDIS_MINOR;
    PChars.Name = Name;
    PChars.BindAdapterHandlerEx = ImBindAdapter;
    PChars.UnbindAdapterHandlerEx = ImUnbindAdapter;
    PChars.OpenAdapterCompleteHandlerEx = ImOpenAdapterComplete;
    PChars.CloseAdapterCompleteHandlerEx = ImCloseAdapterComplete;
    PChars.NetPnPEventHandler = ImNetPnPEvent;
    PChars.OidRequestCompleteHandler = ImOidRequestComplete;
    PChars.StatusHandlerEx = ImStatus;
    PChars.ReceiveNetBufferListsHandler = ImReceiveNetBufferLists;
    PChars.SendNetBufferListsCompleteHandler = ImSendNetBufferListsComplete;

    Status = NdisRegisterProtocolDriver(NULL, &PChars, &g_ImProtocolHandle);   // NDIS206: protocol edge registered before the miniport edge; ImBindAdapter can run before g_ImMiniportDriverHandle exists
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    NdisZeroMemory(&MChars, sizeof(MChars));
    MChars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    MChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.MajorNdisVersion = TUNIM_NDIS_MAJOR;
    MChars.MinorNdisVersion = TUNIM_NDIS_MINOR;
    MChars.Flags = NDIS_INTERMEDIATE_DRIVER;
    MChars.InitializeHandlerEx = ImMpInitialize;
    MChars.HaltHandlerEx = ImMpHalt;
    MChars.UnloadHandler = ImUnload;
    MChars.PauseHandler = ImMpPause;
    MChars.RestartHandler = ImMpRestart;
    MChars.OidRequestHandler = ImMpOidRequest;
    MChars.SendNetBufferListsHandler = ImMpSendNetBufferLists;
    MChars.ReturnNetBufferListsHandler = ImMpReturnNetBufferLists;
    MChars.CancelSendHandler = ImMpCancelSend;
    MChars.ResetHandlerEx = ImMpReset;                                      // NDIS106: an intermediate driver's virtual miniport must leave ResetHandlerEx NULL
    MChars.DevicePnPEventNotifyHandler = ImMpDevicePnPEventNotify;
    MChars.ShutdownHandlerEx = ImMpShutdown;
    MChars.CancelOidRequestHandler = ImMpCancelOidRequest;

    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &g_ImMiniportDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisDeregisterProtocolDriver(g_ImProtocolHandle);
        g_ImProtocolHandle = NULL;
        return Status;
    }

    NdisIMAssociateMiniport(g_ImMiniportDriverHandle, g_ImProtocolHandle);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ImUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    //
    // Undo DriverEntry in reverse.
    //
    NdisMDeregisterMiniportDriver(g_ImMiniportDriverHandle);                // NDIS213: the miniport edge goes first, while the protocol edge can still bind and start virtual miniports
    g_ImMiniportDriverHandle = NULL;

    NdisDeregisterProtocolDriver(g_ImProtocolHandle);
    g_ImProtocolHandle = NULL;
}

//
// Protocol edge
//

_Use_decl_annotations_
NDIS_STATUS
ImBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
              PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_STATUS                     Status;
    PIM_BINDING                     Binding;
    NDIS_OPEN_PARAMETERS            OpenParameters;
    NDIS_CONFIGURATION_OBJECT       ConfigObject;
    NDIS_HANDLE                     ConfigHandle;
    PNDIS_CONFIGURATION_PARAMETER   Parameter;
    ULONG                           Chars;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    Binding = NdisAllocateMemoryWithTagPriority(g_ImProtocolHandle, sizeof(IM_BINDING),
                                                TUNIM_TAG, NormalPoolPriority);
    if (Binding == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Binding, sizeof(IM_BINDING));
    NdisInitializeEvent(&Binding->Event);
    Binding->MtuSize = BindParameters->MtuSize;
    NdisMoveMemory(Binding->MacAddress, BindParameters->CurrentMacAddress, 6);
    Binding->DeviceName.Buffer = Binding->DeviceNameBuffer;
    Binding->DeviceName.MaximumLength = TUNIM_MAX_NAME_BYTES;

    //
    // The virtual miniport's device name is the binding's UpperBindings value.
    //
    NdisZeroMemory(&ConfigObject, sizeof(ConfigObject));
    ConfigObject.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    ConfigObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.NdisHandle = BindContext;

    Status = NdisOpenConfigurationEx(&ConfigObject, &ConfigHandle);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        NdisReadConfiguration(&Status, &Parameter, ConfigHandle, &ImUpperBindings, NdisParameterMultiString);
        if (Status == NDIS_STATUS_SUCCESS &&
            Parameter->ParameterData.StringData.Length <= TUNIM_MAX_NAME_BYTES - sizeof(WCHAR))
        {
            NdisMoveMemory(Binding->DeviceNameBuffer, Parameter->ParameterData.StringData.Buffer,
                           Parameter->ParameterData.StringData.Length);
            for (Chars = 0; Chars < 127 && Binding->DeviceNameBuffer[Chars] != L'\0'; Chars++)
            {
            }
            Binding->DeviceName.Length = (USHORT)(Chars * sizeof(WCHAR));   // first string of the MULTI_SZ
        }
        else if (Status == NDIS_STATUS_SUCCESS)
        {
            Status = NDIS_STATUS_INVALID_DATA;
        }
        NdisCloseConfiguration(ConfigHandle);
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Binding, 0, 0);
        return Status;
    }

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = ImMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(ImMediumArray);
    OpenParameters.SelectedMediumIndex = &Binding->MediumIndex;

    Status = NdisOpenAdapterEx(g_ImProtocolHandle, Binding, &OpenParameters,
                               BindContext, &Binding->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Binding->Event, 0);
        Status = Binding->Status;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Binding, 0, 0);
        return Status;
    }

    Status = NdisIMInitializeDeviceInstanceEx(g_ImMiniportDriverHandle, &Binding->DeviceName, Binding);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisResetEvent(&Binding->Event);
        if (NdisCloseAdapterEx(Binding->BindingHandle) == NDIS_STATUS_PENDING)
        {
            NdisWaitEvent(&Binding->Event, 0);
        }
        NdisFreeMemory(Binding, 0, 0);
    }

    return Status;
}

_Use_decl_annotations_
VOID
ImOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PIM_BINDING             Binding = (PIM_BINDING)ProtocolBindingContext;

    Binding->Status = Status;
    NdisSetEvent(&Binding->Event);
}

_Use_decl_annotations_
NDIS_STATUS
ImUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PIM_BINDING             Binding = (PIM_BINDING)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(UnbindContext);

    if (Binding->MiniportUp)
    {
        (VOID)NdisIMDeInitializeDeviceInstance(Binding->MiniportAdapterHandle);
    }
    else if (g_ImMiniportDriverHandle != NULL)
    {
        (VOID)NdisIMCancelInitializeDeviceInstance(g_ImMiniportDriverHandle, &Binding->DeviceName);
    }

    NdisResetEvent(&Binding->Event);
    if (NdisCloseAdapterEx(Binding->BindingHandle) == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Binding->Event, 0);
    }

    NdisFreeMemory(Binding, 0, 0);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ImCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PIM_BINDING             Binding = (PIM_BINDING)ProtocolBindingContext;

    NdisSetEvent(&Binding->Event);
}

_Use_decl_annotations_
NDIS_STATUS
ImNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    //
    // Nothing is sent down yet, so a pause has nothing to wait for.
    //
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ImOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
ImStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    PIM_BINDING             Binding = (PIM_BINDING)ProtocolBindingContext;
    NDIS_STATUS_INDICATION  Indication;

    if (!Binding->MiniportUp || StatusIndication->StatusCode != NDIS_STATUS_LINK_STATE)
    {
        return;
    }

    Indication = *StatusIndication;
    Indication.SourceHandle = Binding->MiniportAdapterHandle;
    Indication.DestinationHandle = NULL;
    NdisMIndicateStatusEx(Binding->MiniportAdapterHandle, &Indication);
}

_Use_decl_annotations_
VOID
ImReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                        NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PIM_BINDING             Binding = (PIM_BINDING)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Binding->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                     NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

_Use_decl_annotations_
VOID
ImSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                             ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

//
// Miniport edge
//

_Use_decl_annotations_
NDIS_STATUS
ImMpInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
               PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    PIM_BINDING                                     Binding;
    NDIS_STATUS                                     Status;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES   RegistrationAttributes;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES        GeneralAttributes;

    UNREFERENCED_PARAMETER(MiniportDriverContext);

    Binding = (PIM_BINDING)MiniportInitParameters->IMDeviceInstanceContext;

    NdisZeroMemory(&RegistrationAttributes, sizeof(RegistrationAttributes));
    RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    RegistrationAttributes.MiniportAdapterContext = Binding;
    RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    RegistrationAttributes.InterfaceType = NdisInterfaceInternal;

    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&RegistrationAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    NdisZeroMemory(&GeneralAttributes, sizeof(GeneralAttributes));
    GeneralAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    GeneralAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    GeneralAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    GeneralAttributes.MediaType = NdisMedium802_3;
    GeneralAttributes.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    GeneralAttributes.MtuSize = Binding->MtuSize;
    GeneralAttributes.MaxXmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
    GeneralAttributes.MaxRcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
    GeneralAttributes.XmitLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
    GeneralAttributes.RcvLinkSpeed = NDIS_LINK_SPEED_UNKNOWN;
    GeneralAttributes.MediaConnectState = MediaConnectStateUnknown;
    GeneralAttributes.MediaDuplexState = MediaDuplexStateUnknown;
    GeneralAttributes.LookaheadSize = Binding->MtuSize;
    GeneralAttributes.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST;
    GeneralAttributes.MacAddressLength = 6;
    NdisMoveMemory(GeneralAttributes.PermanentMacAddress, Binding->MacAddress, 6);
    NdisMoveMemory(GeneralAttributes.CurrentMacAddress, Binding->MacAddress, 6);
    GeneralAttributes.AccessType = NET_IF_ACCESS_BROADCAST;
    GeneralAttributes.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    GeneralAttributes.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    GeneralAttributes.IfType = IF_TYPE_ETHERNET_CSMACD;
    GeneralAttributes.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;

    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&GeneralAttributes);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Binding->MiniportAdapterHandle = MiniportAdapterHandle;
        Binding->MiniportUp = TRUE;
    }

    return Status;
}

_Use_decl_annotations_
VOID
ImMpHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PIM_BINDING             Binding = (PIM_BINDING)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    Binding->MiniportUp = FALSE;
}

_Use_decl_annotations_
NDIS_STATUS
ImMpPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ImMpRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ImMpOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);

    if (NdisRequest->RequestType == NdisRequestSetInformation)
    {
        NdisRequest->DATA.SET_INFORMATION.BytesRead = NdisRequest->DATA.SET_INFORMATION.InformationBufferLength;
        return NDIS_STATUS_SUCCESS;
    }

    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
ImMpSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PIM_BINDING             Binding = (PIM_BINDING)MiniportAdapterContext;
    PNET_BUFFER_LIST        NetBufferList;

    UNREFERENCED_PARAMETER(PortNumber);

    for (NetBufferList = NetBufferLists; NetBufferList != NULL;
         NetBufferList = NET_BUFFER_LIST_NEXT_NBL(NetBufferList))
    {
        NET_BUFFER_LIST_STATUS(NetBufferList) = NDIS_STATUS_SUCCESS;
        Binding->SendsCompleted++;
    }

    NdisMSendNetBufferListsComplete(Binding->MiniportAdapterHandle, NetBufferLists,
                                    NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ?
                                        NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID
ImMpReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID
ImMpCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
NDIS_STATUS
ImMpReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);

    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ImMpDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID
ImMpShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID
ImMpCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
