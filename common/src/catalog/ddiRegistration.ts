/**
 * Registration, interface-provider and intermediate-driver DDIs (ndis-facts §3.1–3.13, §3.17,
 * §4). Signatures and IRQL annotations follow WDK ndis.h; `mustCheck` follows the ★
 * (_Must_inspect_result_) marks of ndis-facts §3.
 */
import { MAX_APC, MAX_PASSIVE, PASSIVE } from './irql';
import type { DdiDef, DdiStatusDef, ParamDef } from './types';

export function p(type: string, name: string, direction: ParamDef['direction'] = 'in'): ParamDef {
  return { name, type, direction };
}

export function st(status: string, when: string): DdiStatusDef {
  return { status: `NDIS_STATUS_${status}`, when };
}

export function ddi(d: DdiDef): DdiDef {
  return Object.freeze(d);
}

const H = 'NDIS_HANDLE';

export const REGISTRATION_DDI_LIST: readonly DdiDef[] = [
  ddi({
    name: 'NdisRegisterProtocolDriver', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: true, category: 'register', since: '6.0',
    params: [p(H, 'ProtocolDriverContext', 'in_opt'), p('PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 'ProtocolCharacteristics'), p('PNDIS_HANDLE', 'NdisProtocolHandle', 'out')],
    registers: { struct: 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', structArg: 1, handleArg: 2, deregister: 'NdisDeregisterProtocolDriver' },
    callsSynchronously: ['PROTOCOL_SET_OPTIONS'],
    statuses: [
      st('SUCCESS', 'The protocol is registered; keep *NdisProtocolHandle for NdisOpenAdapterEx, NdisIMAssociateMiniport and the deregistration.'),
      st('BAD_VERSION', 'MajorNdisVersion (or the minor) is not acceptable.'),
      st('BAD_CHARACTERISTICS', 'A member of the characteristics is invalid.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('FAILURE', 'Any other failure.'),
    ],
    doc: 'Registers a protocol driver from DriverEntry (the docs suggest just before DriverEntry returns success). NDIS copies the struct, calls ProtocolSetOptions inside the call, and may call any ProtocolXxx (ProtocolBindAdapterEx …) right away; whether Bind can arrive before the call returns is not pinned down. If DriverEntry then fails it must call NdisDeregisterProtocolDriver first.',
  }),
  ddi({
    name: 'NdisDeregisterProtocolDriver', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'deregister', since: '6.0',
    params: [p(H, 'NdisProtocolHandle')],
    deregisters: { register: 'NdisRegisterProtocolDriver', handleArg: 0 },
    callsSynchronously: ['PROTOCOL_NET_PNP_EVENT', 'PROTOCOL_UNBIND_ADAPTER_EX'],
    statuses: [],
    doc: 'Undoes NdisRegisterProtocolDriver, from the unload routine or the DriverEntry error path. For every open binding NDIS first pauses it (ProtocolNetPnPEvent with NetEventPause) and then calls ProtocolUnbindAdapterEx inside this call. Never call it from a handler NDIS invoked: that can deadlock.',
  }),
  ddi({
    name: 'NdisMRegisterMiniportDriver', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: true, category: 'register', since: '6.0',
    params: [p('PDRIVER_OBJECT', 'DriverObject'), p('PUNICODE_STRING', 'RegistryPath'), p(H, 'MiniportDriverContext', 'in_opt'), p('PNDIS_MINIPORT_DRIVER_CHARACTERISTICS', 'MiniportDriverCharacteristics'), p('PNDIS_HANDLE', 'NdisMiniportDriverHandle', 'out')],
    registers: { struct: 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS', structArg: 3, handleArg: 4, deregister: 'NdisMDeregisterMiniportDriver' },
    callsSynchronously: ['MINIPORT_SET_OPTIONS'],
    statuses: [
      st('SUCCESS', 'The miniport driver is registered; adapters start in Halted and MiniportInitializeEx comes after DriverEntry returns.'),
      st('BAD_CHARACTERISTICS', 'The characteristics do not fit the declared version. The DDI page blames a "CharacteristicsLength" parameter NDIS 6 does not have; in practice Header.Size/Revision are wrong for the version.'),
      st('BAD_VERSION', 'MajorNdisVersion or MinorNdisVersion is invalid.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('FAILURE', 'Any other failure.'),
    ],
    doc: 'Registers a miniport (or the miniport edge of an IM driver, with NDIS_INTERMEDIATE_DRIVER in Flags) from DriverEntry, passing DriverEntry\'s DriverObject and RegistryPath. MiniportSetOptions runs inside the call. A combined miniport + IM driver registers twice and deregisters twice. DriverEntry normally returns this status; on a later failure it must call NdisMDeregisterMiniportDriver first.',
  }),
  ddi({
    name: 'NdisMDeregisterMiniportDriver', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'deregister', since: '6.0',
    params: [p(H, 'NdisMiniportDriverHandle')],
    deregisters: { register: 'NdisMRegisterMiniportDriver', handleArg: 0 },
    statuses: [],
    doc: 'Undoes NdisMRegisterMiniportDriver, from MiniportDriverUnload or the DriverEntry error path. An IM driver also deregisters its protocol edge; the MUX sample does the protocol first, then the miniport. No synchronous callbacks are documented.',
  }),
  ddi({
    name: 'NdisFRegisterFilterDriver', returnType: 'NDIS_STATUS', irql: MAX_PASSIVE, mustCheck: false, category: 'register', since: '6.0',
    params: [p('PDRIVER_OBJECT', 'DriverObject'), p(H, 'FilterDriverContext', 'in_opt'), p('PNDIS_FILTER_DRIVER_CHARACTERISTICS', 'FilterDriverCharacteristics'), p('PNDIS_HANDLE', 'NdisFilterDriverHandle', 'out')],
    registers: { struct: 'NDIS_FILTER_DRIVER_CHARACTERISTICS', structArg: 2, handleArg: 3, deregister: 'NdisFDeregisterFilterDriver' },
    callsSynchronously: ['FILTER_SET_OPTIONS'],
    statuses: [
      st('SUCCESS', 'The filter is registered; FilterAttach may arrive as soon as FilterSetOptions has returned.'),
      st('BAD_VERSION', 'MajorNdisVersion is not acceptable.'),
      st('BAD_CHARACTERISTICS', 'A member is invalid, including a Header.Revision that does not match MinorNdisVersion (issue #2938).'),
      st('INVALID_PARAMETER', 'One of the call\'s own parameters is invalid.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('FAILURE', 'Any other failure.'),
    ],
    doc: 'Registers a lightweight filter from DriverEntry. The header does not mark it _Must_inspect_result_ (and the DDI page marks FilterDriverContext [in] while the header says _In_opt_). The LWF sample sets DriverObject->DriverUnload before calling it. FilterSetOptions runs inside the call.',
  }),
  ddi({
    name: 'NdisFDeregisterFilterDriver', returnType: 'VOID', irql: MAX_PASSIVE, mustCheck: false, category: 'deregister', since: '6.0',
    params: [p(H, 'NdisFilterDriverHandle')],
    deregisters: { register: 'NdisFRegisterFilterDriver', handleArg: 0 },
    callsSynchronously: ['FILTER_PAUSE', 'FILTER_DETACH'],
    statuses: [],
    doc: 'Undoes NdisFRegisterFilterDriver; FilterDriverUnload must call it (SDV rule NdisFDeregisterFilterDriver). NDIS detaches every module, pausing running ones first, within the call (the pause part is inferred).',
  }),
  ddi({
    name: 'NdisIfRegisterProvider', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'register', since: '6.0',
    params: [p('PNDIS_IF_PROVIDER_CHARACTERISTICS', 'ProviderCharacteristics'), p(H, 'IfProviderContext', 'in_opt'), p('PNDIS_HANDLE', 'pNdisIfProviderHandle', 'out')],
    registers: { struct: 'NDIS_IF_PROVIDER_CHARACTERISTICS', structArg: 0, handleArg: 2, deregister: 'NdisIfDeregisterProvider' },
    statuses: [
      st('SUCCESS', 'The provider is registered.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('INVALID_PARAMETER', 'A member of the characteristics holds invalid data.'),
      st('NOT_SUPPORTED', 'The Header version is not supported.'),
    ],
    doc: 'Registers a network interface provider, once, usually from DriverEntry. Any driver type may; MUX/LBFO drivers are the usual users. No callbacks inside the call; ProviderQueryObject/ProviderSetObject arrive later at PASSIVE_LEVEL.',
  }),
  ddi({
    name: 'NdisIfDeregisterProvider', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'deregister', since: '6.0',
    params: [p(H, 'NdisProviderHandle')],
    deregisters: { register: 'NdisIfRegisterProvider', handleArg: 0 },
    statuses: [],
    doc: 'Undoes NdisIfRegisterProvider. Every interface the provider registered must be deregistered first, or NDIS bug-checks 0x7C with Parameter 1 = 0x17 (NDIS_BUGCHECK_IFPROVIDER_DEREGISTER_UNEXPECTED). The handle is invalid afterwards.',
  }),
  ddi({
    name: 'NdisIfRegisterInterface', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'register', since: '6.0',
    params: [p(H, 'NdisProviderHandle'), p('NET_LUID', 'NetLuid'), p(H, 'ProviderIfContext'), p('PNET_IF_INFORMATION', 'pIfInfo'), p('PNET_IFINDEX', 'pfIndex', 'out')],
    registers: { struct: 'NET_IF_INFORMATION', structArg: 3, handleArg: 4, deregister: 'NdisIfDeregisterInterface' },
    statuses: [
      st('SUCCESS', 'The interface is in NDIS\'s list (which does not make it active); *pfIndex holds its ifIndex.'),
      st('RESOURCES', 'NDIS ran out of resources.'),
      st('INVALID_PARAMETER', 'A parameter is invalid.'),
      st('DUPLICATE_OBJECTID', 'An interface with the same NET_LUID is already registered (numeric value unverified).'),
    ],
    doc: 'Registers one interface of a provider. Needs a registered provider handle and a NET_LUID built from NdisIfAllocateNetLuidIndex + NDIS_MAKE_NET_LUID. The list is empty after every reboot, so providers re-register from persisted NET_LUIDs. The ifIndex it returns is never 0 and is not stable across reboots or re-registration; only the NET_LUID is persistent.',
  }),
  ddi({
    name: 'NdisIfDeregisterInterface', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'deregister', since: '6.0',
    params: [p('NET_IFINDEX', 'ifIndex')],
    deregisters: { register: 'NdisIfRegisterInterface', handleArg: 0 },
    statuses: [],
    doc: 'Removes an interface (on removal or uninstall, not for state changes) and frees its ifIndex for reuse. The handle is the ifIndex NdisIfRegisterInterface returned. It does not free the NET_LUID index; that takes NdisIfFreeNetLuidIndex.',
  }),
  ddi({
    name: 'NdisIfAllocateNetLuidIndex', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p('NET_IFTYPE', 'ifType'), p('PUINT32', 'pNetLuidIndex', 'out')],
    statuses: [
      st('SUCCESS', 'A 24-bit NetLuidIndex unique for this ifType was allocated; NDIS persists it across reboots.'),
      st('RESOURCES', 'No free index is left.'),
    ],
    doc: 'Allocates the NetLuidIndex half of a NET_LUID (combine with NDIS_MAKE_NET_LUID). Other internal errors are possible. The provider should persist the index and free it with the same ifType.',
  }),
  ddi({
    name: 'NdisIfFreeNetLuidIndex', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p('NET_IFTYPE', 'ifType'), p('UINT32', 'NetLuidIndex')],
    statuses: [
      st('SUCCESS', 'The index is free again.'),
      st('INVALID_PARAMETER', 'The ifType/index pair was not allocated (the DDI page misspells it "DIS_STATUS_INVALID_PARAMETER").'),
    ],
    doc: 'Releases a NetLuidIndex; the ifType must be the one used to allocate it. If it fails the provider should forget what it persisted about the index.',
  }),
  ddi({
    name: 'NdisIfGetInterfaceIndexFromNetLuid', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p('NET_LUID', 'NetLuid'), p('PNET_IFINDEX', 'pIfIndex', 'out')],
    statuses: [st('SUCCESS', 'Found.'), st('INTERFACE_NOT_FOUND', 'No interface with that NET_LUID is registered.')],
    doc: 'Maps a NET_LUID to the current ifIndex.',
  }),
  ddi({
    name: 'NdisIfGetNetLuidFromInterfaceIndex', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p('NET_IFINDEX', 'ifIndex'), p('PNET_LUID', 'pNetLuid', 'out')],
    statuses: [st('SUCCESS', 'Found.'), st('INTERFACE_NOT_FOUND', 'No interface with that ifIndex is registered.')],
    doc: 'Maps an ifIndex to its NET_LUID.',
  }),
  ddi({
    name: 'NdisIfQueryBindingIfIndex', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p(H, 'NdisBindingHandle'), p('PNET_IFINDEX', 'pBoundIfIndex', 'out'), p('PNET_LUID', 'pBoundIfNetLuid', 'out'), p('PNET_IFINDEX', 'pLowestIfIndex', 'out'), p('PNET_LUID', 'pLowestIfNetLuid', 'out')],
    statuses: [st('SUCCESS', 'The bound and lowest interface values were returned.')],
    doc: 'Returns the ifIndex/NET_LUID of the interface a protocol binding is bound to and of the lowest interface in that stack.',
  }),
  ddi({
    name: 'NdisIfAddIfStackEntry', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p('NET_IFINDEX', 'HigherLayerIfIndex'), p('NET_IFINDEX', 'LowerLayerIfIndex')],
    statuses: [st('SUCCESS', 'The edge was added to the ifStackTable.')],
    doc: 'Adds a higher → lower edge to the interface stack table; a MUX adds its internal edges. An edge that would create a cycle bug-checks 0x7C/0x1B (NDIS_BUGCHECK_IF_STACK_TABLE_LOOP). The MUX sample ignores failures.',
  }),
  ddi({
    name: 'NdisIfDeleteIfStackEntry', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'interface', since: '6.0',
    params: [p('NET_IFINDEX', 'HigherLayerIfIndex'), p('NET_IFINDEX', 'LowerLayerIfIndex')],
    statuses: [],
    doc: 'Removes an edge added with NdisIfAddIfStackEntry (the MUX sample does it in MiniportHaltEx).',
  }),
  ddi({
    name: 'NdisIMInitializeDeviceInstanceEx', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'intermediate', since: '6.0',
    params: [p(H, 'DriverHandle'), p('PNDIS_STRING', 'DriverInstance'), p(H, 'DeviceContext', 'in_opt')],
    callsSynchronously: ['MINIPORT_INITIALIZE'],
    statuses: [
      st('SUCCESS', 'Initialization of the virtual miniport has started (not finished).'),
      st('NOT_ACCEPTED', 'That device instance is already initialized.'),
    ],
    doc: 'Starts a virtual miniport of an IM driver: DriverHandle is the miniport driver handle, DriverInstance the device name from the protocol\'s UpperBindings value, DeviceContext arrives as IMDeviceInstanceContext. Call it from ProtocolBindAdapterEx once the lower open has completed. MiniportInitializeEx runs when PnP starts the device: possibly inside this call, later, or never.',
  }),
  ddi({
    name: 'NdisIMDeInitializeDeviceInstance', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'intermediate', since: '6.0',
    params: [p(H, 'NdisMiniportHandle')],
    callsSynchronously: ['MINIPORT_HALT'],
    statuses: [
      st('SUCCESS', 'The virtual miniport was torn down.'),
      st('FAILURE', 'The handle is invalid.'),
    ],
    doc: 'Tears down a virtual miniport whose MiniportInitializeEx has run (the handle is the adapter handle it received), usually from ProtocolUnbindAdapterEx. NDIS unbinds the protocols above it and then calls MiniportHaltEx with NdisHaltDeviceInstanceDeInitialized; that the halt happens inside the call is implied but unverified.',
  }),
  ddi({
    name: 'NdisIMCancelInitializeDeviceInstance', returnType: 'NDIS_STATUS', irql: PASSIVE, mustCheck: false, category: 'intermediate', since: '6.0',
    params: [p(H, 'DriverHandle'), p('PNDIS_STRING', 'DeviceInstance')],
    statuses: [
      st('SUCCESS', 'The pending initialization was cancelled.'),
      st('FAILURE', 'It can no longer be stopped (MiniportInitializeEx has run or is running).'),
    ],
    doc: 'Cancels an NdisIMInitializeDeviceInstanceEx whose MiniportInitializeEx has not run yet (same DriverHandle and name), e.g. when the lower binding goes away first.',
  }),
  ddi({
    name: 'NdisIMAssociateMiniport', returnType: 'VOID', irql: PASSIVE, mustCheck: false, category: 'intermediate', since: '6.0',
    params: [p(H, 'DriverHandle'), p(H, 'ProtocolHandle')],
    statuses: [],
    doc: 'Tells NDIS that a miniport driver handle and a protocol handle belong to one IM driver. Call it in DriverEntry after both registrations succeeded (miniport edge first).',
  }),
  ddi({
    name: 'NdisIMGetBindingContext', returnType: 'NDIS_HANDLE', irql: MAX_APC, mustCheck: false, category: 'intermediate', since: '6.0',
    params: [p(H, 'NdisBindingHandle')],
    statuses: [],
    doc: 'For a protocol bound to an IM driver\'s virtual miniport: returns the IM driver\'s context associated with that virtual miniport (see the DDI page for details). IRQL from the header: <= APC_LEVEL.',
  }),
];
