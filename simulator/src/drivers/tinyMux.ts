/**
 * TINYMUX: the built-in intermediate driver (1:1 MUX) and network-interface provider, after the
 * WDK MUX sample. Its protocol edge binds to a physical adapter and starts the virtual miniport
 * named by UpperBindings with NdisIMInitializeDeviceInstanceEx; the virtual miniport forwards
 * sends down (copying into its own NBLs) and indicates receives up. As provider it registers one
 * internal interface (IF_TYPE_PROP_VIRTUAL) whose NET_LUID index it persists in the registry, so
 * the interface keeps its NET_LUID across reboots, and answers ProviderQueryObject.
 *
 * Registry: TINYMUX\Adapters\<lower>\UpperBindings = "<virtual adapter>". Deliberate faults:
 *   FaultDuplicateLuid = 1  register a second interface with the same NET_LUID (DUPLICATE_OBJECTID)
 *   FaultProviderFirst = 1  unload deregisters the provider before its interface (0x7C/0x17)
 */
import { constant } from '../../../common/src/catalog';
import type { IfQueryObject } from '../ndis/characteristics';
import type { NdisApi } from '../ndis/api';
import type { DriverImage } from '../ndis/driverImage';
import { oidByName } from '../ndis/oidNames';
import {
  NDIS_STATUS_BUFFER_TOO_SHORT, NDIS_STATUS_LINK_STATE, NDIS_STATUS_NOT_SUPPORTED, NDIS_STATUS_PAUSED, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS,
  statusName, type NdisStatus,
} from '../ndis/status';
import {
  makeNetLuid, NdisMedium802_3, NDIS_RECEIVE_FLAGS_RESOURCES, NetEvent, out, PacketType, type BindParameters, type DriverObject, type LinkState,
  type MiniportInitParameters, type NdisHandle, type NdisOidRequest, type NetBufferList, type NetLuid, type NetPnPEventNotification, type Out,
  type StatusIndication,
} from '../ndis/types';
import { answer, header, nblArray, nblChain, readConfig, readConfigs, setValue, tag, u32, u64 } from './common';

const IF_TYPE_PROP_VIRTUAL = constant('IF_TYPE_PROP_VIRTUAL')!.value;
const OID = (n: string): number => oidByName(n)!;

interface Lower {
  handle: NdisHandle | null;
  readonly handleOut: Out<NdisHandle>;
  readonly adapter: string;
  readonly bindContext: NdisHandle;
  unbindContext: NdisHandle | null;
  readonly mac: Uint8Array;
  readonly mtu: number;
  readonly speed: number;
  readonly boundIfIndex: number;
  linkUp: boolean;
  state: 'opening' | 'paused' | 'running' | 'pausing' | 'closing';
  pool: NdisHandle | null;
  sendsOut: number;
  upper: string | null;
  virt: Virtual | null;
}

interface Virtual {
  readonly handle: NdisHandle;
  readonly lower: Lower;
  readonly ifIndex: number;
  state: 'paused' | 'running' | 'pausing';
  pool: NdisHandle | null;
  txOut: number;
  rxOut: number;
  packetFilter: number;
}

/** The TINYMUX driver image. */
export function tinyMuxDriver(serviceName = 'TINYMUX'): DriverImage {
  let api: NdisApi;
  let mpHandle: NdisHandle | undefined;
  let protoHandle: NdisHandle | undefined;
  let providerHandle: NdisHandle | undefined;
  let internalIf = 0;
  let luid: NetLuid | undefined;
  const lowers: Lower[] = [];
  let faultDuplicateLuid = false;
  let faultProviderFirst = false;

  // ---- protocol edge ------------------------------------------------------------------------
  function MuxBindAdapter(_ctx: unknown, bindContext: NdisHandle, p: BindParameters): NdisStatus {
    const l: Lower = {
      handle: null, handleOut: out<NdisHandle>(), adapter: p.AdapterName, bindContext, unbindContext: null, mac: p.CurrentMacAddress, mtu: p.MtuSize,
      speed: p.MaxXmitLinkSpeed, boundIfIndex: p.BoundIfIndex, linkUp: p.MediaConnectState === 'connected', state: 'opening', pool: null, sendsOut: 0, upper: null, virt: null,
    };
    lowers.push(l);
    const st = api.NdisOpenAdapterEx(protoHandle!, l, { Header: { Type: 0x87, Revision: 1, Size: 52 }, AdapterName: p.AdapterName, MediumArray: [NdisMedium802_3], MediumArraySize: 1, SelectedMediumIndex: out() }, bindContext, l.handleOut);
    if (st === NDIS_STATUS_PENDING) return st;
    if (st !== NDIS_STATUS_SUCCESS) {
      lowers.splice(lowers.indexOf(l), 1);
      return st;
    }
    l.handle = l.handleOut.value!;
    finishBind(l);
    return NDIS_STATUS_SUCCESS;
  }

  function finishBind(l: Lower): void {
    l.state = 'paused';
    l.pool = api.NdisAllocateNetBufferListPool(l.handle!, { fAllocateNetBuffer: true, PoolTag: tag('TMXl') });
    registerInternalInterface();
    l.upper = readConfig(api, l.handle!, 'UpperBindings', 'string') ?? null;
    if (!l.upper) {
      api.DbgPrint(`${serviceName}: no UpperBindings for ${l.adapter}; no virtual miniport`);
      return;
    }
    const st = api.NdisIMInitializeDeviceInstanceEx(mpHandle!, l.upper, l);
    if (st !== NDIS_STATUS_SUCCESS) api.DbgPrint(`${serviceName}: NdisIMInitializeDeviceInstanceEx(${l.upper}) failed: ${statusName(st)}`);
  }

  function registerInternalInterface(): void {
    if (internalIf || !providerHandle) return;
    let index = readConfig(api, protoHandle!, 'NetLuidIndex', 'integer');
    if (index === undefined) {
      const o = out<number>();
      if (api.NdisIfAllocateNetLuidIndex(IF_TYPE_PROP_VIRTUAL, o) !== NDIS_STATUS_SUCCESS) return;
      index = o.value!;
      persistLuidIndex(index);
    }
    luid = makeNetLuid(IF_TYPE_PROP_VIRTUAL, index);
    const info = (name: string): import('../ndis/types').NetIfInformation => ({
      Header: { Type: 0x80, Revision: 1, Size: 96 }, Flags: 0, AccessType: 2, DirectionType: 0, ConnectionType: 1, ifConnectorPresent: false,
      FriendlyName: name, InterfaceGuid: `{00000000-0000-0000-0000-${index!.toString(16).padStart(12, '0')}}`, MediaType: NdisMedium802_3, PhysicalMediumType: 0,
    });
    const o = out<number>();
    const st = api.NdisIfRegisterInterface(providerHandle, luid, 'internal', info(`${serviceName} internal`), o);
    if (st !== NDIS_STATUS_SUCCESS) {
      api.DbgPrint(`${serviceName}: NdisIfRegisterInterface failed: ${statusName(st)}`);
      return;
    }
    internalIf = o.value!;
    if (faultDuplicateLuid) {
      const o2 = out<number>();
      const st2 = api.NdisIfRegisterInterface(providerHandle, luid, 'internal-2', info(`${serviceName} internal (copy)`), o2);
      api.DbgPrint(`${serviceName}: second NdisIfRegisterInterface with the same NET_LUID: ${statusName(st2)}`);
    }
  }

  function persistLuidIndex(index: number): void {
    const cfg = out<NdisHandle>();
    if (api.NdisOpenConfigurationEx({ NdisHandle: protoHandle! }, cfg) !== NDIS_STATUS_SUCCESS) return;
    api.NdisWriteConfiguration(out(), cfg.value!, 'NetLuidIndex', { ParameterType: 'integer', IntegerData: index });
    api.NdisCloseConfiguration(cfg.value!);
  }

  function MuxOpenAdapterComplete(ctx: unknown, status: NdisStatus): void {
    const l = ctx as Lower;
    if (status === NDIS_STATUS_SUCCESS) {
      l.handle = l.handleOut.value!;
      finishBind(l);
    } else lowers.splice(lowers.indexOf(l), 1);
    api.NdisCompleteBindAdapterEx(l.bindContext, status);
  }

  function MuxUnbindAdapter(unbindContext: NdisHandle, ctx: unknown): NdisStatus {
    const l = ctx as Lower;
    l.unbindContext = unbindContext;
    if (l.virt) api.NdisIMDeInitializeDeviceInstance(l.virt.handle);
    else if (l.upper) api.NdisIMCancelInitializeDeviceInstance(mpHandle!, l.upper);
    l.state = 'closing';
    const st = api.NdisCloseAdapterEx(l.handle!);
    if (st === NDIS_STATUS_PENDING) return st;
    forgetLower(l);
    return NDIS_STATUS_SUCCESS;
  }

  function forgetLower(l: Lower): void {
    if (l.pool) api.NdisFreeNetBufferListPool(l.pool);
    l.pool = null;
    lowers.splice(lowers.indexOf(l), 1);
  }

  function MuxCloseAdapterComplete(ctx: unknown): void {
    const l = ctx as Lower;
    forgetLower(l);
    api.NdisCompleteUnbindAdapterEx(l.unbindContext!);
  }

  function MuxNetPnPEvent(ctx: unknown, ev: NetPnPEventNotification): NdisStatus {
    const l = ctx as Lower | null;
    if (!l) return NDIS_STATUS_SUCCESS;
    if (ev.NetEvent === NetEvent.NetEventPause) {
      l.state = l.sendsOut ? 'pausing' : 'paused';
      return l.sendsOut ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
    }
    if (ev.NetEvent === NetEvent.NetEventRestart) {
      l.state = 'running';
      const req: NdisOidRequest = { RequestType: 1, PortNumber: 0, RequestId: 0, Oid: OID('OID_GEN_CURRENT_PACKET_FILTER'), InformationBuffer: u32(PacketType.DIRECTED | PacketType.BROADCAST | PacketType.MULTICAST), InformationBufferLength: 4, BytesWritten: 0, BytesRead: 0, BytesNeeded: 0, SourceReserved: null };
      api.NdisOidRequest(l.handle!, req);
    }
    return NDIS_STATUS_SUCCESS;
  }

  function MuxReceive(ctx: unknown, nbls: NetBufferList, port: number, _n: number, flags: number): void {
    const l = ctx as Lower;
    const v = l.virt;
    const up: NetBufferList[] = [];
    for (const n of nblArray(nbls)) {
      if (!v || v.state !== 'running' || !v.pool || !v.packetFilter) continue;
      const c = api.NdisAllocateNetBufferAndNetBufferList(v.pool, 0, 0, n.Data.slice(), 0, n.Data.length);
      if (!c) continue;
      c.SourceHandle = v.handle;
      up.push(c);
    }
    if (!(flags & NDIS_RECEIVE_FLAGS_RESOURCES)) api.NdisReturnNetBufferLists(l.handle!, nbls, 0);
    if (v && up.length) {
      v.rxOut += up.length;
      api.NdisMIndicateReceiveNetBufferLists(v.handle, nblChain(up), port, up.length, 0);
    }
  }

  function MuxSendComplete(ctx: unknown, nbls: NetBufferList, _flags: number): void {
    const l = ctx as Lower;
    const uppers: NetBufferList[] = [];
    for (const n of nblArray(nbls)) {
      const u = n.Context as NetBufferList;
      u.Status = n.Status;
      uppers.push(u);
      api.NdisFreeNetBufferList(n);
      l.sendsOut--;
    }
    if (l.state === 'pausing' && !l.sendsOut) l.state = 'paused';
    const v = l.virt;
    if (!v || !uppers.length) return;
    v.txOut -= uppers.length;
    api.NdisMSendNetBufferListsComplete(v.handle, nblChain(uppers), 0);
    finishVirtualPause(v);
  }

  function MuxStatus(ctx: unknown, ind: StatusIndication): void {
    const l = ctx as Lower;
    if (ind.StatusCode !== NDIS_STATUS_LINK_STATE) return;
    l.linkUp = (ind.StatusBuffer as LinkState).MediaConnectState === 'connected';
    if (l.virt) api.NdisMIndicateStatusEx(l.virt.handle, { ...ind, SourceHandle: l.virt.handle });
  }

  // ---- virtual miniport edge ------------------------------------------------------------------
  function MuxInitialize(handle: NdisHandle, _ctx: unknown, p: MiniportInitParameters): NdisStatus {
    const l = p.IMDeviceInstanceContext as Lower;
    const v: Virtual = { handle, lower: l, ifIndex: p.IfIndex, state: 'paused', pool: null, txOut: 0, rxOut: 0, packetFilter: 0 };
    let st = api.NdisMSetMiniportAttributes(handle, { Header: header('NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES', 2), MiniportAdapterContext: v, AttributeFlags: 0, CheckForHangTimeInSeconds: 0, InterfaceType: 0 });
    if (st !== NDIS_STATUS_SUCCESS) return st;
    st = api.NdisMSetMiniportAttributes(handle, {
      Header: { Type: 0x9f, Revision: 2, Size: 0 }, MediaType: NdisMedium802_3, MtuSize: l.mtu, MaxXmitLinkSpeed: l.speed, MaxRcvLinkSpeed: l.speed,
      MediaConnectState: l.linkUp ? 'connected' : 'disconnected', MacAddressLength: 6, PermanentMacAddress: l.mac, CurrentMacAddress: l.mac,
      SupportedPacketFilters: 0x2f, SupportedOidList: [],
    });
    if (st !== NDIS_STATUS_SUCCESS) return st;
    v.pool = api.NdisAllocateNetBufferListPool(handle, { fAllocateNetBuffer: true, PoolTag: tag('TMXu') });
    (void api.NdisIfAddIfStackEntry(p.IfIndex, l.boundIfIndex)); // the MUX sample ignores failures here
    l.virt = v;
    return NDIS_STATUS_SUCCESS;
  }

  function MuxHalt(ctx: unknown, _action: number): void {
    const v = ctx as Virtual;
    api.NdisIfDeleteIfStackEntry(v.ifIndex, v.lower.boundIfIndex);
    if (v.pool) api.NdisFreeNetBufferListPool(v.pool);
    v.lower.virt = null;
  }

  function finishVirtualPause(v: Virtual): void {
    if (v.state === 'pausing' && !v.txOut && !v.rxOut) {
      v.state = 'paused';
      api.NdisMPauseComplete(v.handle);
    }
  }

  function MuxPause(ctx: unknown, _p: unknown): NdisStatus {
    const v = ctx as Virtual;
    v.state = 'pausing';
    if (v.txOut || v.rxOut) return NDIS_STATUS_PENDING;
    v.state = 'paused';
    return NDIS_STATUS_SUCCESS;
  }

  function MuxRestart(ctx: unknown, _p: unknown): NdisStatus {
    (ctx as Virtual).state = 'running';
    return NDIS_STATUS_SUCCESS;
  }

  function MuxSend(ctx: unknown, nbls: NetBufferList, port: number, flags: number): void {
    const v = ctx as Virtual;
    const l = v.lower;
    const refused: NetBufferList[] = [];
    const down: NetBufferList[] = [];
    for (const n of nblArray(nbls)) {
      const c = v.state === 'running' && l.state === 'running' && l.pool ? api.NdisAllocateNetBufferAndNetBufferList(l.pool, 0, 0, n.Data, 0, n.Data.length) : null;
      if (!c) {
        n.Status = NDIS_STATUS_PAUSED;
        refused.push(n);
        continue;
      }
      c.SourceHandle = l.handle;
      c.Context = n;
      down.push(c);
    }
    if (refused.length) api.NdisMSendNetBufferListsComplete(v.handle, nblChain(refused), 0);
    if (!down.length) return;
    v.txOut += down.length;
    l.sendsOut += down.length;
    api.NdisSendNetBufferLists(l.handle!, nblChain(down), port, flags & ~0x1);
  }

  function MuxReturn(ctx: unknown, nbls: NetBufferList, _flags: number): void {
    const v = ctx as Virtual;
    for (const n of nblArray(nbls)) {
      api.NdisFreeNetBufferList(n);
      v.rxOut--;
    }
    finishVirtualPause(v);
  }

  function MuxOidRequest(ctx: unknown, req: NdisOidRequest): NdisStatus {
    const v = ctx as Virtual;
    if (req.RequestType === 1) {
      if (req.Oid !== OID('OID_GEN_CURRENT_PACKET_FILTER')) return NDIS_STATUS_NOT_SUPPORTED;
      const x = setValue(req);
      if (x === undefined) return NDIS_STATUS_BUFFER_TOO_SHORT;
      v.packetFilter = x;
      return NDIS_STATUS_SUCCESS;
    }
    const table: Record<number, () => Uint8Array> = {
      [OID('OID_GEN_CURRENT_PACKET_FILTER')]: () => u32(v.packetFilter),
      [OID('OID_802_3_CURRENT_ADDRESS')]: () => v.lower.mac,
      [OID('OID_802_3_PERMANENT_ADDRESS')]: () => v.lower.mac,
      [OID('OID_GEN_MAXIMUM_FRAME_SIZE')]: () => u32(v.lower.mtu),
      [OID('OID_GEN_LINK_SPEED')]: () => u32(v.lower.speed / 100),
      [OID('OID_GEN_MEDIA_CONNECT_STATUS')]: () => u32(v.lower.linkUp ? 0 : 1),
    };
    const f = table[req.Oid];
    return f ? answer(req, f()) : NDIS_STATUS_NOT_SUPPORTED;
  }

  // ---- interface provider ---------------------------------------------------------------------
  const MuxQueryObject: IfQueryObject = function MuxQueryObject(_ctx, oid, len, buf) {
    const l = lowers[0];
    const up = !!l && l.linkUp && l.state === 'running';
    const table: Record<number, () => Uint8Array> = {
      [OID('OID_GEN_OPERATIONAL_STATUS')]: () => u32(up ? 1 : 7),
      [OID('OID_GEN_ADMIN_STATUS')]: () => u32(1),
      [OID('OID_GEN_MEDIA_CONNECT_STATUS_EX')]: () => u32(up ? 1 : 2),
      [OID('OID_GEN_XMIT_LINK_SPEED')]: () => u64(l?.speed ?? 0),
      [OID('OID_GEN_RCV_LINK_SPEED')]: () => u64(l?.speed ?? 0),
      [OID('OID_GEN_LINK_SPEED_EX')]: () => {
        const b = new Uint8Array(16);
        b.set(u64(l?.speed ?? 0), 0);
        b.set(u64(l?.speed ?? 0), 8);
        return b;
      },
    };
    const f = table[oid];
    if (!f) return NDIS_STATUS_NOT_SUPPORTED;
    const data = f();
    len.value = data.length;
    if (len.capacity < data.length) return NDIS_STATUS_BUFFER_TOO_SHORT;
    buf.set(data);
    return NDIS_STATUS_SUCCESS;
  };

  function MuxSetObject(): NdisStatus {
    return NDIS_STATUS_NOT_SUPPORTED;
  }

  function MuxUnload(_d: DriverObject): void {
    if (faultProviderFirst && providerHandle) api.NdisIfDeregisterProvider(providerHandle); // the bug: interfaces still registered
    if (internalIf) api.NdisIfDeregisterInterface(internalIf);
    internalIf = 0;
    if (providerHandle && !faultProviderFirst) api.NdisIfDeregisterProvider(providerHandle);
    if (protoHandle) api.NdisDeregisterProtocolDriver(protoHandle);
    if (mpHandle) api.NdisMDeregisterMiniportDriver(mpHandle);
  }

  const nothing = function MuxNothing(): void {};

  return {
    serviceName,
    roles: ['intermediate', 'provider'],
    DriverEntry(ndis: NdisApi, driverObject: DriverObject, path: string): NdisStatus {
      api = ndis;
      const mh = out<NdisHandle>();
      let st = api.NdisMRegisterMiniportDriver(driverObject, path, null, {
        Header: header('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0x1,
        InitializeHandlerEx: MuxInitialize, HaltHandlerEx: MuxHalt, UnloadHandler: MuxUnload, PauseHandler: MuxPause, RestartHandler: MuxRestart,
        OidRequestHandler: MuxOidRequest, SendNetBufferListsHandler: MuxSend, ReturnNetBufferListsHandler: MuxReturn, CancelSendHandler: nothing,
        DevicePnPEventNotifyHandler: nothing, ShutdownHandlerEx: nothing, CancelOidRequestHandler: nothing,
      }, mh);
      if (st !== NDIS_STATUS_SUCCESS) return st;
      mpHandle = mh.value!;
      const ph = out<NdisHandle>();
      st = api.NdisRegisterProtocolDriver(null, {
        Header: header('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
        Name: serviceName, BindAdapterHandlerEx: MuxBindAdapter, UnbindAdapterHandlerEx: MuxUnbindAdapter, OpenAdapterCompleteHandlerEx: MuxOpenAdapterComplete,
        CloseAdapterCompleteHandlerEx: MuxCloseAdapterComplete, NetPnPEventHandler: MuxNetPnPEvent, OidRequestCompleteHandler: nothing, StatusHandlerEx: MuxStatus,
        ReceiveNetBufferListsHandler: MuxReceive, SendNetBufferListsCompleteHandler: MuxSendComplete,
      }, ph);
      if (st !== NDIS_STATUS_SUCCESS) {
        api.NdisMDeregisterMiniportDriver(mpHandle);
        return st;
      }
      protoHandle = ph.value!;
      api.NdisIMAssociateMiniport(mpHandle, protoHandle);
      const prov = out<NdisHandle>();
      st = api.NdisIfRegisterProvider({ Header: { Type: 0x80, Revision: 1, Size: 40 }, QueryObjectHandler: MuxQueryObject, SetObjectHandler: MuxSetObject }, null, prov);
      if (st === NDIS_STATUS_SUCCESS) providerHandle = prov.value!;
      else api.DbgPrint(`${serviceName}: NdisIfRegisterProvider failed: ${statusName(st)}`);
      const cfg = readConfigs(api, protoHandle, { FaultDuplicateLuid: 'integer', FaultProviderFirst: 'integer' });
      faultDuplicateLuid = cfg.FaultDuplicateLuid === 1;
      faultProviderFirst = cfg.FaultProviderFirst === 1;
      return NDIS_STATUS_SUCCESS;
    },
  };
}
