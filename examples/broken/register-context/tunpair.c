/*++

Module Name:

    tunpair.c

Abstract:

    TUNPAIR / TUNPAIRM protocol pair. See tunpair.h.

--*/

#include "tunpair.h"

PAIR_DRIVER         g_PairMain;
PAIR_DRIVER         g_PairMonitor;

static NDIS_MEDIUM  PairMediumArray[] = { NdisMedium802_3 };

static
VOID
PairFillCharacteristics(
    _Out_ PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars,
    _In_ PNDIS_STRING                           Name
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
PairRegisterMonitor(
    VOID
    );

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PairUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNPAIR");

    UNREFERENCED_PARAMETER(RegistryPath);

    g_PairMonitor.IsMonitor = TRUE;
    PairFillCharacteristics(&ProtocolChars, &Name);

    DriverObject->DriverUnload = PairUnload;

    Status = NdisRegisterProtocolDriver(&g_PairMain, &ProtocolChars, &g_PairMain.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNPAIR: NdisRegisterProtocolDriver failed, status 0x%08x\n", Status));
    }

    return Status;
}

_Use_decl_annotations_
static
VOID
PairFillCharacteristics(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars, PNDIS_STRING Name)
{
    NdisZeroMemory(Chars, sizeof(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS));
    Chars->Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars->Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->MajorNdisVersion = 6;
    Chars->MinorNdisVersion = 30;
    Chars->Name = *Name;
    Chars->BindAdapterHandlerEx = PairBindAdapter;
    Chars->UnbindAdapterHandlerEx = PairUnbindAdapter;
    Chars->OpenAdapterCompleteHandlerEx = PairOpenAdapterComplete;
    Chars->CloseAdapterCompleteHandlerEx = PairCloseAdapterComplete;
    Chars->NetPnPEventHandler = PairNetPnPEvent;
    Chars->OidRequestCompleteHandler = PairOidRequestComplete;
    Chars->ReceiveNetBufferListsHandler = PairReceiveNetBufferLists;
    Chars->SendNetBufferListsCompleteHandler = PairSendNetBufferListsComplete;
}

_Use_decl_annotations_
static
NDIS_STATUS
PairRegisterMonitor(VOID)
{
    NDIS_STATUS                             Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS    ProtocolChars;
    NDIS_STRING                             Name = NDIS_STRING_CONST("TUNPAIRM");

    if (g_PairMonitor.ProtocolHandle != NULL)
    {
        return NDIS_STATUS_SUCCESS;
    }

    PairFillCharacteristics(&ProtocolChars, &Name);

    Status = NdisRegisterProtocolDriver(&g_PairMonitor, &ProtocolChars, &g_PairMonitor.ProtocolHandle);  // NDIS201: protocol registration reached from PairNetPnPEvent, not from DriverEntry
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNPAIR: TUNPAIRM not registered, status 0x%08x\n", Status));
        g_PairMonitor.ProtocolHandle = NULL;
    }

    return Status;
}

_Use_decl_annotations_
VOID
PairUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    if (g_PairMonitor.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(g_PairMonitor.ProtocolHandle);
        g_PairMonitor.ProtocolHandle = NULL;
    }

    NdisDeregisterProtocolDriver(g_PairMain.ProtocolHandle);
    g_PairMain.ProtocolHandle = NULL;
}

_Use_decl_annotations_
NDIS_STATUS
PairNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);

    if (NetPnPEventNotification->NetPnPEvent.NetEvent == NetEventBindsComplete &&
        g_PairMonitor.ProtocolHandle == NULL)
    {
        //
        // TUNPAIR has seen all the adapters present at boot: bring up the
        // monitor protocol now.
        //
        (VOID)PairRegisterMonitor();
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
PairBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                PNDIS_BIND_PARAMETERS BindParameters)
{
    PPAIR_DRIVER            Driver = (PPAIR_DRIVER)ProtocolDriverContext;
    NDIS_STATUS             Status;
    PPAIR_OPEN              Open;
    NDIS_OPEN_PARAMETERS    OpenParameters;

    Open = NdisAllocateMemoryWithTagPriority(Driver->ProtocolHandle, sizeof(PAIR_OPEN),
                                             TUNPAIR_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(PAIR_OPEN));
    Open->Driver = Driver;
    Open->BindContext = BindContext;

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = PairMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(PairMediumArray);
    OpenParameters.SelectedMediumIndex = &Open->MediumIndex;

    Status = NdisOpenAdapterEx(Driver->ProtocolHandle, Open, &OpenParameters,
                               BindContext, &Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisFreeMemory(Open, 0, 0);
        return Status;
    }

    InterlockedIncrement(&Driver->Bindings);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PairOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PPAIR_OPEN              Open = (PPAIR_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             BindContext = Open->BindContext;

    if (Status == NDIS_STATUS_SUCCESS)
    {
        InterlockedIncrement(&Open->Driver->Bindings);
    }
    else
    {
        NdisFreeMemory(Open, 0, 0);
    }
    NdisCompleteBindAdapterEx(BindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
PairUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PPAIR_OPEN              Open = (PPAIR_OPEN)ProtocolBindingContext;
    NDIS_STATUS             Status;

    Open->UnbindContext = UnbindContext;

    Status = NdisCloseAdapterEx(Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_PENDING;
    }

    InterlockedDecrement(&Open->Driver->Bindings);
    NdisFreeMemory(Open, 0, 0);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PairCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PPAIR_OPEN              Open = (PPAIR_OPEN)ProtocolBindingContext;
    NDIS_HANDLE             UnbindContext = Open->UnbindContext;

    InterlockedDecrement(&Open->Driver->Bindings);
    NdisFreeMemory(Open, 0, 0);
    NdisCompleteUnbindAdapterEx(UnbindContext);
}

_Use_decl_annotations_
VOID
PairOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
PairReceiveNetBufferLists(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PPAIR_OPEN              Open = (PPAIR_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);

    InterlockedAdd64(&Open->Frames, NumberOfNetBufferLists);

    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ?
                                     NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

_Use_decl_annotations_
VOID
PairSendNetBufferListsComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                               ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
