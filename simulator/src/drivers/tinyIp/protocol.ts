/**
 * TINYIP: the built-in protocol driver, with the tiny IPv4 stack of stack.ts on top. It binds to
 * every Ethernet adapter NDIS offers, sets the packet filter on restart, clears it and closes on
 * unbind (pending where NDIS pends), returns every indication (or copies under
 * NDIS_RECEIVE_FLAGS_RESOURCES), frees every NBL at send-complete, and waits for its sends to
 * complete before finishing a pause. "User mode" (the scenario) drives it through
 * IRP_MJ_DEVICE_CONTROL: PING, UDP, SEND (a raw frame).
 *
 * Registry: TINYIP\Adapters\<adapter>\IPAddress = "10.0.0.1/24". Deliberate faults (TINYIP):
 *   FaultOpenOutsideBind = 1   open an adapter from a timer with a saved BindContext (0x7C/0x16)
 *   FaultLeakReceive = N       keep the N-th received NBL and never return it (0x7C/0x27 at close)
 */
import type { NdisApi } from '../../ndis/api';
import type { DriverImage } from '../../ndis/driverImage';
import { oidByName } from '../../ndis/oidNames';
import { NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_LINK_STATE, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, type NdisStatus } from '../../ndis/status';
import {
  NdisMedium802_3, NDIS_RECEIVE_FLAGS_RESOURCES, NetEvent, out, PacketType, type BindParameters, type DriverObject, type IoControlRequest,
  type LinkState, type NdisHandle, type NdisOidRequest, type NetBufferList, type NetPnPEventNotification, type StatusIndication,
} from '../../ndis/types';
import { parseIpv4 } from '../../packets/bytes';
import { header, nblArray, nblChain, readConfig, readConfigs, tag, u32 } from '../common';
import { TinyIpStack, type IpInterface } from './stack';

interface Binding {
  handle: NdisHandle | null;
  /** Where NDIS writes the binding handle (later, when the open pends). */
  readonly handleOut: import('../../ndis/types').Out<NdisHandle>;
  closePending: boolean;
  bindContext: NdisHandle | null;
  unbindContext: NdisHandle | null;
  readonly adapter: string;
  readonly ifc: IpInterface;
  state: 'opening' | 'paused' | 'restarting' | 'running' | 'pausing' | 'closing';
  pool: NdisHandle | null;
  sendsOut: number;
  received: number;
  linkUp: boolean;
  /** What to do when the pended OID completes. */
  afterOid: (() => void) | null;
}

const FILTER = PacketType.DIRECTED | PacketType.BROADCAST | PacketType.MULTICAST;

/** The TINYIP driver image. */
export function tinyIpDriver(serviceName = 'TINYIP'): DriverImage {
  let api: NdisApi;
  let protocolHandle: NdisHandle | undefined;
  const bindings: Binding[] = [];
  const timers: NdisHandle[] = [];
  let faultOpenOutsideBind = false;
  let faultLeakReceive = 0;
  let receivedTotal = 0;
  let pingId = 1;
  const stack = new TinyIpStack({
    transmit: (ifc, frame) => transmit(bindings.find((b) => b.ifc === ifc), frame),
    log: (m) => api.DbgPrint(`${serviceName}: ${m}`),
    now: () => api.KeQueryInterruptTimePrecise() * 100,
  });

  function transmit(b: Binding | undefined, frame: Uint8Array): boolean {
    if (!b || b.state !== 'running' || !b.pool || !b.handle) return false;
    const n = api.NdisAllocateNetBufferAndNetBufferList(b.pool, 0, 0, frame, 0, frame.length);
    if (!n) return false;
    n.SourceHandle = b.handle;
    b.sendsOut++;
    api.NdisSendNetBufferLists(b.handle, n, 0, 0);
    return true;
  }

  function oidSet(b: Binding, oid: string, value: number, then: () => void): void {
    const req: NdisOidRequest = {
      RequestType: 1, PortNumber: 0, RequestId: 0, Oid: oidByName(oid)!, InformationBuffer: u32(value), InformationBufferLength: 4,
      BytesWritten: 0, BytesRead: 0, BytesNeeded: 0, SourceReserved: null,
    };
    const st = api.NdisOidRequest(b.handle!, req);
    if (st === NDIS_STATUS_PENDING) b.afterOid = then;
    else then();
  }

  function finishOpen(b: Binding): void {
    const ip = readConfig(api, b.handle!, 'IPAddress', 'string');
    const m = ip ? /^(\d+\.\d+\.\d+\.\d+)(?:\/(\d+))?$/.exec(ip) : null;
    if (m) {
      b.ifc.addr = parseIpv4(m[1]!) ?? null;
      b.ifc.prefix = m[2] ? Number(m[2]) : 24;
    }
    b.pool = api.NdisAllocateNetBufferListPool(b.handle!, { fAllocateNetBuffer: true, PoolTag: tag('TIP0') });
    b.state = 'paused';
    if (faultOpenOutsideBind) scheduleBadOpen(b);
  }

  function scheduleBadOpen(b: Binding): void {
    faultOpenOutsideBind = false;
    const saved = b.bindContext;
    const th = out<NdisHandle>();
    const TipBadOpenTimer = function TipBadOpenTimer(): void {
      // The bug: re-opening later with a BindContext saved from ProtocolBindAdapterEx.
      api.NdisOpenAdapterEx(protocolHandle!, b, openParams(b.adapter), saved!, out<NdisHandle>());
    };
    if (api.NdisAllocateTimerObject(protocolHandle!, { AllocationTag: tag('TIPt'), TimerFunction: TipBadOpenTimer, FunctionContext: null }, th) === NDIS_STATUS_SUCCESS) {
      timers.push(th.value!);
      api.NdisSetTimerObject(th.value!, -10_000, 0, null); // 1 ms
    }
  }

  function openParams(adapter: string): import('../../ndis/types').OpenParameters {
    return { Header: { Type: 0x87, Revision: 1, Size: 52 }, AdapterName: adapter, MediumArray: [NdisMedium802_3], MediumArraySize: 1, SelectedMediumIndex: out<number>() };
  }

  function TipBindAdapter(_ctx: unknown, bindContext: NdisHandle, params: BindParameters): NdisStatus {
    const h = out<NdisHandle>();
    const b: Binding = {
      handle: null, handleOut: h, closePending: false, bindContext, unbindContext: null, adapter: params.AdapterName, state: 'opening', pool: null, sendsOut: 0, received: 0,
      linkUp: params.MediaConnectState === 'connected', afterOid: null,
      ifc: { name: params.AdapterName, mac: params.CurrentMacAddress, addr: null, prefix: 24, arp: new Map(), waiting: new Map() },
    };
    const st = api.NdisOpenAdapterEx(protocolHandle!, b, openParams(params.AdapterName), bindContext, h);
    if (st === NDIS_STATUS_PENDING) {
      bindings.push(b);
      stack.interfaces.push(b.ifc);
      return NDIS_STATUS_PENDING;
    }
    if (st !== NDIS_STATUS_SUCCESS) return st;
    b.handle = h.value!;
    bindings.push(b);
    stack.interfaces.push(b.ifc);
    finishOpen(b);
    return NDIS_STATUS_SUCCESS;
  }

  function TipOpenAdapterComplete(ctx: unknown, status: NdisStatus): void {
    const b = ctx as Binding;
    // NDIS wrote the binding handle when it completed the open.
    if (status === NDIS_STATUS_SUCCESS) {
      b.handle = b.handleOut.value!;
      finishOpen(b);
    }
    api.NdisCompleteBindAdapterEx(b.bindContext!, status);
  }

  function forget(b: Binding): void {
    if (b.pool) api.NdisFreeNetBufferListPool(b.pool);
    b.pool = null;
    bindings.splice(bindings.indexOf(b), 1);
    stack.interfaces.splice(stack.interfaces.indexOf(b.ifc), 1);
  }

  function TipUnbindAdapter(unbindContext: NdisHandle, ctx: unknown): NdisStatus {
    const b = ctx as Binding;
    b.unbindContext = unbindContext;
    b.state = 'closing';
    let inside = true;
    // Clear the packet filter, then close; either step may pend.
    oidSet(b, 'OID_GEN_CURRENT_PACKET_FILTER', 0, () => {
      const st = api.NdisCloseAdapterEx(b.handle!);
      if (st === NDIS_STATUS_PENDING) {
        b.closePending = true;
        return;
      }
      forget(b);
      if (!inside) api.NdisCompleteUnbindAdapterEx(unbindContext);
    });
    inside = false;
    return b.afterOid || b.closePending ? NDIS_STATUS_PENDING : NDIS_STATUS_SUCCESS;
  }

  function TipCloseAdapterComplete(ctx: unknown): void {
    const b = ctx as Binding;
    b.closePending = false;
    forget(b);
    api.NdisCompleteUnbindAdapterEx(b.unbindContext!);
  }

  function TipNetPnPEvent(ctx: unknown, ev: NetPnPEventNotification): NdisStatus {
    const b = ctx as Binding | null;
    if (!b) return NDIS_STATUS_SUCCESS;
    if (ev.NetEvent === NetEvent.NetEventPause) {
      b.state = 'pausing';
      if (b.sendsOut === 0) {
        b.state = 'paused';
        return NDIS_STATUS_SUCCESS;
      }
      return NDIS_STATUS_PENDING; // finished when the last send completes
    }
    if (ev.NetEvent === NetEvent.NetEventRestart) {
      b.state = 'running';
      oidSet(b, 'OID_GEN_CURRENT_PACKET_FILTER', FILTER, () => undefined);
    }
    return NDIS_STATUS_SUCCESS;
  }

  function TipOidRequestComplete(ctx: unknown, _req: NdisOidRequest, _status: NdisStatus): void {
    const b = ctx as Binding;
    const then = b.afterOid;
    b.afterOid = null;
    then?.();
  }

  function TipStatus(ctx: unknown, ind: StatusIndication): void {
    if (ind.StatusCode !== NDIS_STATUS_LINK_STATE) return;
    const b = ctx as Binding;
    b.linkUp = (ind.StatusBuffer as LinkState).MediaConnectState === 'connected';
    api.DbgPrint(`${serviceName}: link on ${b.adapter} is ${b.linkUp ? 'up' : 'down'}`);
  }

  function TipReceive(ctx: unknown, nbls: NetBufferList, _port: number, _count: number, flags: number): void {
    const b = ctx as Binding;
    const resources = (flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0;
    const giveBack: NetBufferList[] = [];
    for (const n of nblArray(nbls)) {
      b.received++;
      receivedTotal++;
      stack.input(b.ifc, resources ? n.Data.slice() : n.Data);
      if (!resources && faultLeakReceive > 0 && receivedTotal === faultLeakReceive) continue; // the deliberate leak
      giveBack.push(n);
    }
    if (!resources && giveBack.length) api.NdisReturnNetBufferLists(b.handle!, nblChain(giveBack), 0);
  }

  function TipSendComplete(ctx: unknown, nbls: NetBufferList, _flags: number): void {
    const b = ctx as Binding;
    for (const n of nblArray(nbls)) {
      api.NdisFreeNetBufferList(n);
      b.sendsOut--;
    }
    if (b.state === 'pausing' && b.sendsOut === 0) b.state = 'paused';
  }

  function TipUnload(_d: DriverObject): void {
    for (const t of timers) {
      api.NdisCancelTimerObject(t);
      api.NdisFreeTimerObject(t);
    }
    if (protocolHandle) api.NdisDeregisterProtocolDriver(protocolHandle);
  }

  /** Repeat `send` `count` times every `intervalNs` using an NDIS timer. */
  function repeat(count: number, intervalNs: number, send: (i: number) => void): void {
    let i = 0;
    const th = out<NdisHandle>();
    const TipTrafficTimer = function TipTrafficTimer(): void {
      send(i++);
      if (i < count) api.NdisSetTimerObject(th.value!, -Math.max(1, Math.round(intervalNs / 100)), 0, null);
    };
    if (api.NdisAllocateTimerObject(protocolHandle!, { AllocationTag: tag('TIPt'), TimerFunction: TipTrafficTimer, FunctionContext: null }, th) !== NDIS_STATUS_SUCCESS) return;
    timers.push(th.value!);
    TipTrafficTimer();
  }

  function TipDeviceControl(_d: DriverObject, req: IoControlRequest): NdisStatus {
    const p = req.Input;
    if (req.Code === 'PING' || req.Code === 'UDP') {
      const dst = parseIpv4(String(p.to));
      if (!dst) return NDIS_STATUS_INVALID_PARAMETER;
      const count = Number(p.count ?? 1);
      const interval = Number(p.intervalNs ?? 1e6);
      if (req.Code === 'PING') {
        const id = pingId++;
        repeat(count, interval, (i) => stack.ping(dst, id, i + 1, Number(p.size ?? 56)));
      } else {
        const payload = p.payload instanceof Uint8Array ? p.payload : new TextEncoder().encode(String(p.payload ?? ''));
        repeat(count, interval, () => stack.udp(dst, Number(p.port), Number(p.srcPort ?? 49152), payload));
      }
      return NDIS_STATUS_SUCCESS;
    }
    if (req.Code === 'SEND') {
      const b = bindings.find((x) => x.adapter === p.adapter);
      return transmit(b, p.frame as Uint8Array) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER;
    }
    return NDIS_STATUS_INVALID_PARAMETER;
  }

  return {
    serviceName,
    roles: ['protocol'],
    DriverEntry(ndis: NdisApi, driverObject: DriverObject, _path: string): NdisStatus {
      api = ndis;
      const h = out<NdisHandle>();
      const st = api.NdisRegisterProtocolDriver(null, {
        Header: header('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
        Name: serviceName, BindAdapterHandlerEx: TipBindAdapter, UnbindAdapterHandlerEx: TipUnbindAdapter,
        OpenAdapterCompleteHandlerEx: TipOpenAdapterComplete, CloseAdapterCompleteHandlerEx: TipCloseAdapterComplete,
        NetPnPEventHandler: TipNetPnPEvent, OidRequestCompleteHandler: TipOidRequestComplete, StatusHandlerEx: TipStatus,
        ReceiveNetBufferListsHandler: TipReceive, SendNetBufferListsCompleteHandler: TipSendComplete,
      }, h);
      if (st !== NDIS_STATUS_SUCCESS) return st;
      protocolHandle = h.value!;
      const cfg = readConfigs(api, protocolHandle, { FaultOpenOutsideBind: 'integer', FaultLeakReceive: 'integer' });
      faultOpenOutsideBind = cfg.FaultOpenOutsideBind === 1;
      faultLeakReceive = (cfg.FaultLeakReceive as number | undefined) ?? 0;
      driverObject.DriverUnload = TipUnload;
      driverObject.DeviceControl = TipDeviceControl;
      return NDIS_STATUS_SUCCESS;
    },
  };
}
