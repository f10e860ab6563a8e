/**
 * VETH: the built-in virtual Ethernet miniport. It drives the simulated NIC the way a real
 * miniport drives hardware: registration and general attributes in MiniportInitializeEx, an
 * interrupt (ISR + DPC) for RX, TX-done and link changes, an NBL pool for receives, pause that
 * pends until every send is completed and every indication returned, OIDs (optionally pended
 * through an NDIS timer), link-state indications. It is an ordinary client of NdisApi.
 *
 * Registry parameters of an adapter (scenario `adapters[].parameters`):
 *   NetworkAddress   MAC override ("02-00-00-00-00-09")
 *   PendOids         1: complete OID requests later (NdisMOidRequestComplete from a timer)
 *   RxResourcesAt    indicate with NDIS_RECEIVE_FLAGS_RESOURCES when this many receives are out
 *   FaultDoubleComplete  1: complete the first send twice (a deliberate bug)
 *   FaultKeepInterrupt   1: halt without NdisMDeregisterInterruptEx (bug check 0x7C/0x08)
 */
import type { NdisApi } from '../ndis/api';
import type { DriverImage } from '../ndis/driverImage';
import {
  NDIS_STATUS_INVALID_LENGTH, NDIS_STATUS_LINK_STATE, NDIS_STATUS_NOT_SUPPORTED, NDIS_STATUS_PAUSED, NDIS_STATUS_PENDING,
  NDIS_STATUS_SUCCESS, type NdisStatus,
} from '../ndis/status';
import {
  DeviceInterrupt, NdisMedium802_3, out, PacketType, type DriverObject, type NdisHandle, type NdisOidRequest, type NetBufferList,
  type VirtualDevice,
} from '../ndis/types';
import { parseMac } from '../packets/bytes';
import { oidByName } from '../ndis/oidNames';
import { answer, header, nblArray, nblChain, readConfigs, setValue, tag, u32, u64 } from './common';

const OID = (n: string): number => oidByName(n)!;
const SUPPORTED_OIDS = [
  'OID_GEN_CURRENT_PACKET_FILTER', 'OID_GEN_CURRENT_LOOKAHEAD', 'OID_GEN_MAXIMUM_FRAME_SIZE', 'OID_GEN_LINK_SPEED', 'OID_GEN_MEDIA_CONNECT_STATUS',
  'OID_GEN_VENDOR_DESCRIPTION', 'OID_GEN_VENDOR_ID', 'OID_GEN_XMIT_OK', 'OID_GEN_RCV_OK', 'OID_802_3_PERMANENT_ADDRESS', 'OID_802_3_CURRENT_ADDRESS',
  'OID_802_3_MULTICAST_LIST', 'OID_802_3_MAXIMUM_LIST_SIZE',
].map(OID);

interface Adapter {
  readonly handle: NdisHandle;
  readonly device: VirtualDevice;
  readonly mac: Uint8Array;
  state: 'paused' | 'running' | 'pausing';
  pool: NdisHandle | null;
  interrupt: NdisHandle | null;
  oidTimer: NdisHandle | null;
  pendingOids: NdisOidRequest[];
  cause: number;
  txOut: number;
  rxOut: number;
  packetFilter: number;
  xmitOk: number;
  rcvOk: number;
  pendOids: boolean;
  rxResourcesAt: number;
  faultDoubleComplete: boolean;
  faultKeepInterrupt: boolean;
}

/** The VETH driver image. */
export function vethDriver(serviceName = 'VETH'): DriverImage {
  let api: NdisApi;
  let driverHandle: NdisHandle | undefined;

  function maybeFinishPause(ad: Adapter): void {
    if (ad.state === 'pausing' && ad.txOut === 0 && ad.rxOut === 0) {
      ad.state = 'paused';
      api.NdisMPauseComplete(ad.handle);
    }
  }

  function VethUnload(_d: DriverObject): void {
    if (driverHandle) api.NdisMDeregisterMiniportDriver(driverHandle);
  }

  function VethInitialize(handle: NdisHandle, _ctx: unknown, params: import('../ndis/types').MiniportInitParameters): NdisStatus {
    const device = params.AllocatedResources;
    if (!device) return 0xc0000001;
    const cfg = readConfigs(api, handle, { NetworkAddress: 'string', PendOids: 'integer', RxResourcesAt: 'integer', FaultDoubleComplete: 'integer', FaultKeepInterrupt: 'integer' });
    const override = cfg.NetworkAddress as string | undefined;
    const ad: Adapter = {
      handle, device, mac: (override && parseMac(override)) || device.PermanentAddress, state: 'paused', pool: null, interrupt: null,
      oidTimer: null, pendingOids: [], cause: 0, txOut: 0, rxOut: 0, packetFilter: 0, xmitOk: 0, rcvOk: 0,
      pendOids: cfg.PendOids === 1, rxResourcesAt: (cfg.RxResourcesAt as number | undefined) ?? 0,
      faultDoubleComplete: cfg.FaultDoubleComplete === 1, faultKeepInterrupt: cfg.FaultKeepInterrupt === 1,
    };
    let st = api.NdisMSetMiniportAttributes(handle, {
      Header: header('NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES', 2), MiniportAdapterContext: ad,
      AttributeFlags: 0x1 | 0x40, CheckForHangTimeInSeconds: 0, InterfaceType: 5,
    });
    if (st !== NDIS_STATUS_SUCCESS) return st;
    st = api.NdisMSetMiniportAttributes(handle, {
      Header: { Type: 0x9f, Revision: 2, Size: 0 }, MediaType: NdisMedium802_3, MtuSize: device.Mtu, MaxXmitLinkSpeed: device.LinkSpeed,
      MaxRcvLinkSpeed: device.LinkSpeed, MediaConnectState: device.linkUp ? 'connected' : 'disconnected', MacAddressLength: 6,
      PermanentMacAddress: device.PermanentAddress, CurrentMacAddress: ad.mac,
      SupportedPacketFilters: PacketType.DIRECTED | PacketType.MULTICAST | PacketType.ALL_MULTICAST | PacketType.BROADCAST | PacketType.PROMISCUOUS,
      SupportedOidList: SUPPORTED_OIDS,
    });
    if (st !== NDIS_STATUS_SUCCESS) return st;
    ad.pool = api.NdisAllocateNetBufferListPool(handle, { fAllocateNetBuffer: true, PoolTag: tag('VETH') });
    if (!ad.pool) return 0xc000009a;
    const ih = out<NdisHandle>();
    st = api.NdisMRegisterInterruptEx(handle, ad, { InterruptHandler: VethInterrupt, InterruptDpcHandler: VethInterruptDpc }, ih);
    if (st !== NDIS_STATUS_SUCCESS) {
      api.NdisFreeNetBufferListPool(ad.pool);
      return st;
    }
    ad.interrupt = ih.value!;
    if (ad.pendOids) {
      const th = out<NdisHandle>();
      if (api.NdisAllocateTimerObject(handle, { AllocationTag: tag('VETH'), TimerFunction: VethOidTimer, FunctionContext: ad }, th) === NDIS_STATUS_SUCCESS) ad.oidTimer = th.value!;
    }
    return NDIS_STATUS_SUCCESS;
  }

  function VethHalt(ctx: unknown, _action: number): void {
    const ad = ctx as Adapter;
    if (ad.interrupt && !ad.faultKeepInterrupt) api.NdisMDeregisterInterruptEx(ad.interrupt);
    if (ad.oidTimer) {
      api.NdisCancelTimerObject(ad.oidTimer);
      api.NdisFreeTimerObject(ad.oidTimer);
    }
    if (ad.pool) api.NdisFreeNetBufferListPool(ad.pool);
  }

  function VethPause(ctx: unknown, _p: unknown): NdisStatus {
    const ad = ctx as Adapter;
    ad.state = 'pausing';
    if (ad.txOut === 0 && ad.rxOut === 0) {
      ad.state = 'paused';
      return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_PENDING;
  }

  function VethRestart(ctx: unknown, _p: unknown): NdisStatus {
    (ctx as Adapter).state = 'running';
    return NDIS_STATUS_SUCCESS;
  }

  function VethSend(ctx: unknown, nbls: NetBufferList, _port: number, _flags: number): void {
    const ad = ctx as Adapter;
    const rejected: NetBufferList[] = [];
    for (const n of nblArray(nbls)) {
      if (ad.state !== 'running') {
        n.Status = NDIS_STATUS_PAUSED;
        rejected.push(n);
      } else if (n.Data.length > ad.device.Mtu + 18) {
        n.Status = NDIS_STATUS_INVALID_LENGTH;
        rejected.push(n);
      } else {
        ad.txOut++;
        ad.device.transmit(n.Data, n);
      }
    }
    if (rejected.length) api.NdisMSendNetBufferListsComplete(ad.handle, nblChain(rejected), 0);
  }

  function VethInterrupt(ctx: unknown, queueDpc: import('../ndis/types').Out<boolean>): boolean {
    const ad = ctx as Adapter;
    const c = ad.device.readInterruptCause();
    ad.cause |= c;
    queueDpc.value = c !== 0;
    return c !== 0;
  }

  function VethInterruptDpc(ctx: unknown, _dpc: unknown): void {
    const ad = ctx as Adapter;
    const cause = ad.cause;
    ad.cause = 0;
    if (cause & DeviceInterrupt.TX) {
      const done = ad.device.takeTransmitCompletions() as NetBufferList[];
      if (done.length) {
        for (const n of done) n.Status = NDIS_STATUS_SUCCESS;
        ad.txOut -= done.length;
        ad.xmitOk += done.length;
        api.NdisMSendNetBufferListsComplete(ad.handle, nblChain(done), 1);
        if (ad.faultDoubleComplete) {
          ad.faultDoubleComplete = false;
          done[0]!.Next = null;
          api.NdisMSendNetBufferListsComplete(ad.handle, done[0]!, 1);
        }
      }
    }
    if (cause & DeviceInterrupt.RX) indicate(ad, ad.device.takeReceived());
    if (cause & DeviceInterrupt.LINK) {
      api.NdisMIndicateStatusEx(ad.handle, {
        SourceHandle: ad.handle, PortNumber: 0, StatusCode: NDIS_STATUS_LINK_STATE, Flags: 0, StatusBufferSize: 32,
        StatusBuffer: { MediaConnectState: ad.device.linkUp ? 'connected' : 'disconnected', MediaDuplexState: 'full', XmitLinkSpeed: ad.device.LinkSpeed, RcvLinkSpeed: ad.device.LinkSpeed },
      });
    }
    maybeFinishPause(ad);
  }

  function accepted(ad: Adapter, f: Uint8Array): boolean {
    const pf = ad.packetFilter;
    if (pf & PacketType.PROMISCUOUS) return true;
    if (f[0]! & 1) return (pf & (PacketType.BROADCAST | PacketType.MULTICAST | PacketType.ALL_MULTICAST)) !== 0;
    return (pf & PacketType.DIRECTED) !== 0 && f.subarray(0, 6).every((b, i) => b === ad.mac[i]);
  }

  function indicate(ad: Adapter, frames: Uint8Array[]): void {
    if (ad.state !== 'running' || !ad.pool) return;
    const nbls: NetBufferList[] = [];
    for (const f of frames) {
      if (!accepted(ad, f)) continue;
      const n = api.NdisAllocateNetBufferAndNetBufferList(ad.pool, 0, 0, f, 0, f.length);
      if (!n) continue;
      n.SourceHandle = ad.handle;
      nbls.push(n);
    }
    if (!nbls.length) return;
    ad.rcvOk += nbls.length;
    const resources = ad.rxResourcesAt > 0 && ad.rxOut + nbls.length >= ad.rxResourcesAt;
    if (!resources) ad.rxOut += nbls.length;
    api.NdisMIndicateReceiveNetBufferLists(ad.handle, nblChain(nbls), 0, nbls.length, resources ? 0x3 : 0x1);
    if (resources) for (const n of nbls) api.NdisFreeNetBufferList(n);
  }

  function VethReturn(ctx: unknown, nbls: NetBufferList, _flags: number): void {
    const ad = ctx as Adapter;
    for (const n of nblArray(nbls)) {
      api.NdisFreeNetBufferList(n);
      ad.rxOut--;
    }
    maybeFinishPause(ad);
  }

  function query(ad: Adapter, req: NdisOidRequest): NdisStatus {
    const o = req.Oid;
    if (req.RequestType === 1) {
      if (o === OID('OID_GEN_CURRENT_PACKET_FILTER')) {
        const v = setValue(req);
        if (v === undefined) return NDIS_STATUS_INVALID_LENGTH;
        ad.packetFilter = v;
        return NDIS_STATUS_SUCCESS;
      }
      if (o === OID('OID_GEN_CURRENT_LOOKAHEAD') || o === OID('OID_802_3_MULTICAST_LIST')) {
        req.BytesRead = req.InformationBufferLength;
        return NDIS_STATUS_SUCCESS;
      }
      return NDIS_STATUS_NOT_SUPPORTED;
    }
    const speed = ad.device.LinkSpeed;
    const table: Record<number, () => Uint8Array> = {
      [OID('OID_GEN_CURRENT_PACKET_FILTER')]: () => u32(ad.packetFilter),
      [OID('OID_GEN_CURRENT_LOOKAHEAD')]: () => u32(ad.device.Mtu),
      [OID('OID_GEN_MAXIMUM_FRAME_SIZE')]: () => u32(ad.device.Mtu),
      [OID('OID_GEN_LINK_SPEED')]: () => u32(speed / 100),
      [OID('OID_GEN_MEDIA_CONNECT_STATUS')]: () => u32(ad.device.linkUp ? 0 : 1),
      [OID('OID_GEN_VENDOR_DESCRIPTION')]: () => new TextEncoder().encode('NDIS Workbench virtual Ethernet\0'),
      [OID('OID_GEN_VENDOR_ID')]: () => u32(0x00ffffff),
      [OID('OID_GEN_XMIT_OK')]: () => u64(ad.xmitOk),
      [OID('OID_GEN_RCV_OK')]: () => u64(ad.rcvOk),
      [OID('OID_802_3_PERMANENT_ADDRESS')]: () => ad.device.PermanentAddress,
      [OID('OID_802_3_CURRENT_ADDRESS')]: () => ad.mac,
      [OID('OID_802_3_MAXIMUM_LIST_SIZE')]: () => u32(32),
    };
    const f = table[o];
    return f ? answer(req, f()) : NDIS_STATUS_NOT_SUPPORTED;
  }

  function VethOidRequest(ctx: unknown, req: NdisOidRequest): NdisStatus {
    const ad = ctx as Adapter;
    if (ad.pendOids && ad.oidTimer) {
      ad.pendingOids.push(req);
      api.NdisSetTimerObject(ad.oidTimer, -100, 0, ad); // 10 µs (100-ns units, negative: relative)
      return NDIS_STATUS_PENDING;
    }
    return query(ad, req);
  }

  function VethOidTimer(_s: unknown, ctx: unknown): void {
    const ad = ctx as Adapter;
    for (const req of ad.pendingOids.splice(0)) api.NdisMOidRequestComplete(ad.handle, req, query(ad, req));
  }

  const noop = function VethNoop(): void {};

  return {
    serviceName,
    roles: ['miniport'],
    DriverEntry(ndis: NdisApi, driverObject: DriverObject, registryPath: string): NdisStatus {
      api = ndis;
      const h = out<NdisHandle>();
      const st = api.NdisMRegisterMiniportDriver(driverObject, registryPath, null, {
        Header: header('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
        InitializeHandlerEx: VethInitialize, HaltHandlerEx: VethHalt, UnloadHandler: VethUnload, PauseHandler: VethPause, RestartHandler: VethRestart,
        OidRequestHandler: VethOidRequest, SendNetBufferListsHandler: VethSend, ReturnNetBufferListsHandler: VethReturn,
        CancelSendHandler: function VethCancelSend() {}, DevicePnPEventNotifyHandler: function VethDevicePnPEventNotify() {},
        ShutdownHandlerEx: function VethShutdown() {}, CancelOidRequestHandler: noop,
      }, h);
      driverHandle = h.value;
      return st;
    },
  };
}
