/**
 * OID requests (ndis-facts §5.7): from a binding (NdisOidRequest), a filter (NdisFOidRequest) or
 * NDIS itself (queries a scenario asks for) down through the filters with an OID handler to
 * MiniportOidRequest; a pended request completes to whoever issued it. Completing a request
 * that is not pending is bug check 0x7C/0x26; a BytesWritten beyond the buffer is 0x7C/0x1D.
 */
import { AdapterBlock, BindingBlock, FilterModuleBlock } from './blocks';
import { pointerText, paramText, P1 } from './bugcheck';
import { block } from './handles';
import type { NdisHost } from './host';
import { decodeOidData, oidByName, oidName, readUlong } from './oidNames';
import { oidsAllowed } from './stateMachines';
import { NDIS_STATUS_CLOSING, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, statusName, type NdisStatus } from './status';
import type { NdisHandle, NdisOidRequest, Out } from './types';

type Origin = BindingBlock | FilterModuleBlock | ((status: NdisStatus) => void);

/** Issuers of a request still waiting for its completion, innermost last. */
const origins = new WeakMap<NdisOidRequest, Origin[]>();

function push(req: NdisOidRequest, o: Origin): void {
  let s = origins.get(req);
  if (!s) origins.set(req, (s = []));
  s.push(o);
}

/** Trace arguments for an OID request. */
export function oidArgs(req: NdisOidRequest): Record<string, string | number> {
  return { oid: oidName(req.Oid), type: req.RequestType === 1 ? 'set' : req.RequestType === 0 ? 'query' : `method(${req.RequestType})`, length: req.InformationBufferLength };
}

function oidOut(req: NdisOidRequest, st: NdisStatus): Record<string, string | number> | undefined {
  if (st !== NDIS_STATUS_SUCCESS) return req.BytesNeeded ? { bytesNeeded: req.BytesNeeded } : undefined;
  if (req.RequestType !== 0) return { bytesRead: req.BytesRead };
  return { bytesWritten: req.BytesWritten, value: decodeOidData(req.Oid, req.InformationBuffer, req.BytesWritten) };
}

function checkBuffer(host: NdisHost, a: AdapterBlock, req: NdisOidRequest, who: string): void {
  if (req.BytesWritten > req.InformationBufferLength || req.BytesRead > req.InformationBufferLength) {
    host.bugCheck(P1.OID_REQUEST_INVALID_BUFFER, pointerText(a.id), paramText(req.Oid), paramText(Math.max(req.BytesWritten, req.BytesRead)),
      `${who} completed ${oidName(req.Oid)} with ${Math.max(req.BytesWritten, req.BytesRead)} bytes for a ${req.InformationBufferLength}-byte buffer`);
  }
}

/** Down from filter level `level`: the next filter with an OID handler, else the miniport. */
function oidDown(host: NdisHost, a: AdapterBlock, level: number, req: NdisOidRequest): NdisStatus {
  for (let i = level; i >= 0; i--) {
    const m = a.filters[i]!;
    const fn = m.driver.chars.OidRequestHandler;
    if (!fn) continue;
    const f = host.enterHandler(m.component, 'OidRequestHandler', fn, oidArgs(req));
    const st = fn(m.context, req);
    host.leaveHandler(f, st, oidOut(req, st));
    return st;
  }
  if (!['Paused', 'Restarting', 'Running', 'Pausing'].includes(a.state)) return NDIS_STATUS_CLOSING;
  const fn = a.driver!.chars.OidRequestHandler!;
  const f = host.enterHandler(a.component, 'OidRequestHandler', fn, oidArgs(req));
  const st = fn(a.context, req);
  host.leaveHandler(f, st, oidOut(req, st));
  if (st === NDIS_STATUS_PENDING) pendingAt.set(req, a);
  else checkBuffer(host, a, req, a.name);
  return st;
}

/** Requests pended by a miniport, and where. */
const pendingAt = new WeakMap<NdisOidRequest, AdapterBlock>();

const OID_GEN_CURRENT_PACKET_FILTER = oidByName('OID_GEN_CURRENT_PACKET_FILTER')!;

/** Packet filters bindings asked for and not yet confirmed (applied on success). */
const requestedFilter = new WeakMap<NdisOidRequest, number>();

/**
 * NDIS keeps a packet filter per binding (it filters receives per binding) and sends the union
 * of every binding's filter to the miniport, as real NDIS does for OID_GEN_CURRENT_PACKET_FILTER.
 */
function interceptPacketFilter(b: BindingBlock, req: NdisOidRequest): void {
  if (req.RequestType !== 1 || req.Oid !== OID_GEN_CURRENT_PACKET_FILTER) return;
  const v = readUlong(req.InformationBuffer, req.InformationBufferLength);
  if (v === undefined) return;
  requestedFilter.set(req, v);
  let union = v;
  for (const o of b.adapter.bindings) if (o !== b && !o.closed) union |= o.packetFilter;
  new DataView(req.InformationBuffer!.buffer, req.InformationBuffer!.byteOffset).setUint32(0, union >>> 0, true);
}

function applyPacketFilter(b: BindingBlock, req: NdisOidRequest, st: NdisStatus): void {
  const v = requestedFilter.get(req);
  if (v === undefined) return;
  requestedFilter.delete(req);
  new DataView(req.InformationBuffer!.buffer, req.InformationBuffer!.byteOffset).setUint32(0, v >>> 0, true);
  if (st === NDIS_STATUS_SUCCESS) b.packetFilter = v;
}

/** NdisOidRequest. */
export function oidFromBinding(host: NdisHost, h: NdisHandle, req: NdisOidRequest): NdisStatus {
  const b = block(host, h, BindingBlock, 'NdisOidRequest', 'NdisBindingHandle');
  if (!b) return NDIS_STATUS_INVALID_PARAMETER;
  if (b.closed || !oidsAllowed(b.state) || b.pendingOpen) {
    host.violation('oid-in-state', `NdisOidRequest on ${b.name} while the binding is ${b.closed ? 'closed' : b.pendingOpen ? 'still opening' : b.state}`);
    return NDIS_STATUS_CLOSING;
  }
  interceptPacketFilter(b, req);
  push(req, b);
  const st = oidDown(host, b.adapter, b.adapter.filters.length - 1, req);
  if (st !== NDIS_STATUS_PENDING) {
    origins.get(req)!.pop();
    applyPacketFilter(b, req, st);
  }
  return st;
}

/** NdisFOidRequest. */
export function oidFromFilter(host: NdisHost, h: NdisHandle, req: NdisOidRequest): NdisStatus {
  const m = block(host, h, FilterModuleBlock, 'NdisFOidRequest', 'NdisFilterHandle');
  if (!m) return NDIS_STATUS_INVALID_PARAMETER;
  push(req, m);
  const st = oidDown(host, m.adapter, m.adapter.filters.indexOf(m) - 1, req);
  if (st !== NDIS_STATUS_PENDING) origins.get(req)!.pop();
  return st;
}

/** An OID NDIS itself issues (a scenario's oid query); `done` gets the final status. */
export function oidFromNdis(host: NdisHost, a: AdapterBlock, req: NdisOidRequest, done: (st: NdisStatus) => void): void {
  push(req, done);
  const st = oidDown(host, a, a.filters.length - 1, req);
  if (st !== NDIS_STATUS_PENDING) {
    origins.get(req)!.pop();
    done(st);
  }
}

/** Complete `req` to its innermost waiting issuer. */
function completeToOrigin(host: NdisHost, req: NdisOidRequest, st: NdisStatus, who: string): void {
  const o = origins.get(req)?.pop();
  if (!o) {
    host.violation('oid-double-completion', `${who} completed ${oidName(req.Oid)}, which nobody is waiting for`);
    return;
  }
  if (typeof o === 'function') {
    o(st);
    return;
  }
  const args = { ...oidArgs(req), status: statusName(st) };
  if (o instanceof BindingBlock) {
    applyPacketFilter(o, req, st);
    const fn = o.protocol.chars.OidRequestCompleteHandler!;
    const f = host.enterHandler(o.component, 'OidRequestCompleteHandler', fn, args);
    fn(o.context, req, st);
    host.leaveHandler(f);
  } else {
    const fn = o.driver.chars.OidRequestCompleteHandler;
    if (!fn) {
      host.violation('oid-lost', `${o.name} sent an OID with NdisFOidRequest but has no OidRequestCompleteHandler for its completion`);
      return;
    }
    const f = host.enterHandler(o.component, 'OidRequestCompleteHandler', fn, args);
    fn(o.context, req, st);
    host.leaveHandler(f);
  }
}

/** NdisMOidRequestComplete. */
export function miniportOidComplete(host: NdisHost, h: NdisHandle, req: NdisOidRequest, st: NdisStatus): void {
  const a = block(host, h, AdapterBlock, 'NdisMOidRequestComplete', 'MiniportAdapterHandle');
  if (!a) return;
  if (pendingAt.get(req) !== a) {
    host.bugCheck(P1.INVALID_OID_COMPLETION, pointerText(a.id), paramText(req?.Oid ?? 0), paramText(0), `${a.name} completed ${req ? oidName(req.Oid) : 'an OID'} that was not pending on it`);
  }
  pendingAt.delete(req);
  if (st === NDIS_STATUS_PENDING) host.violation('oid-completed-pending', `${a.name} completed ${oidName(req.Oid)} with NDIS_STATUS_PENDING (Driver Verifier NdisOidComplete)`);
  checkBuffer(host, a, req, a.name);
  completeToOrigin(host, req, st, a.name);
}

/** NdisFOidRequestComplete. */
export function filterOidComplete(host: NdisHost, h: NdisHandle, req: NdisOidRequest, st: NdisStatus): void {
  const m = block(host, h, FilterModuleBlock, 'NdisFOidRequestComplete', 'NdisFilterHandle');
  if (!m) return;
  completeToOrigin(host, req, st, m.name);
}

/** NdisAllocateCloneOidRequest: a copy sharing the InformationBuffer. */
export function cloneOid(req: NdisOidRequest, clone: Out<NdisOidRequest>): NdisStatus {
  clone.value = { ...req, SourceReserved: null, BytesWritten: 0, BytesRead: 0, BytesNeeded: 0 };
  return NDIS_STATUS_SUCCESS;
}

/** A fresh query request with a buffer of `size` bytes. */
export function newQuery(oid: number, size = 64, requestId = 0): NdisOidRequest {
  return {
    Header: { Type: 0x96, Revision: 1, Size: 0 }, RequestType: 0, PortNumber: 0, RequestId: requestId, Oid: oid,
    InformationBuffer: new Uint8Array(size), InformationBufferLength: size, BytesWritten: 0, BytesRead: 0, BytesNeeded: 0, SourceReserved: null,
  };
}
