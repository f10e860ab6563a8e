/*++

Module Name:

    tunshape.h

Abstract:

    TUNSHAPE: an NDIS 6.30 lightweight filter that will pace tunnel traffic
    to a share of the link speed. This build passes traffic through and
    learns the link speed of each adapter when its module restarts.

    BROKEN EXAMPLE: two calls run at the wrong IRQL; see the NDIS2xx
    comments in tunshape.c.

--*/

#pragma once

#include <ndis.h>

#define TUNSHAPE_FRIENDLY_NAME      L"Tunnel Workbench Shaper"
#define TUNSHAPE_UNIQUE_NAME        L"{0d7b3e94-61c2-4a58-b0f7-3e8c2d19a546}"
#define TUNSHAPE_SERVICE_NAME       L"TUNSHAPE"
#define TUNSHAPE_TAG                'pahS'

#define TUNSHAPE_ORIGINAL_REQUEST(_Clone)   (*(PNDIS_OID_REQUEST *)&(_Clone)->SourceReserved[0])

typedef struct _SHAPE_MODULE
{
    LIST_ENTRY          Link;
    NDIS_HANDLE         FilterHandle;
    BOOLEAN             Running;
    NDIS_OID_REQUEST    LinkSpeedRequest;       // issued by the filter itself
    NDIS_LINK_SPEED     LinkSpeed;
} SHAPE_MODULE, *PSHAPE_MODULE;

NDIS_DECLARE_FILTER_MODULE_CONTEXT(SHAPE_MODULE);

DRIVER_INITIALIZE                           DriverEntry;
DRIVER_UNLOAD                               ShapeUnload;

FILTER_ATTACH                               ShapeAttach;
FILTER_DETACH                               ShapeDetach;
FILTER_RESTART                              ShapeRestart;
FILTER_PAUSE                                ShapePause;
FILTER_OID_REQUEST                          ShapeOidRequest;
FILTER_OID_REQUEST_COMPLETE                 ShapeOidRequestComplete;
FILTER_SEND_NET_BUFFER_LISTS                ShapeSendNetBufferLists;
FILTER_RECEIVE_NET_BUFFER_LISTS             ShapeReceiveNetBufferLists;
