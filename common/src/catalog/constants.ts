/**
 * Named integer constants from the WDK headers (ndis-facts §1.2, §2, §4, §5.5–5.6).
 *
 * Revision, NDIS_SIZEOF_* and flag constants are derived from the struct tables so a value can
 * never disagree with its struct. Sizes are x64 (`value`) and x86 (`x86Value`). The
 * NDIS_*_MAJOR/MINOR_VERSION macros are deliberately absent: their values depend on the build
 * (see builtinMacrosFor in versions.ts). Statuses live in statuses.ts.
 */
import { STRUCTS } from './structs';
import type { ConstantDef, ConstantKind, StructDef } from './types';

function c(
  name: string,
  value: number,
  kind: ConstantKind,
  doc: string,
  extra: Partial<Pick<ConstantDef, 'since' | 'verified'>> = {},
): ConstantDef {
  return Object.freeze({ name, value, kind, doc, ...extra });
}

const OBJECT_TYPES: readonly ConstantDef[] = [
  c('NDIS_OBJECT_TYPE_DEFAULT', 0x80, 'objectType', 'Generic object type; the required Type of NDIS_IF_PROVIDER_CHARACTERISTICS and NET_IF_INFORMATION (with NDIS_OBJECT_REVISION_1), tolerated on protocol and miniport characteristics.'),
  c('NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS', 0x81, 'objectType', 'NDIS_MINIPORT_INIT_PARAMETERS passed to MiniportInitializeEx.'),
  c('NDIS_OBJECT_TYPE_BIND_PARAMETERS', 0x86, 'objectType', 'NDIS_BIND_PARAMETERS passed to ProtocolBindAdapterEx.'),
  c('NDIS_OBJECT_TYPE_OPEN_PARAMETERS', 0x87, 'objectType', 'NDIS_OPEN_PARAMETERS passed to NdisOpenAdapterEx.'),
  c('NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS', 0x8a, 'objectType', 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS.'),
  c('NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS', 0x8b, 'objectType', 'NDIS_FILTER_DRIVER_CHARACTERISTICS.'),
  c('NDIS_OBJECT_TYPE_FILTER_PARTIAL_CHARACTERISTICS', 0x8c, 'objectType', 'NDIS_FILTER_PARTIAL_CHARACTERISTICS given to NdisSetOptionalHandlers from FilterSetModuleOptions.'),
  c('NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES', 0x8d, 'objectType', 'NDIS_FILTER_ATTRIBUTES given to NdisFSetAttributes.'),
  c('NDIS_OBJECT_TYPE_CO_PROTOCOL_CHARACTERISTICS', 0x90, 'objectType', 'CoNDIS protocol characteristics.'),
  c('NDIS_OBJECT_TYPE_CO_MINIPORT_CHARACTERISTICS', 0x91, 'objectType', 'CoNDIS miniport characteristics.'),
  c('NDIS_OBJECT_TYPE_MINIPORT_PNP_CHARACTERISTICS', 0x92, 'objectType', 'NDIS_MINIPORT_PNP_CHARACTERISTICS (AddDevice support).'),
  c('NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS', 0x95, 'objectType', 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.'),
  c('NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS', 0x97, 'objectType', 'NDIS_TIMER_CHARACTERISTICS.'),
  c('NDIS_OBJECT_TYPE_STATUS_INDICATION', 0x98, 'objectType', 'NDIS_STATUS_INDICATION.'),
  c('NDIS_OBJECT_TYPE_FILTER_ATTACH_PARAMETERS', 0x99, 'objectType', 'NDIS_FILTER_ATTACH_PARAMETERS passed to FilterAttach.'),
  c('NDIS_OBJECT_TYPE_FILTER_PAUSE_PARAMETERS', 0x9a, 'objectType', 'NDIS_FILTER_PAUSE_PARAMETERS passed to FilterPause.'),
  c('NDIS_OBJECT_TYPE_FILTER_RESTART_PARAMETERS', 0x9b, 'objectType', 'NDIS_FILTER_RESTART_PARAMETERS passed to FilterRestart.'),
  c('NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES', 0x9e, 'objectType', 'NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, the first attributes set in MiniportInitializeEx.'),
  c('NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES', 0x9f, 'objectType', 'NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, set right after the registration attributes.'),
  c('NDIS_OBJECT_TYPE_PROTOCOL_RESTART_PARAMETERS', 0xa3, 'objectType', 'NDIS_PROTOCOL_RESTART_PARAMETERS delivered with NetEventRestart.'),
  c('NDIS_OBJECT_TYPE_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES', 0xa4, 'objectType', 'NDIS_MINIPORT_ADD_DEVICE_REGISTRATION_ATTRIBUTES set from MiniportAddDevice.'),
];

const OBJECT_REVISIONS: readonly ConstantDef[] = [
  c('NDIS_OBJECT_REVISION_1', 1, 'objectRevision', 'Generic revision 1, used with NDIS_OBJECT_TYPE_DEFAULT for the interface-provider structures (NDIS_IF_PROVIDER_CHARACTERISTICS, NET_IF_INFORMATION).', { since: '6.0' }),
];

/** Revision and NDIS_SIZEOF_* constants, one pair per struct revision that has them. */
function structConstants(s: StructDef): ConstantDef[] {
  const out: ConstantDef[] = [];
  for (const r of s.revisions) {
    if (r.revisionConstant) {
      out.push(Object.freeze({
        name: r.revisionConstant,
        value: r.revision,
        kind: 'revision' as const,
        struct: s.name,
        revision: r.revision,
        since: r.since,
        doc: `Header.Revision value for revision ${r.revision} of ${s.name} (NDIS ${r.since}${r.requiresMacro ? `, defined only under ${r.requiresMacro}` : ''}).`,
      }));
    }
    out.push(Object.freeze({
      name: r.sizeConstant,
      value: r.sizeX64,
      x86Value: r.sizeX86,
      kind: 'sizeof' as const,
      struct: s.name,
      revision: r.revision,
      since: r.since,
      doc: `Header.Size for revision ${r.revision} of ${s.name}: bytes through ${r.lastMember} (${r.sizeX64} on x64, ${r.sizeX86} on x86).`,
    }));
  }
  return out;
}

/** Header aliases and related revision constants that are not tied to a struct revision row. */
const EXTRA_STRUCT_CONSTANTS: readonly ConstantDef[] = [
  Object.freeze({
    name: 'NDIS_SIZEOF_OPEN_PARAMETERS_REVSION_1',
    value: 52,
    x86Value: 28,
    kind: 'sizeof' as const,
    struct: 'NDIS_OPEN_PARAMETERS' as const,
    revision: 1,
    since: '6.0',
    doc: 'Misspelled alias ("REVSION") the header keeps for NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1; same value. Real drivers (ndisprot sample) use it.',
  }),
  Object.freeze({
    name: 'NDIS_OPEN_PARAMETERS_REVSION_1',
    value: 1,
    kind: 'revision' as const,
    struct: 'NDIS_OPEN_PARAMETERS' as const,
    revision: 1,
    since: '6.0',
    verified: false,
    doc: 'Misspelled revision alias named in the brief. NOT found in any WDK header or driver source checked: the header\'s misspelled alias is the size constant NDIS_SIZEOF_OPEN_PARAMETERS_REVSION_1. Code using this name is unlikely to compile.',
  }),
  c('NDIS_FILTER_PARTIAL_CHARACTERISTICS_REVISION_1', 1, 'revision', 'Header.Revision of NDIS_FILTER_PARTIAL_CHARACTERISTICS (the four bypassable data-path handlers plus CancelSend) passed to NdisSetOptionalHandlers.', { since: '6.0' }),
];

/** Flag constants from the struct flag lists (miniport/protocol/filter Flags, NIIF_*, AttributeFlags). */
function structFlagConstants(s: StructDef): ConstantDef[] {
  return (s.flags ?? []).map((f) =>
    Object.freeze({
      name: f.name,
      value: f.value,
      kind: 'flag' as const,
      since: f.since,
      doc: `${s.name} flag: ${f.doc}${f.forbidden ? ' Drivers must not set it.' : ''}`,
    }),
  );
}

function flags(prefix: string, what: string, rows: readonly [string, number, string][]): ConstantDef[] {
  return rows.map(([suffix, value, since]) => c(`${prefix}${suffix}`, value, 'flag', `${what} flag.`, { since }));
}

const DATA_PATH_FLAGS: readonly ConstantDef[] = [
  ...flags('NDIS_SEND_FLAGS_', 'SendFlags (NdisSendNetBufferLists, NdisFSendNetBufferLists, MiniportSendNetBufferLists)', [
    ['DISPATCH_LEVEL', 0x1, '6.0'],
    ['CHECK_FOR_LOOPBACK', 0x2, '6.0'],
    ['SINGLE_QUEUE', 0x4, '6.20'],
    ['SWITCH_DESTINATION_GROUP', 0x10, '6.30'],
    ['SWITCH_SINGLE_SOURCE', 0x20, '6.30'],
  ]),
  ...flags('NDIS_SEND_COMPLETE_FLAGS_', 'SendCompleteFlags (NdisMSendNetBufferListsComplete and friends)', [
    ['DISPATCH_LEVEL', 0x1, '6.0'],
    ['SINGLE_QUEUE', 0x2, '6.20'],
    ['SWITCH_SINGLE_SOURCE', 0x4, '6.30'],
  ]),
  ...flags('NDIS_RECEIVE_FLAGS_', 'ReceiveFlags (NdisMIndicateReceiveNetBufferLists and the receive handlers)', [
    ['DISPATCH_LEVEL', 0x1, '6.0'],
    ['SINGLE_ETHER_TYPE', 0x100, '6.0'],
    ['SINGLE_VLAN', 0x200, '6.0'],
    ['PERFECT_FILTERED', 0x400, '6.0'],
    ['SINGLE_QUEUE', 0x800, '6.20'],
    ['SHARED_MEMORY_INFO_VALID', 0x1000, '6.20'],
    ['MORE_NBLS', 0x2000, '6.20'],
    ['SWITCH_DESTINATION_GROUP', 0x4000, '6.30'],
    ['SWITCH_SINGLE_SOURCE', 0x8000, '6.30'],
  ]),
  c('NDIS_RECEIVE_FLAGS_RESOURCES', 0x2, 'flag', 'ReceiveFlags: the indicating driver needs its NBLs back when the indication returns. The receiver must copy what it needs, restore the NBL chain, and must not return these NBLs (MiniportReturnNetBufferLists is not called for them).', { since: '6.0' }),
  ...flags('NDIS_RETURN_FLAGS_', 'ReturnFlags (NdisReturnNetBufferLists and the return handlers)', [
    ['DISPATCH_LEVEL', 0x1, '6.0'],
    ['SINGLE_QUEUE', 0x2, '6.20'],
    ['SWITCH_SINGLE_SOURCE', 0x4, '6.30'],
  ]),
];

const IF_TYPES: readonly ConstantDef[] = [
  c('IF_TYPE_OTHER', 1, 'ifType', 'IANA ifType: other.'),
  c('IF_TYPE_ETHERNET_CSMACD', 6, 'ifType', 'IANA ifType: Ethernet (any speed).'),
  c('IF_TYPE_PPP', 23, 'ifType', 'IANA ifType: PPP.'),
  c('IF_TYPE_SOFTWARE_LOOPBACK', 24, 'ifType', 'IANA ifType: software loopback.'),
  c('IF_TYPE_PROP_VIRTUAL', 53, 'ifType', 'IANA ifType: proprietary virtual/internal interface (typical for a MUX internal interface).'),
  c('IF_TYPE_IEEE80211', 71, 'ifType', 'IANA ifType: 802.11 wireless.'),
  c('IF_TYPE_TUNNEL', 131, 'ifType', 'IANA ifType: tunnel encapsulation.'),
  c('IF_TYPE_IEEE1394', 144, 'ifType', 'IANA ifType: IEEE 1394.'),
  c('IF_TYPE_WWANPP', 243, 'ifType', 'IANA ifType: mobile broadband (WWAN).'),
  c('MAX_IF_TYPE', 281, 'misc', 'Largest ifType value ipifcons.h defines.'),
];

const INTERFACE_MISC: readonly ConstantDef[] = [
  c('NET_IF_ACCESS_LOOPBACK', 1, 'misc', 'NET_IF_ACCESS_TYPE: loopback.'),
  c('NET_IF_ACCESS_BROADCAST', 2, 'misc', 'NET_IF_ACCESS_TYPE: broadcast (typical Ethernet).'),
  c('NET_IF_ACCESS_POINT_TO_POINT', 3, 'misc', 'NET_IF_ACCESS_TYPE: point-to-point.'),
  c('NET_IF_ACCESS_POINT_TO_MULTI_POINT', 4, 'misc', 'NET_IF_ACCESS_TYPE: point-to-multipoint.'),
  c('NET_IF_DIRECTION_SENDRECEIVE', 0, 'misc', 'NET_IF_DIRECTION_TYPE: sends and receives.'),
  c('NET_IF_DIRECTION_SENDONLY', 1, 'misc', 'NET_IF_DIRECTION_TYPE: send only.'),
  c('NET_IF_DIRECTION_RECEIVEONLY', 2, 'misc', 'NET_IF_DIRECTION_TYPE: receive only.'),
  c('NET_IF_CONNECTION_DEDICATED', 1, 'misc', 'NET_IF_CONNECTION_TYPE: always connected (typical Ethernet).'),
  c('NET_IF_CONNECTION_PASSIVE', 2, 'misc', 'NET_IF_CONNECTION_TYPE: connected by the remote side.'),
  c('NET_IF_CONNECTION_DEMAND', 3, 'misc', 'NET_IF_CONNECTION_TYPE: dial on demand.'),
  c('NET_IF_OPER_STATUS_UP', 1, 'misc', 'NET_IF_OPER_STATUS: up.'),
  c('NET_IF_OPER_STATUS_DOWN', 2, 'misc', 'NET_IF_OPER_STATUS: down.'),
  c('NET_IF_OPER_STATUS_TESTING', 3, 'misc', 'NET_IF_OPER_STATUS: testing.'),
  c('NET_IF_OPER_STATUS_UNKNOWN', 4, 'misc', 'NET_IF_OPER_STATUS: unknown.'),
  c('NET_IF_OPER_STATUS_DORMANT', 5, 'misc', 'NET_IF_OPER_STATUS: dormant.'),
  c('NET_IF_OPER_STATUS_NOT_PRESENT', 6, 'misc', 'NET_IF_OPER_STATUS: not present.'),
  c('NET_IF_OPER_STATUS_LOWER_LAYER_DOWN', 7, 'misc', 'NET_IF_OPER_STATUS: a lower layer is down.'),
  c('NET_IF_ADMIN_STATUS_UP', 1, 'misc', 'NET_IF_ADMIN_STATUS: up.'),
  c('NET_IF_ADMIN_STATUS_DOWN', 2, 'misc', 'NET_IF_ADMIN_STATUS: down.'),
  c('NET_IF_ADMIN_STATUS_TESTING', 3, 'misc', 'NET_IF_ADMIN_STATUS: testing.'),
  c('NET_IFINDEX_UNSPECIFIED', 0, 'misc', 'The reserved "no interface" index; NDIS never assigns ifIndex 0.'),
  c('NET_IFLUID_UNSPECIFIED', 0, 'misc', 'The unspecified NET_LUID value.'),
  c('NIIF_WAN_TUNNEL_TYPE_UNKNOWN', 0xffffffff, 'misc', 'NET_IF_INFORMATION.WanTunnelType when the RFC 2667 encapsulation is unknown ((ULONG)-1).'),
  c('NET_BUS_NUMBER_UNKNOWN', 0xffffffff, 'misc', 'NET_PHYSICAL_LOCATION.BusNumber when unknown.'),
  c('NET_SLOT_NUMBER_UNKNOWN', 0xffffffff, 'misc', 'NET_PHYSICAL_LOCATION.SlotNumber when unknown.'),
  c('NET_FUNCTION_NUMBER_UNKNOWN', 0xffffffff, 'misc', 'NET_PHYSICAL_LOCATION.FunctionNumber when unknown.'),
];

/** OIDs a registered interface provider must answer (and other drivers should not). */
const PROVIDER_OIDS: readonly ConstantDef[] = (
  [
    ['OID_GEN_PROMISCUOUS_MODE', 0x00010280],
    ['OID_GEN_LAST_CHANGE', 0x00010281],
    ['OID_GEN_DISCONTINUITY_TIME', 0x00010282],
    ['OID_GEN_OPERATIONAL_STATUS', 0x00010283],
    ['OID_GEN_XMIT_LINK_SPEED', 0x00010284],
    ['OID_GEN_RCV_LINK_SPEED', 0x00010285],
    ['OID_GEN_UNKNOWN_PROTOS', 0x00010286],
    ['OID_GEN_INTERFACE_INFO', 0x00010287],
    ['OID_GEN_ADMIN_STATUS', 0x00010288],
    ['OID_GEN_ALIAS', 0x00010289],
    ['OID_GEN_MEDIA_CONNECT_STATUS_EX', 0x0001028a],
    ['OID_GEN_LINK_SPEED_EX', 0x0001028b],
    ['OID_GEN_MEDIA_DUPLEX_STATE', 0x0001028c],
    ['OID_TUNNEL_INTERFACE_SET_OID', 0x0f010106],
    ['OID_TUNNEL_INTERFACE_RELEASE_OID', 0x0f010107],
  ] as const
).map(([name, value]) => c(name, value, 'misc', 'NDIS network-interface OID that a registered interface provider must support; drivers that are not providers should not.'));

const ALL_CONSTANTS: readonly ConstantDef[] = [
  ...OBJECT_TYPES,
  ...OBJECT_REVISIONS,
  ...Object.values(STRUCTS).flatMap(structConstants),
  ...EXTRA_STRUCT_CONSTANTS,
  ...Object.values(STRUCTS).flatMap(structFlagConstants),
  ...DATA_PATH_FLAGS,
  ...IF_TYPES,
  ...INTERFACE_MISC,
  ...PROVIDER_OIDS,
];

/** Every constant, keyed by name. */
export const CONSTANTS: ReadonlyMap<string, ConstantDef> = new Map(ALL_CONSTANTS.map((k) => [k.name, k]));

/** The constant list in declaration order (may be checked for duplicate names). */
export const CONSTANT_LIST: readonly ConstantDef[] = Object.freeze(ALL_CONSTANTS);

/** Look up a constant by name. */
export function constant(name: string): ConstantDef | undefined {
  return CONSTANTS.get(name);
}
