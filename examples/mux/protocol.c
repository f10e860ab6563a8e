/*++

Module Name:

    protocol.c

Abstract:

    The lower edge of TUNMUX: binding to an Ethernet adapter, bringing up the
    virtual miniport above it, and carrying traffic between the two.

Environment:

    Kernel mode. Bind, unbind and PnP events run at PASSIVE_LEVEL; the data
    path and the completions at IRQL <= DISPATCH_LEVEL.

--*/

#include "mux.h"

static NDIS_MEDIUM      MuxMediumArray[] = { NdisMedium802_3 };
static NDIS_STRING      MuxUpperBindingsKey = NDIS_STRING_CONST("UpperBindings");

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
MuxAllocateAdapt(
    _In_ PNDIS_BIND_PARAMETERS  BindParameters,
    _Outptr_ PADAPT             *AdaptOut
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
NDIS_STATUS
MuxReadUpperBinding(
    _In_ NDIS_HANDLE            BindContext,
    _Inout_ PADAPT              Adapt
    );

static
VOID
MuxFreeAdapt(
    _In_ PADAPT                 Adapt
    );

_IRQL_requires_(PASSIVE_LEVEL)
static
VOID
MuxCloseLowerBinding(
    _In_ PADAPT                 Adapt
    );

#pragma alloc_text(PAGE, MuxReadUpperBinding)

_Use_decl_annotations_
NDIS_STATUS
MuxBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
/*++

Routine Description:

    Opens the lower adapter, then asks NDIS to start the virtual miniport
    named by the binding's UpperBindings value. The very first bind also
    registers the internal interface TUNMUX provides.

--*/
{
    NDIS_STATUS             Status;
    PADAPT                  Adapt = NULL;
    PVELAN                  VElan = NULL;
    NDIS_OPEN_PARAMETERS    OpenParameters;
    BOOLEAN                 Opened = FALSE;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    DEBUGP(("TUNMUX: ==> MuxBindAdapter %wZ\n", BindParameters->AdapterName));

    if (BindParameters->Header.Type != NDIS_OBJECT_TYPE_BIND_PARAMETERS ||
        BindParameters->Header.Revision < NDIS_BIND_PARAMETERS_REVISION_1 ||
        BindParameters->MediaType != NdisMedium802_3)
    {
        Status = NDIS_STATUS_INVALID_PARAMETER;
        goto Exit;
    }

    Status = MuxAllocateAdapt(BindParameters, &Adapt);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

    Status = MuxReadUpperBinding(BindContext, Adapt);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

    Status = MuxRegisterInternalInterface();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

    NdisZeroMemory(&OpenParameters, sizeof(OpenParameters));
    OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    OpenParameters.AdapterName = BindParameters->AdapterName;
    OpenParameters.MediumArray = MuxMediumArray;
    OpenParameters.MediumArraySize = RTL_NUMBER_OF(MuxMediumArray);
    OpenParameters.SelectedMediumIndex = &Adapt->MediumIndex;
    OpenParameters.FrameTypeArray = NULL;           // every frame type
    OpenParameters.FrameTypeArraySize = 0;

    NdisResetEvent(&Adapt->Event);

    Status = NdisOpenAdapterEx(g_MuxGlobals.ProtocolHandle,
                               (NDIS_HANDLE)Adapt,
                               &OpenParameters,
                               BindContext,
                               &Adapt->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Adapt->Event, 0);
        Status = Adapt->Status;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNMUX: NdisOpenAdapterEx failed, status 0x%08x\n", Status));
        goto Exit;
    }
    Opened = TRUE;
    Adapt->LowerState = MuxBindPaused;

    //
    // The lower binding is open: bring up the virtual miniport on top of it.
    // MuxMpInitialize may run inside this call, later, or never.
    //
    VElan = NdisAllocateMemoryWithTagPriority(g_MuxGlobals.ProtocolHandle,
                                              sizeof(VELAN),
                                              MUX_TAG,
                                              NormalPoolPriority);
    if (VElan == NULL)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto Exit;
    }
    NdisZeroMemory(VElan, sizeof(VELAN));
    VElan->Adapt = Adapt;
    VElan->MpState = MuxMpHalted;
    VElan->InitPending = TRUE;
    NdisInitializeEvent(&VElan->InitDoneEvent);
    NdisInitializeEvent(&VElan->HaltEvent);
    Adapt->VElan = VElan;

    NdisAcquireSpinLock(&g_MuxGlobals.Lock);
    InsertTailList(&g_MuxGlobals.AdapterList, &Adapt->Link);
    NdisReleaseSpinLock(&g_MuxGlobals.Lock);

    Status = NdisIMInitializeDeviceInstanceEx(g_MuxGlobals.MiniportDriverHandle,
                                              &Adapt->UpperBinding,
                                              (NDIS_HANDLE)VElan);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DEBUGP(("TUNMUX: NdisIMInitializeDeviceInstanceEx failed, status 0x%08x\n", Status));

        NdisAcquireSpinLock(&g_MuxGlobals.Lock);
        RemoveEntryList(&Adapt->Link);
        NdisReleaseSpinLock(&g_MuxGlobals.Lock);
        goto Exit;
    }

Exit:
    if (Status != NDIS_STATUS_SUCCESS && Adapt != NULL)
    {
        if (Adapt->VElan != NULL)
        {
            NdisFreeMemory(Adapt->VElan, 0, 0);
            Adapt->VElan = NULL;
        }
        if (Opened)
        {
            MuxCloseLowerBinding(Adapt);
        }
        MuxFreeAdapt(Adapt);
    }

    DEBUGP(("TUNMUX: <== MuxBindAdapter, status 0x%08x\n", Status));
    return Status;
}

_Use_decl_annotations_
VOID
MuxOpenAdapterComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    NDIS_STATUS             Status
    )
{
    PADAPT                  Adapt = (PADAPT)ProtocolBindingContext;

    Adapt->Status = Status;
    NdisSetEvent(&Adapt->Event);
}

_Use_decl_annotations_
NDIS_STATUS
MuxUnbindAdapter(
    NDIS_HANDLE             UnbindContext,
    NDIS_HANDLE             ProtocolBindingContext
    )
/*++

Routine Description:

    Tears down the virtual miniport, then closes the lower binding. NDIS has
    paused the binding already.

--*/
{
    PADAPT                  Adapt = (PADAPT)ProtocolBindingContext;
    PVELAN                  VElan = Adapt->VElan;
    NDIS_STATUS             Status;
    BOOLEAN                 InitPending;
    BOOLEAN                 Initialized;

    UNREFERENCED_PARAMETER(UnbindContext);

    DEBUGP(("TUNMUX: ==> MuxUnbindAdapter %p\n", Adapt));

    if (VElan != NULL)
    {
        NdisAcquireSpinLock(&Adapt->Lock);
        InitPending = VElan->InitPending;
        Initialized = VElan->Initialized;
        NdisReleaseSpinLock(&Adapt->Lock);

        if (InitPending)
        {
            Status = NdisIMCancelInitializeDeviceInstance(g_MuxGlobals.MiniportDriverHandle,
                                                          &Adapt->UpperBinding);
            if (Status != NDIS_STATUS_SUCCESS)
            {
                //
                // Too late to cancel: MuxMpInitialize is running. Let it
                // finish, then undo whatever it did.
                //
                NdisWaitEvent(&VElan->InitDoneEvent, 0);

                NdisAcquireSpinLock(&Adapt->Lock);
                Initialized = VElan->Initialized;
                NdisReleaseSpinLock(&Adapt->Lock);
            }
        }

        if (Initialized)
        {
            //
            // NDIS unbinds the protocols above the virtual miniport, then
            // halts it (MuxMpHalt sets HaltEvent).
            //
            Status = NdisIMDeInitializeDeviceInstance(VElan->MiniportAdapterHandle);
            if (Status == NDIS_STATUS_SUCCESS)
            {
                NdisWaitEvent(&VElan->HaltEvent, 0);
            }
        }

        Adapt->VElan = NULL;
        NdisFreeMemory(VElan, 0, 0);
    }

    NdisAcquireSpinLock(&g_MuxGlobals.Lock);
    RemoveEntryList(&Adapt->Link);
    NdisReleaseSpinLock(&g_MuxGlobals.Lock);

    MuxCloseLowerBinding(Adapt);
    MuxFreeAdapt(Adapt);

    DEBUGP(("TUNMUX: <== MuxUnbindAdapter\n"));
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MuxCloseAdapterComplete(
    NDIS_HANDLE             ProtocolBindingContext
    )
{
    PADAPT                  Adapt = (PADAPT)ProtocolBindingContext;

    NdisSetEvent(&Adapt->Event);
}

_Use_decl_annotations_
NDIS_STATUS
MuxNetPnPEvent(
    NDIS_HANDLE                 ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PADAPT                      Adapt = (PADAPT)ProtocolBindingContext;
    BOOLEAN                     MustWait;

    switch (NetPnPEventNotification->NetPnPEvent.NetEvent)
    {
    case NetEventPause:
        //
        // Stop sending down and wait for the clones already sent.
        //
        NdisResetEvent(&Adapt->SendsDrainedEvent);

        NdisAcquireSpinLock(&Adapt->Lock);
        Adapt->LowerState = MuxBindPausing;
        MustWait = (Adapt->SendsInFlight != 0);
        NdisReleaseSpinLock(&Adapt->Lock);

        if (MustWait)
        {
            NdisWaitEvent(&Adapt->SendsDrainedEvent, 0);
        }

        NdisAcquireSpinLock(&Adapt->Lock);
        Adapt->LowerState = MuxBindPaused;
        NdisReleaseSpinLock(&Adapt->Lock);
        break;

    case NetEventRestart:
        NdisAcquireSpinLock(&Adapt->Lock);
        Adapt->LowerState = MuxBindRunning;
        NdisReleaseSpinLock(&Adapt->Lock);
        break;

    default:
        break;
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MuxOidRequestComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_OID_REQUEST       OidRequest,
    NDIS_STATUS             Status
    )
{
    PVELAN                  VElan = CONTAINING_RECORD(OidRequest, VELAN, LowerRequest);

    UNREFERENCED_PARAMETER(ProtocolBindingContext);

    MuxCompleteForwardedRequest(VElan, Status, TRUE);
}

_Use_decl_annotations_
VOID
MuxStatus(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    PADAPT                  Adapt = (PADAPT)ProtocolBindingContext;
    PVELAN                  VElan = Adapt->VElan;
    NDIS_STATUS_INDICATION  Indication;
    BOOLEAN                 Indicate;

    if (VElan == NULL || StatusIndication->StatusCode != NDIS_STATUS_LINK_STATE)
    {
        return;
    }

    NdisAcquireSpinLock(&Adapt->Lock);
    Indicate = VElan->Initialized;
    NdisReleaseSpinLock(&Adapt->Lock);

    if (Indicate)
    {
        //
        // The virtual miniport's link follows the physical one.
        //
        Indication = *StatusIndication;
        Indication.SourceHandle = VElan->MiniportAdapterHandle;
        Indication.DestinationHandle = NULL;
        Indication.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
        NdisMIndicateStatusEx(VElan->MiniportAdapterHandle, &Indication);
    }
}

_Use_decl_annotations_
VOID
MuxReceiveNetBufferLists(
    NDIS_HANDLE             ProtocolBindingContext,
    PNET_BUFFER_LIST        NetBufferLists,
    NDIS_PORT_NUMBER        PortNumber,
    ULONG                   NumberOfNetBufferLists,
    ULONG                   ReceiveFlags
    )
/*++

Routine Description:

    Indicates a clone of every received NBL through the virtual miniport.
    Originals go back to the miniport below when their clones come back
    (MuxMpReturnNetBufferLists), or at once when they cannot be indicated.
    With NDIS_RECEIVE_FLAGS_RESOURCES nothing is returned: the miniport below
    owns its NBLs again when we return, and their chain is left as it came.

--*/
{
    PADAPT                  Adapt = (PADAPT)ProtocolBindingContext;
    PVELAN                  VElan = Adapt->VElan;
    BOOLEAN                 Resources = (ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) != 0;
    ULONG                   ReturnFlags = 0;
    PNET_BUFFER_LIST        NetBufferList;
    PNET_BUFFER_LIST        Next;
    PNET_BUFFER_LIST        Clone;
    PNET_BUFFER_LIST        CloneHead = NULL;
    PNET_BUFFER_LIST        *CloneTail = &CloneHead;
    PNET_BUFFER_LIST        ReturnHead = NULL;
    ULONG                   Clones = 0;
    ULONG                   Unused;
    BOOLEAN                 Indicate = FALSE;

    UNREFERENCED_PARAMETER(PortNumber);

    if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags))
    {
        NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }

    //
    // Count the indication in before looking at the NBLs, so a pause of the
    // virtual miniport cannot complete while it is under way.
    //
    if (VElan != NULL)
    {
        NdisAcquireSpinLock(&Adapt->Lock);
        Indicate = (VElan->MpState == MuxMpRunning);
        if (Indicate)
        {
            Adapt->ReceivesUp += NumberOfNetBufferLists;
        }
        NdisReleaseSpinLock(&Adapt->Lock);
    }

    for (NetBufferList = NetBufferLists; NetBufferList != NULL; NetBufferList = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(NetBufferList);

        Clone = Indicate ? NdisAllocateCloneNetBufferList(NetBufferList, Adapt->NblPool, NULL, 0) : NULL;
        if (Clone == NULL)
        {
            if (!Resources)
            {
                NET_BUFFER_LIST_NEXT_NBL(NetBufferList) = ReturnHead;
                ReturnHead = NetBufferList;
            }
            continue;
        }

        Clone->ParentNetBufferList = NetBufferList;
        Clone->SourceHandle = VElan->MiniportAdapterHandle;
        *CloneTail = Clone;
        CloneTail = &NET_BUFFER_LIST_NEXT_NBL(Clone);
        Clones++;
    }

    if (CloneHead != NULL)
    {
        NdisMIndicateReceiveNetBufferLists(VElan->MiniportAdapterHandle,
                                           CloneHead,
                                           NDIS_DEFAULT_PORT_NUMBER,
                                           Clones,
                                           ReceiveFlags);

        if (Resources)
        {
            //
            // The clones are ours again as soon as the indication returns.
            //
            for (Clone = CloneHead; Clone != NULL; Clone = Next)
            {
                Next = NET_BUFFER_LIST_NEXT_NBL(Clone);
                NdisFreeCloneNetBufferList(Clone, 0);
            }
        }
    }

    if (Indicate)
    {
        //
        // Give back what was counted in but will not come back through
        // MuxMpReturnNetBufferLists.
        //
        Unused = Resources ? NumberOfNetBufferLists : NumberOfNetBufferLists - Clones;
        if (Unused != 0)
        {
            NdisAcquireSpinLock(&Adapt->Lock);
            Adapt->ReceivesUp -= Unused;
            NdisReleaseSpinLock(&Adapt->Lock);

            MuxCheckPauseComplete(VElan);
        }
    }

    if (ReturnHead != NULL)
    {
        NdisReturnNetBufferLists(Adapt->BindingHandle, ReturnHead, ReturnFlags);
    }
}

_Use_decl_annotations_
VOID
MuxSendNetBufferListsComplete(
    NDIS_HANDLE             ProtocolBindingContext,
    PNET_BUFFER_LIST        NetBufferLists,
    ULONG                   SendCompleteFlags
    )
{
    PADAPT                  Adapt = (PADAPT)ProtocolBindingContext;
    PVELAN                  VElan = Adapt->VElan;
    PNET_BUFFER_LIST        Clone;
    PNET_BUFFER_LIST        Next;
    PNET_BUFFER_LIST        Parent;
    PNET_BUFFER_LIST        ParentHead = NULL;
    ULONG                   Completed = 0;

    for (Clone = NetBufferLists; Clone != NULL; Clone = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(Clone);

        Parent = Clone->ParentNetBufferList;
        NET_BUFFER_LIST_STATUS(Parent) = NET_BUFFER_LIST_STATUS(Clone);
        NdisFreeCloneNetBufferList(Clone, 0);

        NET_BUFFER_LIST_NEXT_NBL(Parent) = ParentHead;
        ParentHead = Parent;
        Completed++;
    }

    NdisMSendNetBufferListsComplete(VElan->MiniportAdapterHandle, ParentHead, SendCompleteFlags);

    NdisAcquireSpinLock(&Adapt->Lock);
    Adapt->SendsInFlight -= Completed;
    if (Adapt->SendsInFlight == 0 && Adapt->LowerState == MuxBindPausing)
    {
        NdisSetEvent(&Adapt->SendsDrainedEvent);
    }
    NdisReleaseSpinLock(&Adapt->Lock);

    MuxCheckPauseComplete(VElan);
}

_Use_decl_annotations_
static
NDIS_STATUS
MuxAllocateAdapt(
    PNDIS_BIND_PARAMETERS   BindParameters,
    PADAPT                  *AdaptOut
    )
{
    PADAPT                          Adapt;
    NET_BUFFER_LIST_POOL_PARAMETERS PoolParameters;

    *AdaptOut = NULL;

    Adapt = NdisAllocateMemoryWithTagPriority(g_MuxGlobals.ProtocolHandle,
                                              sizeof(ADAPT) + MUX_MAX_DEVICE_NAME_BYTES,
                                              MUX_TAG,
                                              NormalPoolPriority);
    if (Adapt == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(Adapt, sizeof(ADAPT) + MUX_MAX_DEVICE_NAME_BYTES);
    NdisAllocateSpinLock(&Adapt->Lock);
    NdisInitializeEvent(&Adapt->Event);
    NdisInitializeEvent(&Adapt->SendsDrainedEvent);
    Adapt->LowerState = MuxBindOpening;
    Adapt->UpperBinding.Buffer = (PWSTR)(Adapt + 1);
    Adapt->UpperBinding.MaximumLength = MUX_MAX_DEVICE_NAME_BYTES;
    Adapt->MtuSize = BindParameters->MtuSize;
    Adapt->LookaheadSize = BindParameters->LookaheadSize;
    Adapt->MaxLinkSpeed = BindParameters->MaxXmitLinkSpeed;
    if (BindParameters->MacAddressLength == MUX_MAC_LENGTH)
    {
        NdisMoveMemory(Adapt->MacAddress, BindParameters->CurrentMacAddress, MUX_MAC_LENGTH);
    }

    NdisZeroMemory(&PoolParameters, sizeof(PoolParameters));
    PoolParameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    PoolParameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
    PoolParameters.fAllocateNetBuffer = FALSE;          // clones only
    PoolParameters.PoolTag = MUX_TAG;

    Adapt->NblPool = NdisAllocateNetBufferListPool(g_MuxGlobals.ProtocolHandle, &PoolParameters);
    if (Adapt->NblPool == NULL)
    {
        MuxFreeAdapt(Adapt);
        return NDIS_STATUS_RESOURCES;
    }

    *AdaptOut = Adapt;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
static
NDIS_STATUS
MuxReadUpperBinding(
    NDIS_HANDLE             BindContext,
    PADAPT                  Adapt
    )
/*++

Routine Description:

    Reads the device instance name of the virtual miniport from the
    binding's UpperBindings value (the first entry of the MULTI_SZ).

--*/
{
    NDIS_STATUS                     Status;
    NDIS_CONFIGURATION_OBJECT       ConfigObject;
    NDIS_HANDLE                     ConfigHandle = NULL;
    PNDIS_CONFIGURATION_PARAMETER   Parameter = NULL;
    PNDIS_STRING                    Value;
    ULONG                           Chars;

    PAGED_CODE();

    NdisZeroMemory(&ConfigObject, sizeof(ConfigObject));
    ConfigObject.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    ConfigObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    ConfigObject.NdisHandle = BindContext;
    ConfigObject.Flags = 0;

    Status = NdisOpenConfigurationEx(&ConfigObject, &ConfigHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }

    NdisReadConfiguration(&Status,
                          &Parameter,
                          ConfigHandle,
                          &MuxUpperBindingsKey,
                          NdisParameterMultiString);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Value = &Parameter->ParameterData.StringData;
        if (Value->Length == 0 || Value->Length > Adapt->UpperBinding.MaximumLength)
        {
            Status = NDIS_STATUS_INVALID_DATA;
        }
        else
        {
            //
            // Keep the first string of the MULTI_SZ: one virtual miniport
            // per lower adapter.
            //
            for (Chars = 0;
                 Chars < Value->Length / sizeof(WCHAR) && Value->Buffer[Chars] != L'\0';
                 Chars++)
            {
                Adapt->UpperBinding.Buffer[Chars] = Value->Buffer[Chars];
            }
            Adapt->UpperBinding.Length = (USHORT)(Chars * sizeof(WCHAR));
        }
    }

    NdisCloseConfiguration(ConfigHandle);
    return Status;
}

_Use_decl_annotations_
static
VOID
MuxCloseLowerBinding(
    PADAPT                  Adapt
    )
{
    NDIS_STATUS             Status;

    NdisAcquireSpinLock(&Adapt->Lock);
    Adapt->LowerState = MuxBindClosing;
    NdisReleaseSpinLock(&Adapt->Lock);

    NdisResetEvent(&Adapt->Event);

    Status = NdisCloseAdapterEx(Adapt->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Adapt->Event, 0);
    }
    Adapt->BindingHandle = NULL;
}

_Use_decl_annotations_
static
VOID
MuxFreeAdapt(
    PADAPT                  Adapt
    )
{
    if (Adapt->NblPool != NULL)
    {
        NdisFreeNetBufferListPool(Adapt->NblPool);
    }
    NdisFreeSpinLock(&Adapt->Lock);
    NdisFreeMemory(Adapt, 0, 0);
}
