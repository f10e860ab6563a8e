/*++

Module Name:

    tunim.h

Abstract:

    TUNIM: an NDIS 6.30 intermediate driver under development. It binds to
    Ethernet adapters and starts one virtual miniport above each; the virtual
    miniport mirrors the link state of the adapter below. Forwarding of data
    is not written yet: sends are counted and completed, receives returned.

    BROKEN EXAMPLE: registration and teardown order, and a reset handler
    kept from the physical miniport it was cloned from; see tunim.c.

--*/

#pragma once

#include <ndis.h>

#define TUNIM_NDIS_MAJOR            6
#define TUNIM_NDIS_MINOR            30
#define TUNIM_TAG                   'mInT'
#define TUNIM_MAX_NAME_BYTES        (128 * sizeof(WCHAR))

#if DBG
#define DEBUGP(_Args)               DbgPrint _Args
#else
#define DEBUGP(_Args)
#endif

typedef struct _IM_BINDING
{
    NDIS_HANDLE         BindingHandle;
    NDIS_HANDLE         MiniportAdapterHandle;
    NDIS_EVENT          Event;
    NDIS_STATUS         Status;
    UINT                MediumIndex;
    BOOLEAN             MiniportUp;
    ULONG               MtuSize;
    UCHAR               MacAddress[6];
    ULONG64             SendsCompleted;
    NDIS_STRING         DeviceName;
    WCHAR               DeviceNameBuffer[128];
} IM_BINDING, *PIM_BINDING;

NDIS_DECLARE_PROTOCOL_OPEN_CONTEXT(IM_BINDING);

DRIVER_INITIALIZE                           DriverEntry;
MINIPORT_UNLOAD                             ImUnload;

PROTOCOL_BIND_ADAPTER_EX                    ImBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX                  ImUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX           ImOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX          ImCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                      ImNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE               ImOidRequestComplete;
PROTOCOL_STATUS_EX                          ImStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS           ImReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE     ImSendNetBufferListsComplete;

MINIPORT_INITIALIZE                         ImMpInitialize;
MINIPORT_HALT                               ImMpHalt;
MINIPORT_PAUSE                              ImMpPause;
MINIPORT_RESTART                            ImMpRestart;
MINIPORT_OID_REQUEST                        ImMpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS              ImMpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS            ImMpReturnNetBufferLists;
MINIPORT_CANCEL_SEND                        ImMpCancelSend;
MINIPORT_RESET                              ImMpReset;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY            ImMpDevicePnPEventNotify;
MINIPORT_SHUTDOWN                           ImMpShutdown;
MINIPORT_CANCEL_OID_REQUEST                 ImMpCancelOidRequest;
