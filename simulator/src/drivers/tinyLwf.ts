/**
 * TINYLWF: the built-in pass-through lightweight filter, written like the WDK LWF sample. Every
 * data-path handler is present, so the module appears on every hop: sends and receives are
 * passed on while Running and refused (completed with NDIS_STATUS_PAUSED / returned at once)
 * otherwise; a pause pends until the sends it passed down have come back; OID requests are
 * cloned (NdisAllocateCloneOidRequest) and their completion copied back to the original.
 *
 * Registry (TINYLWF): DropEtherType = 0x86dd drops frames of that EtherType in both directions.
 */
import type { NdisApi } from '../ndis/api';
import type { DriverImage } from '../ndis/driverImage';
import { NDIS_STATUS_PAUSED, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, type NdisStatus } from '../ndis/status';
import {
  NDIS_RECEIVE_FLAGS_RESOURCES, out, type DriverObject, type FilterAttachParameters, type NdisHandle, type NdisOidRequest, type NetBufferList,
  type StatusIndication,
} from '../ndis/types';
import { header, nblArray, nblChain, readConfig, tag } from './common';

interface Module {
  readonly handle: NdisHandle;
  readonly adapter: string;
  state: 'paused' | 'restarting' | 'running' | 'pausing';
  /** Sends passed down and not yet completed. */
  sendsDown: number;
  sent: number;
  received: number;
  dropped: number;
}

/** The TINYLWF driver image. */
export function tinyLwfDriver(serviceName = 'TINYLWF'): DriverImage {
  let api: NdisApi;
  let driverHandle: NdisHandle | undefined;
  let dropType = 0;

  const etherType = (f: Uint8Array): number => (f.length >= 14 ? (f[12]! << 8) | f[13]! : 0);

  function FilterAttach(handle: NdisHandle, _ctx: unknown, p: FilterAttachParameters): NdisStatus {
    const m: Module = { handle, adapter: p.BaseMiniportName, state: 'paused', sendsDown: 0, sent: 0, received: 0, dropped: 0 };
    return api.NdisFSetAttributes(handle, m, { Header: { Type: 0x8d, Revision: 1, Size: 8 }, Flags: 0 });
  }

  function FilterDetach(ctx: unknown): void {
    const m = ctx as Module;
    api.DbgPrint(`${serviceName} on ${m.adapter}: ${m.sent} sent, ${m.received} received, ${m.dropped} dropped`);
  }

  function FilterRestart(ctx: unknown, _p: unknown): NdisStatus {
    (ctx as Module).state = 'running';
    return NDIS_STATUS_SUCCESS;
  }

  function FilterPause(ctx: unknown, _p: unknown): NdisStatus {
    const m = ctx as Module;
    m.state = 'pausing';
    if (m.sendsDown > 0) return NDIS_STATUS_PENDING;
    m.state = 'paused';
    return NDIS_STATUS_SUCCESS;
  }

  function FilterSendNetBufferLists(ctx: unknown, nbls: NetBufferList, port: number, flags: number): void {
    const m = ctx as Module;
    const pass: NetBufferList[] = [];
    const refuse: NetBufferList[] = [];
    for (const n of nblArray(nbls)) {
      if (m.state !== 'running') {
        n.Status = NDIS_STATUS_PAUSED;
        refuse.push(n);
      } else if (dropType && etherType(n.Data) === dropType) {
        n.Status = NDIS_STATUS_SUCCESS;
        m.dropped++;
        refuse.push(n);
      } else pass.push(n);
    }
    if (refuse.length) api.NdisFSendNetBufferListsComplete(m.handle, nblChain(refuse), 0);
    if (!pass.length) return;
    m.sendsDown += pass.length;
    m.sent += pass.length;
    api.NdisFSendNetBufferLists(m.handle, nblChain(pass), port, flags);
  }

  function FilterSendNetBufferListsComplete(ctx: unknown, nbls: NetBufferList, flags: number): void {
    const m = ctx as Module;
    m.sendsDown -= nblArray(nbls).length;
    api.NdisFSendNetBufferListsComplete(m.handle, nbls, flags);
    if (m.state === 'pausing' && m.sendsDown === 0) {
      m.state = 'paused';
      api.NdisFPauseComplete(m.handle);
    }
  }

  function FilterReceiveNetBufferLists(ctx: unknown, nbls: NetBufferList, port: number, _count: number, flags: number): void {
    const m = ctx as Module;
    const resources = (flags & NDIS_RECEIVE_FLAGS_RESOURCES) !== 0;
    const all = nblArray(nbls);
    const pass: NetBufferList[] = [];
    const back: NetBufferList[] = [];
    for (const n of all) {
      if (m.state !== 'running' || (dropType && etherType(n.Data) === dropType)) {
        m.dropped++;
        back.push(n);
      } else pass.push(n);
    }
    if (back.length && !resources) api.NdisFReturnNetBufferLists(m.handle, nblChain(back), 0);
    if (pass.length) {
      m.received += pass.length;
      api.NdisFIndicateReceiveNetBufferLists(m.handle, nblChain(pass), port, pass.length, flags);
    }
    if (resources) nblChain(all); // NBLs indicated with RESOURCES go back with their chain restored
  }

  function FilterReturnNetBufferLists(ctx: unknown, nbls: NetBufferList, flags: number): void {
    api.NdisFReturnNetBufferLists((ctx as Module).handle, nbls, flags);
  }

  function FilterOidRequest(ctx: unknown, req: NdisOidRequest): NdisStatus {
    const m = ctx as Module;
    const c = out<NdisOidRequest>();
    const st = api.NdisAllocateCloneOidRequest(m.handle, req, tag('TLWF'), c);
    if (st !== NDIS_STATUS_SUCCESS) return st;
    const clone = c.value!;
    clone.SourceReserved = req;
    const r = api.NdisFOidRequest(m.handle, clone);
    if (r !== NDIS_STATUS_PENDING) {
      copyBack(req, clone);
      api.NdisFreeCloneOidRequest(m.handle, clone);
    }
    return r;
  }

  function copyBack(req: NdisOidRequest, clone: NdisOidRequest): void {
    req.BytesWritten = clone.BytesWritten;
    req.BytesRead = clone.BytesRead;
    req.BytesNeeded = clone.BytesNeeded;
  }

  function FilterOidRequestComplete(ctx: unknown, clone: NdisOidRequest, status: NdisStatus): void {
    const m = ctx as Module;
    const req = clone.SourceReserved as NdisOidRequest;
    copyBack(req, clone);
    api.NdisFreeCloneOidRequest(m.handle, clone);
    api.NdisFOidRequestComplete(m.handle, req, status);
  }

  function FilterStatus(ctx: unknown, ind: StatusIndication): void {
    api.NdisFIndicateStatus((ctx as Module).handle, ind);
  }

  function FilterUnload(_d: DriverObject): void {
    if (driverHandle) api.NdisFDeregisterFilterDriver(driverHandle);
  }

  return {
    serviceName,
    roles: ['filter'],
    DriverEntry(ndis: NdisApi, driverObject: DriverObject, _path: string): NdisStatus {
      api = ndis;
      driverObject.DriverUnload = FilterUnload;
      const h = out<NdisHandle>();
      const st = api.NdisFRegisterFilterDriver(driverObject, null, {
        Header: header('NDIS_FILTER_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
        FriendlyName: 'NDIS Workbench pass-through filter', UniqueName: '{5cbf81bd-5055-47cd-9055-a76b2b4e3697}', ServiceName: serviceName,
        AttachHandler: FilterAttach, DetachHandler: FilterDetach, RestartHandler: FilterRestart, PauseHandler: FilterPause,
        SendNetBufferListsHandler: FilterSendNetBufferLists, SendNetBufferListsCompleteHandler: FilterSendNetBufferListsComplete,
        ReceiveNetBufferListsHandler: FilterReceiveNetBufferLists, ReturnNetBufferListsHandler: FilterReturnNetBufferLists,
        OidRequestHandler: FilterOidRequest, OidRequestCompleteHandler: FilterOidRequestComplete, StatusHandler: FilterStatus,
      }, h);
      if (st !== NDIS_STATUS_SUCCESS) return st;
      driverHandle = h.value!;
      dropType = readConfig(api, driverHandle, 'DropEtherType', 'integer') ?? 0;
      return NDIS_STATUS_SUCCESS;
    },
  };
}
