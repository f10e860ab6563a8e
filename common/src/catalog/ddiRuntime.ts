/**
 * Binding, attribute, completion, data-path, OID, lock and configuration DDIs (ndis-facts
 * §3.14–3.17, §5). Outside §3 `mustCheck` follows the header's _Must_inspect_result_.
 */
import { ddi, p, st } from './ddiRegistration';
import { DISPATCH, MAX_DISPATCH, MAX_HIGH, MAX_PASSIVE, PASSIVE } from './irql';
import type { DdiDef } from './types';

const H = 'NDIS_HANDLE';
const NBL = 'PNET_BUFFER_LIST';
const OID = 'PNDIS_OID_REQUEST';
const LOCK = 'PNDIS_SPIN_LOCK';

export const RUNTIME_DDI_LIST: readonly DdiDef[] = [
  ddi({
    name: 'NdisOpenAdapterEx', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: true, category: 'binding', since: '6.0',
    params: [p(H, 'NdisProtocolHandle'), p(H, 'ProtocolBindingContext'), p('PNDIS_OPEN_PARAMETERS', 'OpenParameters'), p(H, 'BindContext'), p('PNDIS_HANDLE', 'NdisBindingHandle', 'out')],
    statuses: [
      st('SUCCESS', 'The binding is open (and Paused).'),
      st('PENDING', 'ProtocolOpenAdapterCompleteEx reports the result later; *NdisBindingHandle and *SelectedMediumIndex are not valid until then.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('ADAPTER_NOT_FOUND', 'No adapter has the given AdapterName.'),
      st('UNSUPPORTED_MEDIA', 'No medium in MediumArray is supported by the adapter.'),
      st('FAILURE', 'Any other failure.'),
    ],
    doc: 'Opens a binding to an adapter. Only legal inside ProtocolBindAdapterEx: NDIS fails it elsewhere and bug check 0x7C/0x16 (NDIS_BUGCHECK_INVALID_OPEN_IN_BIND_CONTEXT) covers improper opens. After the open the binding is Paused: no OIDs until the open completes, no sends until NDIS restarts it.',
  }),
  ddi({
    name: 'NdisCloseAdapterEx', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: true, category: 'binding', since: '6.0',
    params: [p(H, 'NdisBindingHandle')],
    statuses: [
      st('SUCCESS', 'The binding is closed.'),
      st('PENDING', 'ProtocolCloseAdapterCompleteEx runs when the close finishes.'),
    ],
    doc: 'Closes a binding, normally from ProtocolUnbindAdapterEx (or from ProtocolBindAdapterEx to back out); elsewhere use NdisUnbindAdapter. Wait for outstanding sends and OIDs first and clear packet filter, multicast list, wake patterns, PM offloads and RSS. The binding handle is invalid from the moment of the call.',
  }),
  ddi({
    name: 'NdisCompleteBindAdapterEx', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'BindAdapterContext'), p('NDIS_STATUS', 'Status')],
    statuses: [],
    doc: 'Finishes a ProtocolBindAdapterEx that returned NDIS_STATUS_PENDING (BindAdapterContext is the BindContext it received).',
  }),
  ddi({
    name: 'NdisCompleteUnbindAdapterEx', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'UnbindContext')],
    statuses: [],
    doc: 'Finishes a ProtocolUnbindAdapterEx that returned NDIS_STATUS_PENDING.',
  }),
  ddi({
    name: 'NdisUnbindAdapter', returnType: 'NDIS_STATUS', irql: MAX_DISPATCH, mustCheck: false, category: 'binding', since: '6.0',
    params: [p(H, 'NdisBindingHandle')],
    statuses: [
      st('SUCCESS', 'NDIS will unbind (ProtocolUnbindAdapterEx follows).'),
      st('FAILURE', 'Generic failure; the individual failure statuses are not itemised in ndis-facts.'),
    ],
    doc: 'Asks NDIS to unbind a binding; the way to close a binding outside ProtocolBindAdapterEx / ProtocolUnbindAdapterEx.',
  }),
  ddi({
    name: 'NdisMSetMiniportAttributes', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: true, category: 'attributes', since: '6.0',
    params: [p(H, 'NdisMiniportHandle'), p('PNDIS_MINIPORT_ADAPTER_ATTRIBUTES', 'MiniportAttributes')],
    statuses: [
      st('SUCCESS', 'The attributes were accepted.'),
      st('BAD_VERSION', 'The attributes\' Header.Revision is not supported.'),
    ],
    doc: 'Sets adapter attributes from MiniportInitializeEx (or MiniportAddDevice). Order: NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES first (before any call that depends on it or claims hardware), then the general attributes, then the others. NdisMRegisterIoPortRange must come after it (SDV rule).',
  }),
  ddi({
    name: 'NdisFSetAttributes', returnType: 'NDIS_STATUS', irql: MAX_PASSIVE, mustCheck: false, category: 'attributes', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(H, 'FilterModuleContext'), p('PNDIS_FILTER_ATTRIBUTES', 'FilterAttributes')],
    statuses: [st('SUCCESS', 'The module context is recorded; other statuses are not itemised in ndis-facts.')],
    doc: 'Registers the filter module context; must be called inside FilterAttach.',
  }),
  ddi({
    name: 'NdisSetOptionalHandlers', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'attributes', since: '6.0',
    params: [p(H, 'NdisHandle'), p('PNDIS_DRIVER_OPTIONAL_HANDLERS', 'OptionalHandlers')],
    statuses: [
      st('SUCCESS', 'The handlers were registered.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('NOT_SUPPORTED', 'The miniport did not declare NDIS 6.0 or later.'),
      st('FAILURE', 'Any other failure.'),
    ],
    doc: 'Registers optional handler sets. Call it from XxxSetOptions; protocols may also call it from Bind or OpenComplete once they hold a binding handle, and filters from FilterSetModuleOptions (to swap data-path handlers with NDIS_FILTER_PARTIAL_CHARACTERISTICS).',
  }),
  ddi({
    name: 'NdisMPauseComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'MiniportAdapterHandle')],
    statuses: [],
    doc: 'Finishes a MiniportPause that returned PENDING. With no pause pending NDIS bug-checks 0x7C/0x1F (NDIS_BUGCHECK_ILLEGAL_MINIPORT_STATE_TRANSITION).',
  }),
  ddi({
    name: 'NdisMRestartComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'MiniportAdapterHandle'), p('NDIS_STATUS', 'Status')],
    statuses: [],
    doc: 'Finishes a MiniportRestart that returned PENDING. With no restart pending NDIS bug-checks 0x7C/0x1F.',
  }),
  ddi({
    name: 'NdisFPauseComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'NdisFilterHandle')],
    statuses: [],
    doc: 'Finishes a FilterPause that returned PENDING (<= DISPATCH_LEVEL, unlike NdisFRestartComplete).',
  }),
  ddi({
    name: 'NdisFRestartComplete', returnType: 'VOID', irql: MAX_PASSIVE, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p('NDIS_STATUS', 'Status')],
    statuses: [],
    doc: 'Finishes a FilterRestart that returned PENDING. PASSIVE_LEVEL only, unlike NdisFPauseComplete and NdisMRestartComplete.',
  }),
  ddi({
    name: 'NdisSendNetBufferLists', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'other', since: '6.0',
    params: [p(H, 'NdisBindingHandle'), p(NBL, 'NetBufferLists'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'SendFlags')],
    statuses: [],
    doc: 'Protocol send. NBLs come from the protocol\'s own pool with SourceHandle = the binding handle; ownership returns only at ProtocolSendNetBufferListsComplete.',
  }),
  ddi({
    name: 'NdisMSendNetBufferListsComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'MiniportAdapterHandle'), p(NBL, 'NetBufferList'), p('ULONG', 'SendCompleteFlags')],
    statuses: [],
    doc: 'Miniport returns sent NBLs, each with NBL->Status set (SUCCESS, INVALID_LENGTH, RESOURCES, PAUSED, SEND_ABORTED, RESET_IN_PROGRESS or FAILURE). May complete in any order and batch or split lists, but must not change an NBL\'s NET_BUFFER chain.',
  }),
  ddi({
    name: 'NdisMIndicateReceiveNetBufferLists', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'other', since: '6.0',
    params: [p(H, 'MiniportAdapterHandle'), p(NBL, 'NetBufferList'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'NumberOfNetBufferLists'), p('ULONG', 'ReceiveFlags')],
    statuses: [],
    doc: 'Miniport receive indication, usually from the interrupt DPC; every SourceHandle must be the MiniportAdapterHandle. With NDIS_RECEIVE_FLAGS_RESOURCES ownership returns when the call returns; otherwise via MiniportReturnNetBufferLists.',
  }),
  ddi({
    name: 'NdisReturnNetBufferLists', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'NdisBindingHandle'), p(NBL, 'NetBufferLists'), p('ULONG', 'ReturnFlags')],
    statuses: [],
    doc: 'Protocol returns received NBLs it kept (never those indicated with NDIS_RECEIVE_FLAGS_RESOURCES).',
  }),
  ddi({
    name: 'NdisFSendNetBufferLists', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'other', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(NBL, 'NetBufferList'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'SendFlags')],
    statuses: [],
    doc: 'Filter passes sends down (its own or ones from above).',
  }),
  ddi({
    name: 'NdisFSendNetBufferListsComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(NBL, 'NetBufferList'), p('ULONG', 'SendCompleteFlags')],
    statuses: [],
    doc: 'Filter completes sends up to the driver above (e.g. with NDIS_STATUS_PAUSED while not Running).',
  }),
  ddi({
    name: 'NdisFIndicateReceiveNetBufferLists', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'other', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(NBL, 'NetBufferLists'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'NumberOfNetBufferLists'), p('ULONG', 'ReceiveFlags')],
    statuses: [],
    doc: 'Filter indicates receives up.',
  }),
  ddi({
    name: 'NdisFReturnNetBufferLists', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(NBL, 'NetBufferLists'), p('ULONG', 'ReturnFlags')],
    statuses: [],
    doc: 'Filter returns received NBLs down; never for NBLs that arrived with NDIS_RECEIVE_FLAGS_RESOURCES.',
  }),
  ddi({
    name: 'NdisOidRequest', returnType: 'NDIS_STATUS', irql: MAX_DISPATCH, mustCheck: true, category: 'other', since: '6.0',
    params: [p(H, 'NdisBindingHandle'), p(OID, 'OidRequest')],
    statuses: [
      st('SUCCESS', 'The request completed synchronously.'),
      st('PENDING', 'ProtocolOidRequestComplete reports the result later.'),
    ],
    doc: 'Protocol issues an OID request to the adapter below; any other status is the failure the stack returned. The header marks it _Must_inspect_result_. Driver Verifier expects OIDs to complete within 12 s.',
  }),
  ddi({
    name: 'NdisMOidRequestComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'MiniportAdapterHandle'), p(OID, 'OidRequest'), p('NDIS_STATUS', 'Status')],
    statuses: [],
    doc: 'Finishes a MiniportOidRequest that returned PENDING. Completing twice or a request that is not pending bug-checks 0x7C/0x26; a bad BytesWritten bug-checks 0x7C/0x1D. Never complete with PENDING.',
  }),
  ddi({
    name: 'NdisFOidRequest', returnType: 'NDIS_STATUS', irql: MAX_DISPATCH, mustCheck: false, category: 'other', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(OID, 'OidRequest')],
    statuses: [
      st('SUCCESS', 'The request completed synchronously.'),
      st('PENDING', 'FilterOidRequestComplete reports the result later.'),
    ],
    doc: 'Filter passes an OID request down (its own or a clone of one from above).',
  }),
  ddi({
    name: 'NdisFOidRequestComplete', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'completion', since: '6.0',
    params: [p(H, 'NdisFilterHandle'), p(OID, 'OidRequest'), p('NDIS_STATUS', 'Status')],
    statuses: [],
    doc: 'Filter completes an OID request it received from above and pended.',
  }),
  ddi({
    name: 'NdisAllocateSpinLock', returnType: 'VOID', irql: MAX_HIGH, mustCheck: false, category: 'lock', since: '6.0',
    params: [p(LOCK, 'SpinLock', 'out')],
    statuses: [],
    doc: 'Initialises an NDIS_SPIN_LOCK (header: <= HIGH_LEVEL).',
  }),
  ddi({
    name: 'NdisFreeSpinLock', returnType: 'VOID', irql: MAX_HIGH, mustCheck: false, category: 'lock', since: '6.0',
    params: [p(LOCK, 'SpinLock')],
    statuses: [],
    doc: 'Releases resources of a spin lock from NdisAllocateSpinLock (a no-op on NT; header: <= HIGH_LEVEL).',
  }),
  ddi({
    name: 'NdisAcquireSpinLock', returnType: 'VOID', irql: MAX_DISPATCH, mustCheck: false, category: 'lock', since: '6.0',
    params: [p(LOCK, 'SpinLock', 'inout')],
    statuses: [],
    doc: 'Acquires the lock and raises IRQL to DISPATCH_LEVEL, saving the old IRQL in the lock. Everything until NdisReleaseSpinLock runs at DISPATCH_LEVEL (SDV SpinLock rules: balanced, released before the handler exits).',
  }),
  ddi({
    name: 'NdisReleaseSpinLock', returnType: 'VOID', irql: { max: 'DISPATCH_LEVEL', exact: true, note: 'Runs at DISPATCH_LEVEL (the lock is held) and restores the IRQL saved by NdisAcquireSpinLock.' }, mustCheck: false, category: 'lock', since: '6.0',
    params: [p(LOCK, 'SpinLock', 'inout')],
    statuses: [],
    doc: 'Releases a lock taken with NdisAcquireSpinLock and lowers IRQL back to the saved level.',
  }),
  ddi({
    name: 'NdisDprAcquireSpinLock', returnType: 'VOID', irql: DISPATCH, mustCheck: false, category: 'lock', since: '6.0',
    params: [p(LOCK, 'SpinLock', 'inout')],
    statuses: [],
    doc: 'Acquires the lock when the caller already runs at DISPATCH_LEVEL; IRQL is not changed.',
  }),
  ddi({
    name: 'NdisDprReleaseSpinLock', returnType: 'VOID', irql: DISPATCH, mustCheck: false, category: 'lock', since: '6.0',
    params: [p(LOCK, 'SpinLock', 'inout')],
    statuses: [],
    doc: 'Releases a lock taken with NdisDprAcquireSpinLock; IRQL stays at DISPATCH_LEVEL.',
  }),
  ddi({
    name: 'NdisWaitEvent', returnType: 'BOOLEAN', irql: PASSIVE, mustCheck: false, category: 'other', since: '6.0',
    params: [p('PNDIS_EVENT', 'Event'), p('UINT', 'MsToWait')],
    statuses: [],
    doc: 'Waits for an NDIS_EVENT; MsToWait 0 waits forever. Calling it at raised IRQL bug-checks 0x7C/0x14. The header asks for the result to be checked only when MsToWait is non-zero (_When_(MsToWait != 0, _Check_return_)), so mustCheck is false here.',
  }),
  ddi({
    name: 'NdisReEnumerateProtocolBindings', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'binding', since: '6.0',
    params: [p(H, 'NdisProtocolHandle')],
    statuses: [],
    doc: 'Asks NDIS to offer the protocol its unbound adapters again. Must not be called from ProtocolBindAdapterEx, ProtocolUnbindAdapterEx, or a ProtocolNetPnPEvent with a non-NULL ProtocolBindingContext (SDV rule NdisReEnumerateProtocolBindings).',
  }),
  ddi({
    name: 'NdisOpenConfigurationEx', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: true, category: 'other', since: '6.0',
    params: [p('PNDIS_CONFIGURATION_OBJECT', 'ConfigObject'), p('PNDIS_HANDLE', 'ConfigurationHandle', 'out')],
    statuses: [
      st('SUCCESS', '*ConfigurationHandle is open; close it with NdisCloseConfiguration.'),
      st('FAILURE', 'Generic failure; the individual failure statuses are not itemised in ndis-facts.'),
    ],
    doc: 'Opens the registry configuration of a driver, adapter, binding or filter module (the header marks it _Must_inspect_result_). Handles must be closed in pairs and none left open at Halt (SDV NdisOpenConfigurationEx).',
  }),
  ddi({
    name: 'NdisCloseConfiguration', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'other', since: '6.0',
    params: [p(H, 'ConfigurationHandle')],
    statuses: [],
    doc: 'Closes a handle from NdisOpenConfigurationEx and frees what was read through it.',
  }),
];
