/**
 * The parameter structures NDIS and a C driver exchange, between the simulator's TS objects and
 * the driver's memory (x64 layouts from the interpreter): bind, attach, initialize, pause and
 * restart parameters, PnP notifications, status indications and link state handed to handlers;
 * open parameters, adapter and filter attributes, NET_IF_INFORMATION, pool and timer
 * characteristics read from the driver. Structures built for one handler call go in `arena` and
 * are freed when the call returns (a driver keeping a pointer to them faults, as on Windows).
 */
import type { Num } from '../exec';
import { NDIS_STATUS_LINK_STATE } from '../ndis/status';
import type {
  BindParameters, FilterAttachParameters, FilterAttributes, LinkState, MiniportAdapterAttributes, MiniportInitParameters, NblPoolParameters,
  NdisObjectHeader, NetIfInformation, NetLuid, NetPnPEventNotification, StatusIndication,
} from '../ndis/types';
import type { Mem } from './mem';
import { num } from './mem';
import type { UserRuntime } from './runtime';

/** Allocations that live for one call. */
export class Arena {
  readonly blocks: number[] = [];
  constructor(private readonly mem: Mem) {}
  alloc(size: number, label: string): number {
    const a = this.mem.alloc(size, label);
    this.blocks.push(a);
    return a;
  }
  ustr(s: string, label: string, extraNul = false): number {
    const { addr, blocks } = this.mem.newUstr(s, label, extraNul);
    this.blocks.push(...blocks);
    return addr;
  }
  release(): void {
    for (const b of this.blocks.splice(0)) this.mem.free(b);
  }
}

export function luidValue(l: NetLuid): bigint {
  return (BigInt(l.IfType & 0xffff) << 48n) | (BigInt(l.NetLuidIndex & 0xffffff) << 24n);
}

export function luidFrom(v: Num): NetLuid {
  const b = BigInt.asUintN(64, BigInt(v));
  return { IfType: Number(b >> 48n), NetLuidIndex: Number((b >> 24n) & 0xffffffn) };
}

const connect = (s: 'connected' | 'disconnected'): number => (s === 'connected' ? 1 : 2);

function header(mem: Mem, at: number, type: number, revision: number, size: number): void {
  mem.m.w8(at, type);
  mem.m.w8(at + 1, revision);
  mem.m.w16(at + 2, size);
}

export function readHeader(mem: Mem, at: number): NdisObjectHeader {
  return { Type: mem.m.u8(at), Revision: mem.m.u8(at + 1), Size: mem.m.u16(at + 2) };
}

function mac(mem: Mem, at: number, bytes: Uint8Array): void {
  mem.m.write(at, bytes.subarray(0, 32));
}

/** NDIS_BIND_PARAMETERS (revision 3). */
export function bindParameters(rt: UserRuntime, a: Arena, p: BindParameters): number {
  const mem = rt.mem;
  const T = 'NDIS_BIND_PARAMETERS';
  const at = a.alloc(mem.size(T), 'NDIS_BIND_PARAMETERS');
  header(mem, at, 0x86, 3, mem.off(T, 'NicSwitchCapabilities') + 8);
  mem.m.w64(at + mem.off(T, 'ProtocolSection'), a.ustr(p.ProtocolSection, 'ProtocolSection'));
  mem.m.w64(at + mem.off(T, 'AdapterName'), a.ustr(p.AdapterName, 'AdapterName'));
  mem.m.w64(at + mem.off(T, 'BoundAdapterName'), a.ustr(p.AdapterName, 'BoundAdapterName'));
  mem.w32(at, T, 'MediaType', p.MediaType);
  mem.w32(at, T, 'MtuSize', p.MtuSize);
  mem.w64(at, T, 'MaxXmitLinkSpeed', p.MaxXmitLinkSpeed);
  mem.w64(at, T, 'XmitLinkSpeed', p.MaxXmitLinkSpeed);
  mem.w64(at, T, 'MaxRcvLinkSpeed', p.MaxRcvLinkSpeed);
  mem.w64(at, T, 'RcvLinkSpeed', p.MaxRcvLinkSpeed);
  mem.w32(at, T, 'MediaConnectState', connect(p.MediaConnectState));
  mem.w32(at, T, 'MediaDuplexState', 2);
  mem.w32(at, T, 'LookaheadSize', p.MtuSize);
  mem.w32(at, T, 'SupportedPacketFilters', 0x2f);
  mem.w32(at, T, 'MaxMulticastListSize', 32);
  mem.w16(at, T, 'MacAddressLength', p.MacAddressLength);
  mac(mem, at + mem.off(T, 'CurrentMacAddress'), p.CurrentMacAddress);
  mem.w32(at, T, 'PhysicalMediumType', 14);
  mem.w64(at, T, 'BoundIfNetluid', luidValue(p.BoundIfNetluid));
  mem.w32(at, T, 'BoundIfIndex', p.BoundIfIndex);
  mem.w64(at, T, 'LowestIfNetluid', luidValue(p.LowestIfNetluid));
  mem.w32(at, T, 'LowestIfIndex', p.LowestIfIndex);
  mem.w32(at, T, 'AccessType', 2);
  mem.w32(at, T, 'ConnectionType', 1);
  mem.w16(at, T, 'IfType', 6);
  mem.w8(at, T, 'IfConnectorPresent', 1);
  return at;
}

/** NDIS_FILTER_ATTACH_PARAMETERS. */
export function attachParameters(rt: UserRuntime, a: Arena, p: FilterAttachParameters): number {
  const mem = rt.mem;
  const T = 'NDIS_FILTER_ATTACH_PARAMETERS';
  const at = a.alloc(mem.size(T), T);
  header(mem, at, 0x99, 1, mem.size(T));
  mem.w32(at, T, 'IfIndex', p.IfIndex);
  mem.w64(at, T, 'NetLuid', luidValue(p.NetLuid));
  mem.m.w64(at + mem.off(T, 'FilterModuleGuidName'), a.ustr(p.FilterModuleGuidName, 'FilterModuleGuidName'));
  mem.w32(at, T, 'BaseMiniportIfIndex', p.BaseMiniportIfIndex);
  mem.m.w64(at + mem.off(T, 'BaseMiniportInstanceName'), a.ustr(p.BaseMiniportName.replace(/^\\DEVICE\\/i, ''), 'BaseMiniportInstanceName'));
  mem.m.w64(at + mem.off(T, 'BaseMiniportName'), a.ustr(p.BaseMiniportName, 'BaseMiniportName'));
  mem.w32(at, T, 'MediaConnectState', connect(p.MediaConnectState));
  mem.w32(at, T, 'MediaDuplexState', 2);
  mem.w32(at, T, 'MiniportMediaType', p.MiniportMediaType);
  mem.w32(at, T, 'MiniportPhysicalMediaType', 14);
  mem.w16(at, T, 'MacAddressLength', 6);
  mac(mem, at + mem.off(T, 'CurrentMacAddress'), p.CurrentMacAddress);
  mem.w32(at, T, 'LowerIfIndex', p.BaseMiniportIfIndex);
  return at;
}

/** NDIS_MINIPORT_INIT_PARAMETERS (AllocatedResources is NULL: a C miniport gets no simulated hardware). */
export function initParameters(rt: UserRuntime, a: Arena, p: MiniportInitParameters): number {
  const mem = rt.mem;
  const T = 'NDIS_MINIPORT_INIT_PARAMETERS';
  const at = a.alloc(mem.size(T), T);
  header(mem, at, 0x81, 1, mem.size(T));
  mem.w32(at, T, 'Flags', p.Flags);
  mem.m.w64(at + mem.off(T, 'IMDeviceInstanceContext'), rt.toC(p.IMDeviceInstanceContext));
  mem.w32(at, T, 'IfIndex', p.IfIndex);
  mem.w64(at, T, 'NetLuid', luidValue(p.NetLuid));
  return at;
}

/** Pause or restart parameters of a filter or miniport. */
export function pauseRestart(rt: UserRuntime, a: Arena, type: string, p: unknown): number {
  const mem = rt.mem;
  const at = a.alloc(mem.size(type), type);
  const objType = type === 'NDIS_FILTER_PAUSE_PARAMETERS' ? 0x9a : type === 'NDIS_FILTER_RESTART_PARAMETERS' ? 0x9b : 0x80;
  header(mem, at, objType, 1, mem.size(type));
  const o = (p ?? {}) as { Flags?: number; PauseReason?: number };
  mem.w32(at, type, 'Flags', o.Flags ?? 0);
  if (type.endsWith('PAUSE_PARAMETERS')) mem.w32(at, type, 'PauseReason', o.PauseReason ?? 0);
  if (type === 'NDIS_FILTER_RESTART_PARAMETERS') mem.w32(at, type, 'MiniportPhysicalMediaType', 14);
  return at;
}

/** NET_PNP_EVENT_NOTIFICATION. */
export function pnpNotification(rt: UserRuntime, a: Arena, n: NetPnPEventNotification): number {
  const mem = rt.mem;
  const T = 'NET_PNP_EVENT_NOTIFICATION';
  const at = a.alloc(mem.size(T), T);
  header(mem, at, 0x80, 1, mem.size(T));
  mem.w32(at, T, 'PortNumber', n.PortNumber);
  mem.w32(at, T, 'NetPnPEvent.NetEvent', n.NetEvent);
  return at;
}

/** NDIS_STATUS_INDICATION (with an NDIS_LINK_STATE buffer for NDIS_STATUS_LINK_STATE). */
export function statusIndication(rt: UserRuntime, a: Arena, s: StatusIndication): number {
  const mem = rt.mem;
  const T = 'NDIS_STATUS_INDICATION';
  const at = a.alloc(mem.size(T), T);
  header(mem, at, 0x98, 1, mem.size(T));
  mem.m.w64(at + mem.off(T, 'SourceHandle'), rt.toC(s.SourceHandle));
  mem.w32(at, T, 'PortNumber', s.PortNumber);
  mem.w32(at, T, 'StatusCode', s.StatusCode);
  mem.w32(at, T, 'Flags', s.Flags);
  const buf = s.StatusBuffer;
  if (s.StatusCode === NDIS_STATUS_LINK_STATE && buf && typeof buf === 'object' && 'MediaConnectState' in (buf as object)) {
    const l = buf as LinkState;
    const L = 'NDIS_LINK_STATE';
    const ls = a.alloc(mem.size(L), L);
    header(mem, ls, 0x80, 1, mem.size(L));
    mem.w32(ls, L, 'MediaConnectState', connect(l.MediaConnectState));
    mem.w32(ls, L, 'MediaDuplexState', l.MediaDuplexState === 'full' ? 2 : l.MediaDuplexState === 'half' ? 1 : 0);
    mem.w64(ls, L, 'XmitLinkSpeed', l.XmitLinkSpeed);
    mem.w64(ls, L, 'RcvLinkSpeed', l.RcvLinkSpeed);
    mem.m.w64(at + mem.off(T, 'StatusBuffer'), ls);
    mem.w32(at, T, 'StatusBufferSize', mem.size(L));
  } else if (buf instanceof Uint8Array) {
    const b = a.alloc(buf.length, 'StatusBuffer');
    mem.m.write(b, buf);
    mem.m.w64(at + mem.off(T, 'StatusBuffer'), b);
    mem.w32(at, T, 'StatusBufferSize', buf.length);
  }
  return at;
}

/** An NDIS_STATUS_INDICATION the driver built, as the simulator's object (NDIS_LINK_STATE decoded). */
export function readStatusIndication(rt: UserRuntime, at: number): StatusIndication & { readonly Header: NdisObjectHeader } {
  const mem = rt.mem;
  const T = 'NDIS_STATUS_INDICATION';
  const code = mem.u32(at, T, 'StatusCode');
  const bufAddr = mem.ptr(at, T, 'StatusBuffer');
  const size = mem.u32(at, T, 'StatusBufferSize');
  let buffer: unknown = null;
  if (bufAddr && size) {
    if (code === NDIS_STATUS_LINK_STATE && size >= mem.size('NDIS_LINK_STATE')) {
      const L = 'NDIS_LINK_STATE';
      const cs = mem.u32(bufAddr, L, 'MediaConnectState');
      const dx = mem.u32(bufAddr, L, 'MediaDuplexState');
      buffer = {
        MediaConnectState: cs === 2 ? 'disconnected' : 'connected', MediaDuplexState: dx === 2 ? 'full' : dx === 1 ? 'half' : 'unknown',
        XmitLinkSpeed: mem.u64(bufAddr, L, 'XmitLinkSpeed'), RcvLinkSpeed: mem.u64(bufAddr, L, 'RcvLinkSpeed'),
      } satisfies LinkState;
    } else buffer = mem.m.read(bufAddr, Math.min(size, 65536));
  }
  return {
    Header: readHeader(mem, at), SourceHandle: rt.handle(mem.ptr(at, T, 'SourceHandle')), PortNumber: mem.u32(at, T, 'PortNumber'),
    StatusCode: code, Flags: mem.u32(at, T, 'Flags'), StatusBuffer: buffer, StatusBufferSize: size,
  };
}

/** NDIS_MINIPORT_ADAPTER_{REGISTRATION,GENERAL}_ATTRIBUTES (others: the header only). */
export function readAdapterAttributes(rt: UserRuntime, at: number): MiniportAdapterAttributes {
  const mem = rt.mem;
  const hdr = readHeader(mem, at);
  if (hdr.Type === 0x9e) {
    const T = 'NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES';
    return {
      Header: hdr, MiniportAdapterContext: mem.ptr(at, T, 'MiniportAdapterContext'), AttributeFlags: mem.u32(at, T, 'AttributeFlags'),
      CheckForHangTimeInSeconds: mem.u32(at, T, 'CheckForHangTimeInSeconds'), InterfaceType: mem.u32(at, T, 'InterfaceType'),
    };
  }
  if (hdr.Type === 0x9f) {
    const T = 'NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES';
    const len = mem.u16(at, T, 'MacAddressLength');
    const list = mem.ptr(at, T, 'SupportedOidList');
    const n = Math.min(mem.u32(at, T, 'SupportedOidListLength') >>> 2, 4096);
    const oids: number[] = [];
    for (let i = 0; list && i < n; i++) oids.push(mem.m.u32(list + 4 * i));
    return {
      Header: hdr, MediaType: mem.u32(at, T, 'MediaType'), MtuSize: mem.u32(at, T, 'MtuSize'),
      MaxXmitLinkSpeed: mem.u64(at, T, 'MaxXmitLinkSpeed'), MaxRcvLinkSpeed: mem.u64(at, T, 'MaxRcvLinkSpeed'),
      MediaConnectState: mem.u32(at, T, 'MediaConnectState') === 2 ? 'disconnected' : 'connected', MacAddressLength: len,
      PermanentMacAddress: mem.m.read(at + mem.off(T, 'PermanentMacAddress'), Math.min(len, 32)),
      CurrentMacAddress: mem.m.read(at + mem.off(T, 'CurrentMacAddress'), Math.min(len, 32)),
      SupportedPacketFilters: mem.u32(at, T, 'SupportedPacketFilters'), SupportedOidList: oids,
    };
  }
  return { Header: hdr };
}

export function readFilterAttributes(rt: UserRuntime, at: number): FilterAttributes {
  return { Header: readHeader(rt.mem, at), Flags: rt.mem.u32(at, 'NDIS_FILTER_ATTRIBUTES', 'Flags') };
}

export function readPoolParameters(rt: UserRuntime, at: number): NblPoolParameters {
  const T = 'NET_BUFFER_LIST_POOL_PARAMETERS';
  const mem = rt.mem;
  return {
    Header: readHeader(mem, at), ProtocolId: mem.u8(at, T, 'ProtocolId'), fAllocateNetBuffer: mem.u8(at, T, 'fAllocateNetBuffer') !== 0,
    PoolTag: mem.u32(at, T, 'PoolTag'), DataSize: mem.u32(at, T, 'DataSize'),
  };
}

/** NET_IF_INFORMATION with its friendly name and address (offsets from the start of the structure). */
export function readIfInfo(rt: UserRuntime, at: number): NetIfInformation {
  const T = 'NET_IF_INFORMATION';
  const mem = rt.mem;
  const nameLen = mem.u16(at, T, 'FriendlyNameLength');
  const nameOff = mem.u16(at, T, 'FriendlyNameOffset');
  const addrLen = mem.u16(at, T, 'PhysAddressLength');
  const addrOff = mem.u16(at, T, 'PhysAddressOffset');
  return {
    Header: readHeader(mem, at), Flags: mem.u32(at, T, 'Flags'), AccessType: mem.u32(at, T, 'AccessType'), DirectionType: mem.u32(at, T, 'DirectionType'),
    ConnectionType: mem.u32(at, T, 'ConnectionType'), ifConnectorPresent: mem.u8(at, T, 'ifConnectorPresent') !== 0,
    FriendlyName: nameLen && nameOff ? mem.m.wChars(at + nameOff, nameLen >>> 1) : '', InterfaceGuid: mem.guid(at + mem.off(T, 'InterfaceGuid')),
    MediaType: mem.u32(at, T, 'MediaType'), PhysicalMediumType: mem.u32(at, T, 'PhysicalMediumType'),
    ...(addrLen && addrOff ? { PhysAddress: mem.m.read(at + addrOff, addrLen) } : {}),
  };
}

/** A pointer-sized context value from the driver. */
export function ctx(v: Num): number {
  return num(v);
}
