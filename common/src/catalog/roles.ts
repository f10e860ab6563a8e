/**
 * Handler role typedefs (ndis-facts §1.4, §2.1–2.4, §4.5). A characteristics member has a
 * pointer typedef (BIND_HANDLER_EX); the function itself should be declared with the role
 * typedef (`PROTOCOL_BIND_ADAPTER_EX MyBind;`), because SDV, Code Analysis and CodeQL only
 * analyse callbacks declared that way.
 *
 * Signatures follow the WDK ndis.h role typedefs (parameter names included). The 6.80 roles
 * (the *SYNCHRONOUS_OID_REQUEST* family) come from their DDI reference pages.
 */
import { MAX_DISPATCH, MAX_PASSIVE, PASSIVE } from './irql';
import type { DriverKind, IrqlSpec, ParamDef, RoleDef } from './types';

const H = 'NDIS_HANDLE';

function p(type: string, name: string, direction: ParamDef['direction'] = 'in'): ParamDef {
  return { name, type, direction };
}

interface RoleSpec {
  readonly name: string;
  readonly docName: string;
  readonly driverKind: DriverKind | 'wdm';
  readonly returnType: string;
  readonly params: readonly ParamDef[];
  readonly irql: IrqlSpec;
  readonly pointerTypedef?: string;
  readonly sameAs?: readonly string[];
  readonly doc: string;
}

function defineRole(s: RoleSpec): RoleDef {
  return Object.freeze({ ...s });
}

/** SET_OPTIONS and its three aliases are one typedef; any of them fits any SetOptionsHandler. */
const SET_OPTIONS_FAMILY = ['SET_OPTIONS', 'MINIPORT_SET_OPTIONS', 'PROTOCOL_SET_OPTIONS', 'FILTER_SET_OPTIONS'];

function setOptions(name: string, docName: string, driverKind: DriverKind, doc: string): RoleDef {
  return defineRole({
    name,
    docName,
    driverKind,
    returnType: 'NDIS_STATUS',
    params: [p(H, 'NdisDriverHandle'), p(H, 'DriverContext')],
    irql: PASSIVE,
    pointerTypedef: 'SET_OPTIONS_HANDLER',
    sameAs: SET_OPTIONS_FAMILY.filter((n) => n !== name),
    doc,
  });
}

const OID = 'PNDIS_OID_REQUEST';
const NBL = 'PNET_BUFFER_LIST';

const SET_OPTIONS_ROLES: readonly RoleDef[] = [
  setOptions('SET_OPTIONS', 'XxxSetOptions', 'protocol', 'The shared SetOptions typedef (driverKind is nominal: miniports, protocols and filters all use it). Called synchronously inside the registration DDI so the driver can register optional services with NdisSetOptionalHandlers.'),
  setOptions('MINIPORT_SET_OPTIONS', 'MiniportSetOptions', 'miniport', 'Alias of SET_OPTIONS for miniports; runs inside NdisMRegisterMiniportDriver.'),
  setOptions('PROTOCOL_SET_OPTIONS', 'ProtocolSetOptions', 'protocol', 'Alias of SET_OPTIONS for protocols; runs inside NdisRegisterProtocolDriver.'),
  setOptions('FILTER_SET_OPTIONS', 'FilterSetOptions', 'filter', 'Alias of SET_OPTIONS for filters; runs inside NdisFRegisterFilterDriver.'),
];

const PROTOCOL_ROLES: readonly RoleDef[] = [
  defineRole({ name: 'PROTOCOL_BIND_ADAPTER_EX', docName: 'ProtocolBindAdapterEx', driverKind: 'protocol', returnType: 'NDIS_STATUS', pointerTypedef: 'BIND_HANDLER_EX', irql: PASSIVE,
    params: [p(H, 'ProtocolDriverContext'), p(H, 'BindContext'), p('PNDIS_BIND_PARAMETERS', 'BindParameters')],
    doc: 'NDIS asks the protocol to bind to an adapter. Opens the adapter with NdisOpenAdapterEx (only legal here); returning PENDING is finished with NdisCompleteBindAdapterEx.' }),
  defineRole({ name: 'PROTOCOL_UNBIND_ADAPTER_EX', docName: 'ProtocolUnbindAdapterEx', driverKind: 'protocol', returnType: 'NDIS_STATUS', pointerTypedef: 'UNBIND_HANDLER_EX', irql: PASSIVE,
    params: [p(H, 'UnbindContext'), p(H, 'ProtocolBindingContext')],
    doc: 'NDIS asks the protocol to release a binding, normally with NdisCloseAdapterEx; PENDING is finished with NdisCompleteUnbindAdapterEx.' }),
  defineRole({ name: 'PROTOCOL_OPEN_ADAPTER_COMPLETE_EX', docName: 'ProtocolOpenAdapterCompleteEx', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'OPEN_ADAPTER_COMPLETE_HANDLER_EX', irql: PASSIVE,
    params: [p(H, 'ProtocolBindingContext'), p('NDIS_STATUS', 'Status')],
    doc: 'Completion of an NdisOpenAdapterEx that returned NDIS_STATUS_PENDING.' }),
  defineRole({ name: 'PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX', docName: 'ProtocolCloseAdapterCompleteEx', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'CLOSE_ADAPTER_COMPLETE_HANDLER_EX', irql: PASSIVE,
    params: [p(H, 'ProtocolBindingContext')],
    doc: 'Completion of an NdisCloseAdapterEx that returned NDIS_STATUS_PENDING.' }),
  defineRole({ name: 'PROTOCOL_NET_PNP_EVENT', docName: 'ProtocolNetPnPEvent', driverKind: 'protocol', returnType: 'NDIS_STATUS', pointerTypedef: 'NET_PNP_EVENT_HANDLER', irql: PASSIVE,
    params: [p(H, 'ProtocolBindingContext'), p('PNET_PNP_EVENT_NOTIFICATION', 'NetPnPEventNotification')],
    doc: 'Network PnP and power events, including NetEventPause / NetEventRestart of a binding. A pause cannot fail.' }),
  defineRole({ name: 'PROTOCOL_UNINSTALL', docName: 'ProtocolUninstall', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'UNINSTALL_PROTOCOL_HANDLER', irql: PASSIVE,
    params: [],
    doc: 'Called on uninstall after every binding has been unbound; the place to release device objects so the driver can unload. Takes no parameters.' }),
  defineRole({ name: 'PROTOCOL_OID_REQUEST_COMPLETE', docName: 'ProtocolOidRequestComplete', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'OID_REQUEST_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, 'ProtocolBindingContext'), p(OID, 'OidRequest'), p('NDIS_STATUS', 'Status')],
    doc: 'Completion of an NdisOidRequest that returned NDIS_STATUS_PENDING.' }),
  defineRole({ name: 'PROTOCOL_STATUS_EX', docName: 'ProtocolStatusEx', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'STATUS_HANDLER_EX', irql: MAX_DISPATCH,
    params: [p(H, 'ProtocolBindingContext'), p('PNDIS_STATUS_INDICATION', 'StatusIndication')],
    doc: 'Status indications (link state and others) from the adapter below.' }),
  defineRole({ name: 'PROTOCOL_RECEIVE_NET_BUFFER_LISTS', docName: 'ProtocolReceiveNetBufferLists', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'RECEIVE_NET_BUFFER_LISTS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, 'ProtocolBindingContext'), p(NBL, 'NetBufferLists'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'NumberOfNetBufferLists'), p('ULONG', 'ReceiveFlags')],
    doc: 'Receive indication. Without NDIS_RECEIVE_FLAGS_RESOURCES the NBLs are returned later with NdisReturnNetBufferLists; with it, ownership ends when the handler returns. May run on several CPUs at once.' }),
  defineRole({ name: 'PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE', docName: 'ProtocolSendNetBufferListsComplete', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, 'ProtocolBindingContext'), p(NBL, 'NetBufferList'), p('ULONG', 'SendCompleteFlags')],
    doc: 'Returns ownership of NBLs sent with NdisSendNetBufferLists; per-NBL Status says how the send went.' }),
  defineRole({ name: 'PROTOCOL_DIRECT_OID_REQUEST_COMPLETE', docName: 'ProtocolDirectOidRequestComplete', driverKind: 'protocol', returnType: 'VOID', pointerTypedef: 'DIRECT_OID_REQUEST_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, 'ProtocolBindingContext'), p(OID, 'OidRequest'), p('NDIS_STATUS', 'Status')],
    doc: 'NDIS 6.1: completion of a pended NdisDirectOidRequest.' }),
];

const MAC = 'MiniportAdapterContext';

const MINIPORT_ROLES: readonly RoleDef[] = [
  defineRole({ name: 'MINIPORT_INITIALIZE', docName: 'MiniportInitializeEx', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_INITIALIZE_HANDLER', irql: PASSIVE,
    params: [p(H, 'NdisMiniportHandle'), p(H, 'MiniportDriverContext'), p('PNDIS_MINIPORT_INIT_PARAMETERS', 'MiniportInitParameters')],
    doc: 'Brings up one adapter: registration attributes first, then general attributes, then the rest. The adapter is Paused when it returns success.' }),
  defineRole({ name: 'MINIPORT_HALT', docName: 'MiniportHaltEx', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_HALT_HANDLER', irql: PASSIVE,
    params: [p(H, MAC), p('NDIS_HALT_ACTION', 'HaltAction')],
    doc: 'Releases an adapter (from Paused). Must deregister interrupts and cancel timers, or NDIS bug-checks 0x7C.' }),
  defineRole({ name: 'MINIPORT_UNLOAD', docName: 'MiniportDriverUnload', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_DRIVER_UNLOAD', irql: PASSIVE,
    params: [p('PDRIVER_OBJECT', 'DriverObject')],
    doc: 'Driver unload for miniports, called by NDIS from the WDM unload it owns. Calls NdisMDeregisterMiniportDriver (and, for an IM driver, NdisDeregisterProtocolDriver first).' }),
  defineRole({ name: 'MINIPORT_PAUSE', docName: 'MiniportPause', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_PAUSE_HANDLER', irql: PASSIVE,
    params: [p(H, MAC), p('PNDIS_MINIPORT_PAUSE_PARAMETERS', 'PauseParameters')],
    doc: 'Running → Pausing. Returns only NDIS_STATUS_SUCCESS or NDIS_STATUS_PENDING (SDV MiniportPause_Return); PENDING ends with NdisMPauseComplete.' }),
  defineRole({ name: 'MINIPORT_RESTART', docName: 'MiniportRestart', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_RESTART_HANDLER', irql: PASSIVE,
    params: [p(H, MAC), p('PNDIS_MINIPORT_RESTART_PARAMETERS', 'RestartParameters')],
    doc: 'Paused → Restarting → Running; PENDING ends with NdisMRestartComplete.' }),
  defineRole({ name: 'MINIPORT_OID_REQUEST', docName: 'MiniportOidRequest', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_OID_REQUEST_HANDLER', irql: PASSIVE,
    params: [p(H, MAC), p(OID, 'OidRequest')],
    doc: 'Handles an OID request (annotated PASSIVE_LEVEL in the header); PENDING ends with NdisMOidRequestComplete.' }),
  defineRole({ name: 'MINIPORT_SEND_NET_BUFFER_LISTS', docName: 'MiniportSendNetBufferLists', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p(NBL, 'NetBufferList'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'SendFlags')],
    doc: 'Transmit path; every NBL must come back through NdisMSendNetBufferListsComplete.' }),
  defineRole({ name: 'MINIPORT_RETURN_NET_BUFFER_LISTS', docName: 'MiniportReturnNetBufferLists', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p(NBL, 'NetBufferLists'), p('ULONG', 'ReturnFlags')],
    doc: 'Gets back NBLs the miniport indicated without NDIS_RECEIVE_FLAGS_RESOURCES.' }),
  defineRole({ name: 'MINIPORT_CANCEL_SEND', docName: 'MiniportCancelSend', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_CANCEL_SEND_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p('PVOID', 'CancelId')],
    doc: 'Cancels queued sends with this cancel ID (completed with NDIS_STATUS_SEND_ABORTED).' }),
  defineRole({ name: 'MINIPORT_CHECK_FOR_HANG', docName: 'MiniportCheckForHangEx', driverKind: 'miniport', returnType: 'BOOLEAN', pointerTypedef: 'MINIPORT_CHECK_FOR_HANG_HANDLER', irql: PASSIVE,
    params: [p(H, MAC)],
    doc: 'Periodic health check; returning TRUE makes NDIS call MiniportResetEx.' }),
  defineRole({ name: 'MINIPORT_RESET', docName: 'MiniportResetEx', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_RESET_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p('PBOOLEAN', 'AddressingReset', 'out')],
    doc: 'Resets the hardware; does not change the adapter state. PENDING ends with NdisMResetComplete.' }),
  defineRole({ name: 'MINIPORT_DEVICE_PNP_EVENT_NOTIFY', docName: 'MiniportDevicePnPEventNotify', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER', irql: PASSIVE,
    params: [p(H, MAC), p('PNET_DEVICE_PNP_EVENT', 'NetDevicePnPEvent')],
    doc: 'Device PnP notifications such as surprise removal.' }),
  defineRole({ name: 'MINIPORT_SHUTDOWN', docName: 'MiniportShutdownEx', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_SHUTDOWN_HANDLER',
    irql: { max: 'HIGH_LEVEL', note: 'PASSIVE_LEVEL when ShutdownAction is NdisShutdownPowerOff; HIGH_LEVEL when it is NdisShutdownBugCheck.' },
    params: [p(H, MAC), p('NDIS_SHUTDOWN_ACTION', 'ShutdownAction')],
    doc: 'System shutdown. On the bug-check path it runs at HIGH_LEVEL and may call almost nothing.' }),
  defineRole({ name: 'MINIPORT_CANCEL_OID_REQUEST', docName: 'MiniportCancelOidRequest', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_CANCEL_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p('PVOID', 'RequestId')],
    doc: 'Cancels a pended OID request.' }),
  defineRole({ name: 'MINIPORT_DIRECT_OID_REQUEST', docName: 'MiniportDirectOidRequest', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_DIRECT_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p(OID, 'OidRequest')],
    doc: 'NDIS 6.1 direct OID path; PENDING ends with NdisMDirectOidRequestComplete.' }),
  defineRole({ name: 'MINIPORT_CANCEL_DIRECT_OID_REQUEST', docName: 'MiniportCancelDirectOidRequest', driverKind: 'miniport', returnType: 'VOID', pointerTypedef: 'MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p('PVOID', 'RequestId')],
    doc: 'NDIS 6.1: cancels a pended direct OID request.' }),
  defineRole({ name: 'MINIPORT_SYNCHRONOUS_OID_REQUEST', docName: 'MiniportSynchronousOidRequest', driverKind: 'miniport', returnType: 'NDIS_STATUS', pointerTypedef: 'MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, MAC), p('NDIS_OID_REQUEST *', 'OidRequest')],
    doc: 'NDIS 6.80 synchronous OID path (signature from the DDI page). Must not return PENDING or REQUEST_ABORTED; must not be registered by selective-suspend miniports.' }),
];

const FMC = 'FilterModuleContext';

const FILTER_ROLES: readonly RoleDef[] = [
  defineRole({ name: 'FILTER_SET_MODULE_OPTIONS', docName: 'FilterSetModuleOptions', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_SET_FILTER_MODULE_OPTIONS_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, FMC)],
    doc: 'Called for every module before a restart; may swap data-path handlers with NdisSetOptionalHandlers.' }),
  defineRole({ name: 'FILTER_ATTACH', docName: 'FilterAttach', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_ATTACH_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, 'NdisFilterHandle'), p(H, 'FilterDriverContext'), p('PNDIS_FILTER_ATTACH_PARAMETERS', 'AttachParameters')],
    doc: 'Creates a filter module (Detached → Attaching → Paused); must call NdisFSetAttributes. Nothing may be sent or indicated while attaching.' }),
  defineRole({ name: 'FILTER_DETACH', docName: 'FilterDetach', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_DETACH_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, FMC)],
    doc: 'Deletes a paused module; cannot fail, so anything it needs should be preallocated in FilterAttach.' }),
  defineRole({ name: 'FILTER_RESTART', docName: 'FilterRestart', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_RESTART_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, FMC), p('PNDIS_FILTER_RESTART_PARAMETERS', 'RestartParameters')],
    doc: 'Paused → Running; PENDING ends with NdisFRestartComplete.' }),
  defineRole({ name: 'FILTER_PAUSE', docName: 'FilterPause', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_PAUSE_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, FMC), p('PNDIS_FILTER_PAUSE_PARAMETERS', 'PauseParameters')],
    doc: 'Running → Pausing; cannot fail. PENDING ends with NdisFPauseComplete within 10 s (Driver Verifier).' }),
  defineRole({ name: 'FILTER_SEND_NET_BUFFER_LISTS', docName: 'FilterSendNetBufferLists', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_SEND_NET_BUFFER_LISTS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(NBL, 'NetBufferList'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'SendFlags')],
    doc: 'Send path from above; forwards with NdisFSendNetBufferLists or completes with NdisFSendNetBufferListsComplete.' }),
  defineRole({ name: 'FILTER_SEND_NET_BUFFER_LISTS_COMPLETE', docName: 'FilterSendNetBufferListsComplete', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(NBL, 'NetBufferList'), p('ULONG', 'SendCompleteFlags')],
    doc: 'Send completions from below; passes foreign NBLs up with NdisFSendNetBufferListsComplete.' }),
  defineRole({ name: 'FILTER_CANCEL_SEND_NET_BUFFER_LISTS', docName: 'FilterCancelSendNetBufferLists', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_CANCEL_SEND_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p('PVOID', 'CancelId')],
    doc: 'Cancels queued sends with this cancel ID.' }),
  defineRole({ name: 'FILTER_RECEIVE_NET_BUFFER_LISTS', docName: 'FilterReceiveNetBufferLists', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_RECEIVE_NET_BUFFER_LISTS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(NBL, 'NetBufferLists'), p('NDIS_PORT_NUMBER', 'PortNumber'), p('ULONG', 'NumberOfNetBufferLists'), p('ULONG', 'ReceiveFlags')],
    doc: 'Receive indications from below; never NdisFReturnNetBufferLists NBLs that arrived with NDIS_RECEIVE_FLAGS_RESOURCES.' }),
  defineRole({ name: 'FILTER_RETURN_NET_BUFFER_LISTS', docName: 'FilterReturnNetBufferLists', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_RETURN_NET_BUFFER_LISTS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(NBL, 'NetBufferLists'), p('ULONG', 'ReturnFlags')],
    doc: 'Returns of NBLs this module indicated up (or passed through).' }),
  defineRole({ name: 'FILTER_OID_REQUEST', docName: 'FilterOidRequest', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(OID, 'OidRequest')],
    doc: 'OID requests from above.' }),
  defineRole({ name: 'FILTER_OID_REQUEST_COMPLETE', docName: 'FilterOidRequestComplete', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_OID_REQUEST_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(OID, 'OidRequest'), p('NDIS_STATUS', 'Status')],
    doc: 'Completion of an OID request the module passed down with NdisFOidRequest.' }),
  defineRole({ name: 'FILTER_CANCEL_OID_REQUEST', docName: 'FilterCancelOidRequest', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_CANCEL_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p('PVOID', 'RequestId')],
    doc: 'Cancels an OID request the module holds.' }),
  defineRole({ name: 'FILTER_DEVICE_PNP_EVENT_NOTIFY', docName: 'FilterDevicePnPEventNotify', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_DEVICE_PNP_EVENT_NOTIFY_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, FMC), p('PNET_DEVICE_PNP_EVENT', 'NetDevicePnPEvent')],
    doc: 'Device PnP notifications travelling up; forwarded with NdisFDevicePnPEventNotify.' }),
  defineRole({ name: 'FILTER_NET_PNP_EVENT', docName: 'FilterNetPnPEvent', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_NET_PNP_EVENT_HANDLER', irql: MAX_PASSIVE,
    params: [p(H, FMC), p('PNET_PNP_EVENT_NOTIFICATION', 'NetPnPEventNotification')],
    doc: 'Network PnP events travelling down; forwarded with NdisFNetPnPEvent.' }),
  defineRole({ name: 'FILTER_STATUS', docName: 'FilterStatus', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_STATUS_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p('PNDIS_STATUS_INDICATION', 'StatusIndication')],
    doc: 'Status indications from below; forwarded with NdisFIndicateStatus.' }),
  defineRole({ name: 'FILTER_DIRECT_OID_REQUEST', docName: 'FilterDirectOidRequest', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_DIRECT_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(OID, 'OidRequest')],
    doc: 'NDIS 6.1 direct OID requests from above.' }),
  defineRole({ name: 'FILTER_DIRECT_OID_REQUEST_COMPLETE', docName: 'FilterDirectOidRequestComplete', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_DIRECT_OID_REQUEST_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p(OID, 'OidRequest'), p('NDIS_STATUS', 'Status')],
    doc: 'NDIS 6.1: completion of a direct OID request passed down.' }),
  defineRole({ name: 'FILTER_CANCEL_DIRECT_OID_REQUEST', docName: 'FilterCancelDirectOidRequest', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_CANCEL_DIRECT_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p('PVOID', 'RequestId')],
    doc: 'NDIS 6.1: cancels a direct OID request.' }),
  defineRole({ name: 'FILTER_SYNCHRONOUS_OID_REQUEST', docName: 'FilterSynchronousOidRequest', driverKind: 'filter', returnType: 'NDIS_STATUS', pointerTypedef: 'FILTER_SYNCHRONOUS_OID_REQUEST_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p('NDIS_OID_REQUEST *', 'OidRequest', 'inout'), p('PVOID *', 'CallContext', 'out')],
    doc: 'NDIS 6.80 (usable from 6.81): previews a synchronous OID on its way down. Must not return PENDING. Signature from the DDI page.' }),
  defineRole({ name: 'FILTER_SYNCHRONOUS_OID_REQUEST_COMPLETE', docName: 'FilterSynchronousOidRequestComplete', driverKind: 'filter', returnType: 'VOID', pointerTypedef: 'FILTER_SYNCHRONOUS_OID_REQUEST_COMPLETE_HANDLER', irql: MAX_DISPATCH,
    params: [p(H, FMC), p('NDIS_OID_REQUEST *', 'OidRequest', 'inout'), p('NDIS_STATUS *', 'Status', 'inout'), p('PVOID', 'CallContext')],
    doc: 'NDIS 6.80: sees a synchronous OID on its way back up; called only when FilterSynchronousOidRequest returned SUCCESS. Signature from the DDI page.' }),
];

const PROVIDER_ROLES: readonly RoleDef[] = [
  defineRole({ name: 'IF_QUERY_OBJECT', docName: 'ProviderQueryObject', driverKind: 'provider', returnType: 'NDIS_STATUS', pointerTypedef: 'IFP_QUERY_OBJECT', irql: MAX_PASSIVE,
    params: [p(H, 'ProviderIfContext'), p('NET_IF_OBJECT_ID', 'ObjectId'), p('PULONG', 'pOutputBufferLength', 'inout'), p('PVOID', 'pOutputBuffer', 'out')],
    doc: 'Answers a query for an interface object; writes the number of bytes produced back to *pOutputBufferLength. Returns SUCCESS, RESOURCES, INVALID_PARAMETER or another status.' }),
  defineRole({ name: 'IF_SET_OBJECT', docName: 'ProviderSetObject', driverKind: 'provider', returnType: 'NDIS_STATUS', pointerTypedef: 'IFP_SET_OBJECT', irql: MAX_PASSIVE,
    params: [p(H, 'ProviderIfContext'), p('NET_IF_OBJECT_ID', 'ObjectId'), p('ULONG', 'InputBufferLength'), p('PVOID', 'pInputBuffer')],
    doc: 'Handles a set request for an interface object; no set OIDs are currently defined.' }),
];

const WDM_ROLES: readonly RoleDef[] = [
  defineRole({ name: 'DRIVER_INITIALIZE', docName: 'DriverEntry', driverKind: 'wdm', returnType: 'NTSTATUS', pointerTypedef: 'PDRIVER_INITIALIZE', irql: PASSIVE,
    params: [p('PDRIVER_OBJECT', 'DriverObject'), p('PUNICODE_STRING', 'RegistryPath')],
    doc: 'WDM driver entry point (wdm.h declares the parameter as struct _DRIVER_OBJECT *). Protocol, miniport and filter registration belong in its call tree; it must not return STATUS_PENDING, and a failure return must first undo successful registrations.' }),
  defineRole({ name: 'DRIVER_UNLOAD', docName: 'FilterDriverUnload', driverKind: 'wdm', returnType: 'VOID', pointerTypedef: 'PDRIVER_UNLOAD', irql: PASSIVE,
    params: [p('PDRIVER_OBJECT', 'DriverObject')],
    doc: 'WDM unload routine, assigned to DriverObject->DriverUnload. Filters (FilterDriverUnload) and protocols use it; it must call NdisFDeregisterFilterDriver / NdisDeregisterProtocolDriver. Miniports use MINIPORT_UNLOAD instead because NDIS owns their WDM unload.' }),
];

const ALL_ROLES: readonly RoleDef[] = [
  ...SET_OPTIONS_ROLES,
  ...PROTOCOL_ROLES,
  ...MINIPORT_ROLES,
  ...FILTER_ROLES,
  ...PROVIDER_ROLES,
  ...WDM_ROLES,
];

/** Every role typedef, keyed by name. */
export const ROLES: ReadonlyMap<string, RoleDef> = new Map(ALL_ROLES.map((r) => [r.name, r]));

/** A role group key per role name: the role and its sameAs aliases share one key. */
const GROUP = new Map<string, string>();
for (const r of ALL_ROLES) GROUP.set(r.name, [r.name, ...(r.sameAs ?? [])].sort().join('|'));

/** Look up a role typedef by name. */
export function role(name: string): RoleDef | undefined {
  return ROLES.get(name);
}

/**
 * True when the two names denote the same typedef: identical names, or members of one alias
 * family (SET_OPTIONS = MINIPORT_SET_OPTIONS = PROTOCOL_SET_OPTIONS = FILTER_SET_OPTIONS).
 */
export function sameRole(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = GROUP.get(a);
  return ga !== undefined && ga === GROUP.get(b);
}
