/*++

Module Name:

    oid.c

Abstract:

    OID requests TUNPROT issues to the adapters it is bound to. The only one
    is OID_GEN_CURRENT_PACKET_FILTER: set when a binding restarts, cleared
    before it is closed.

Environment:

    Kernel mode.

--*/

#include "tunprot.h"

#pragma alloc_text(PAGE, TunpSetPacketFilter)

_Use_decl_annotations_
NDIS_STATUS
TunpSetPacketFilter(
    PTUN_OPEN               Open,
    ULONG                   PacketFilter
    )
/*++

Routine Description:

    Sets the packet filter on the binding and waits for the answer. There is
    one request buffer per binding; its two callers (NetEventRestart and the
    unbind) never overlap because NDIS serializes PnP work on a binding.

--*/
{
    PNDIS_OID_REQUEST       Request = &Open->FilterRequest;
    NDIS_STATUS             Status;

    PAGED_CODE();

    NdisZeroMemory(Request, sizeof(NDIS_OID_REQUEST));
    Request->Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    Request->Header.Revision = NDIS_OID_REQUEST_REVISION_1;
    Request->Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
    Request->RequestType = NdisRequestSetInformation;
    Request->PortNumber = NDIS_DEFAULT_PORT_NUMBER;

    Open->PacketFilter = PacketFilter;
    Request->DATA.SET_INFORMATION.Oid = OID_GEN_CURRENT_PACKET_FILTER;
    Request->DATA.SET_INFORMATION.InformationBuffer = &Open->PacketFilter;
    Request->DATA.SET_INFORMATION.InformationBufferLength = sizeof(Open->PacketFilter);

    NdisResetEvent(&Open->RequestEvent);

    Status = NdisOidRequest(Open->BindingHandle, Request);
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Open->RequestEvent, 0);
        Status = Open->RequestStatus;
    }

    DEBUGP(DL_INFO, ("binding %p: packet filter 0x%x, status 0x%08x\n",
                     Open, PacketFilter, Status));
    return Status;
}

_Use_decl_annotations_
VOID
TunpOidRequestComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_OID_REQUEST       OidRequest,
    NDIS_STATUS             Status
    )
/*++

Routine Description:

    Completion of a request that NdisOidRequest pended. Runs at up to
    DISPATCH_LEVEL: it only records the status and wakes the waiter.

--*/
{
    PTUN_OPEN               Open = (PTUN_OPEN)ProtocolBindingContext;

    ASSERT(OidRequest == &Open->FilterRequest);
    UNREFERENCED_PARAMETER(OidRequest);

    Open->RequestStatus = Status;
    NdisSetEvent(&Open->RequestEvent);
}
