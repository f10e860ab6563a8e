/**
 * NDIS_OID_REQUESTs between the simulator (NdisOidRequest objects) and a C driver.
 * - A request the driver builds (NdisOidRequest / NdisFOidRequest, a clone) keeps living in the
 *   driver's memory; its simulator object's InformationBuffer is a live view of the driver's
 *   buffer, so whoever answers it writes straight into the driver's memory.
 * - A request NDIS hands to the driver (FilterOidRequest, MiniportOidRequest) gets a copy in the
 *   driver's memory for as long as it is outstanding; the driver's answer is copied back when it
 *   completes the request or returns a status other than NDIS_STATUS_PENDING.
 * A request whose header is not NDIS_OBJECT_TYPE_OID_REQUEST is bug check 0x7C/0x21.
 */
import type { ExternalCall } from '../exec';
import { P1 } from '../ndis/bugcheck';
import { NDIS_STATUS_PENDING } from '../ndis/status';
import type { NdisOidRequest } from '../ndis/types';
import { num } from './mem';
import { readHeader } from './params';
import type { Ddi, UserRuntime } from './runtime';

const T = 'NDIS_OID_REQUEST';

interface OidMirror {
  readonly req: NdisOidRequest;
  readonly addr: number;
  /** The structure and buffer are the simulator's copies (freed when the request is done here). */
  readonly foreign: boolean;
  /** The structure was allocated here for the driver (foreign copies and clones). */
  readonly allocated: boolean;
  readonly buf: number;
}

class OidState {
  readonly byAddr = new Map<number, OidMirror>();
  readonly byReq = new Map<NdisOidRequest, OidMirror>();
}

const state = (rt: UserRuntime): OidState => rt.st('oid', () => new OidState());

/** Offsets of the byte counters for a request type: [BytesWritten, BytesRead, BytesNeeded] (-1: none). */
function counters(rt: UserRuntime, type: number): [number, number, number] {
  const o = (p: string): number => rt.mem.off(T, p);
  if (type === 0 || type === 2) return [o('DATA.QUERY_INFORMATION.BytesWritten'), -1, o('DATA.QUERY_INFORMATION.BytesNeeded')];
  if (type === 1) return [-1, o('DATA.SET_INFORMATION.BytesRead'), o('DATA.SET_INFORMATION.BytesNeeded')];
  return [o('DATA.METHOD_INFORMATION.BytesWritten'), o('DATA.METHOD_INFORMATION.BytesRead'), o('DATA.METHOD_INFORMATION.BytesNeeded')];
}

function lengthOf(rt: UserRuntime, at: number, type: number): number {
  if (type !== 12) return rt.mem.u32(at, T, 'DATA.QUERY_INFORMATION.InformationBufferLength');
  return Math.max(rt.mem.u32(at, T, 'DATA.METHOD_INFORMATION.InputBufferLength'), rt.mem.u32(at, T, 'DATA.METHOD_INFORMATION.OutputBufferLength'));
}

/** Read the driver's request into its simulator object. */
function syncFromC(rt: UserRuntime, m: OidMirror): void {
  const mm = rt.mem.m;
  const r = m.req;
  r.RequestType = rt.mem.u32(m.addr, T, 'RequestType');
  r.PortNumber = rt.mem.u32(m.addr, T, 'PortNumber');
  r.Oid = rt.mem.u32(m.addr, T, 'DATA.QUERY_INFORMATION.Oid');
  r.RequestId = rt.mem.ptr(m.addr, T, 'RequestId');
  const [w, rd, nd] = counters(rt, r.RequestType);
  r.BytesWritten = w >= 0 ? mm.u32(m.addr + w) : 0;
  r.BytesRead = rd >= 0 ? mm.u32(m.addr + rd) : 0;
  r.BytesNeeded = mm.u32(m.addr + nd);
  const bufAddr = rt.mem.ptr(m.addr, T, 'DATA.QUERY_INFORMATION.InformationBuffer');
  const len = lengthOf(rt, m.addr, r.RequestType);
  if (m.foreign) {
    if (r.InformationBuffer && m.buf) r.InformationBuffer.set(mm.read(m.buf, Math.min(r.InformationBuffer.length, len, rt.mem.m.blockAt(m.buf)?.size ?? 0)));
    return;
  }
  r.InformationBufferLength = len;
  r.InformationBuffer = bufAddr ? (rt.mem.view(bufAddr, len) ?? null) : null;
}

/** Write what NDIS changed (the byte counters) into the driver's request. */
function syncToC(rt: UserRuntime, m: OidMirror): void {
  const mm = rt.mem.m;
  const [w, rd, nd] = counters(rt, m.req.RequestType);
  if (w >= 0) mm.w32(m.addr + w, m.req.BytesWritten);
  if (rd >= 0) mm.w32(m.addr + rd, m.req.BytesRead);
  mm.w32(m.addr + nd, m.req.BytesNeeded);
}

function record(st: OidState, m: OidMirror): OidMirror {
  st.byAddr.set(m.addr, m);
  st.byReq.set(m.req, m);
  return m;
}

/** The simulator object of a request at `addr` the driver passes to NDIS. */
function fromDriver(rt: UserRuntime, addr: number, api: string): NdisOidRequest | undefined {
  const st = state(rt);
  const known = st.byAddr.get(addr);
  if (known) {
    syncFromC(rt, known);
    return known.req;
  }
  if (!rt.mem.valid(addr, rt.mem.size(T))) {
    rt.violation('invalid-oid-request', `${api}: 0x${addr.toString(16)} is not an NDIS_OID_REQUEST`);
    return undefined;
  }
  const hdr = readHeader(rt.mem, addr);
  if (hdr.Type !== 0x96) {
    rt.ndis.bugCheck(P1.INVALID_OBJECT_HEADER, `0x${addr.toString(16)}`, `0x${hdr.Type.toString(16)}`, '0x0',
      `${rt.opts.serviceName} passed an NDIS_OID_REQUEST whose Header.Type is 0x${hdr.Type.toString(16)}, not NDIS_OBJECT_TYPE_OID_REQUEST (0x96), to ${api}${rt.where()}`);
  }
  const req: NdisOidRequest = {
    Header: hdr, RequestType: 0, PortNumber: 0, RequestId: 0, Oid: 0, InformationBuffer: null, InformationBufferLength: 0,
    BytesWritten: 0, BytesRead: 0, BytesNeeded: 0, SourceReserved: null,
  };
  const m = record(st, { req, addr, foreign: false, allocated: false, buf: 0 });
  syncFromC(rt, m);
  return req;
}

/** The driver-memory address of a request NDIS hands to the driver (a copy unless it is the driver's own). */
export function oidToC(rt: UserRuntime, req: NdisOidRequest): number {
  const st = state(rt);
  const known = st.byReq.get(req);
  if (known) {
    syncToC(rt, known);
    return known.addr;
  }
  const addr = rt.mem.alloc(rt.mem.size(T), 'NDIS_OID_REQUEST');
  const len = req.InformationBufferLength;
  const buf = req.InformationBuffer ? rt.mem.alloc(Math.max(len, req.InformationBuffer.length), 'InformationBuffer') : 0;
  if (buf && req.InformationBuffer) rt.mem.m.write(buf, req.InformationBuffer);
  const mm = rt.mem.m;
  mm.w8(addr, 0x96);
  mm.w8(addr + 1, 1);
  mm.w16(addr + 2, rt.mem.off(T, 'Reserved2') + 2);
  rt.mem.w32(addr, T, 'RequestType', req.RequestType);
  rt.mem.w32(addr, T, 'PortNumber', req.PortNumber);
  rt.mem.w64(addr, T, 'RequestId', req.RequestId);
  rt.mem.w32(addr, T, 'DATA.QUERY_INFORMATION.Oid', req.Oid);
  rt.mem.w64(addr, T, 'DATA.QUERY_INFORMATION.InformationBuffer', buf);
  if (req.RequestType === 12) {
    rt.mem.w32(addr, T, 'DATA.METHOD_INFORMATION.InputBufferLength', len);
    rt.mem.w32(addr, T, 'DATA.METHOD_INFORMATION.OutputBufferLength', len);
  } else rt.mem.w32(addr, T, 'DATA.QUERY_INFORMATION.InformationBufferLength', len);
  const m = record(st, { req, addr, foreign: true, allocated: true, buf });
  syncToC(rt, m);
  return addr;
}

function release(rt: UserRuntime, m: OidMirror): void {
  const st = state(rt);
  st.byAddr.delete(m.addr);
  st.byReq.delete(m.req);
  if (m.allocated) rt.mem.free(m.addr);
  if (m.buf) rt.mem.free(m.buf);
}

/** The driver is done with a request NDIS gave it: copy its answer back; `done` frees the copy. */
export function oidFromC(rt: UserRuntime, addr: number, done: boolean): void {
  const m = state(rt).byAddr.get(addr);
  if (!m) return;
  syncFromC(rt, m);
  if (done && m.foreign) release(rt, m);
}

const arg = (c: ExternalCall, i: number): number => num(c.args[i]?.value ?? 0);

function request(name: 'NdisOidRequest' | 'NdisFOidRequest'): Ddi {
  return (c, rt) => {
    const req = fromDriver(rt, arg(c, 1), name);
    if (!req) return 0xc000000d | 0;
    const m = state(rt).byAddr.get(arg(c, 1))!;
    const st = rt.api[name](rt.handle(arg(c, 0))!, req);
    if (st !== NDIS_STATUS_PENDING && state(rt).byAddr.get(m.addr) === m) syncToC(rt, m);
    return st | 0;
  };
}

/** Requests whose OidRequestHandler is running in this driver now. */
export const oidsInHandler = (rt: UserRuntime): Set<NdisOidRequest> => rt.st('oidsInHandler', () => new Set<NdisOidRequest>());

/**
 * NdisMOidRequestComplete / NdisFOidRequestComplete. A driver that completes a request inside the
 * OidRequestHandler NDIS is running for it (and then returns NDIS_STATUS_PENDING, as the LWF
 * sample does) has its completion delivered once that call has unwound, from NDIS's own context,
 * so the issuer sees NDIS_STATUS_PENDING before the completion.
 */
function complete(name: 'NdisMOidRequestComplete' | 'NdisFOidRequestComplete'): Ddi {
  return (c, rt) => {
    const st = state(rt);
    const m = st.byAddr.get(arg(c, 1));
    const req = m ? (syncFromC(rt, m), m.req) : fromDriver(rt, arg(c, 1), name);
    if (!req) return 0;
    const handle = rt.handle(arg(c, 0))!;
    const status = arg(c, 2) >>> 0;
    const finish = (): void => {
      rt.api[name](handle, req, status);
      if (m?.foreign && st.byAddr.get(m.addr) === m) release(rt, m);
    };
    if (oidsInHandler(rt).has(req)) {
      rt.traced(name, { deferred: true }, () => undefined);
      rt.ndis.at(rt.ndis.now, finish);
    } else finish();
    return 0;
  };
}

const cloneRequest: Ddi = (c, rt) => {
  const orig = fromDriver(rt, arg(c, 1), 'NdisAllocateCloneOidRequest');
  if (!orig) return 0xc000000d | 0;
  const out: { value: NdisOidRequest | undefined } = { value: undefined };
  const s = rt.api.NdisAllocateCloneOidRequest(rt.handle(arg(c, 0))!, orig, arg(c, 2), out);
  if (s !== 0 || !out.value) return s | 0;
  const size = rt.mem.size(T);
  const addr = rt.mem.alloc(size, 'cloned NDIS_OID_REQUEST');
  rt.mem.m.copy(addr, arg(c, 1), size);
  rt.mem.m.fill(addr + rt.mem.off(T, 'SourceReserved'), 0, 16);
  const clone = out.value;
  const m = record(state(rt), { req: clone, addr, foreign: false, allocated: true, buf: 0 });
  syncToC(rt, m);
  syncFromC(rt, m);
  rt.mem.m.w64(arg(c, 3), addr);
  return 0;
};

const freeClone: Ddi = (c, rt) => {
  const m = state(rt).byAddr.get(arg(c, 1));
  if (!m || !m.allocated || m.foreign) {
    rt.violation('invalid-oid-request', `NdisFreeCloneOidRequest: 0x${arg(c, 1).toString(16)} is not a request NdisAllocateCloneOidRequest returned`);
    return 0;
  }
  rt.api.NdisFreeCloneOidRequest(rt.handle(arg(c, 0))!, m.req);
  release(rt, m);
  return 0;
};

export function registerOidDdis(t: Map<string, Ddi>): void {
  t.set('NdisOidRequest', request('NdisOidRequest'));
  t.set('NdisFOidRequest', request('NdisFOidRequest'));
  t.set('NdisMOidRequestComplete', complete('NdisMOidRequestComplete'));
  t.set('NdisFOidRequestComplete', complete('NdisFOidRequestComplete'));
  t.set('NdisAllocateCloneOidRequest', cloneRequest);
  t.set('NdisFreeCloneOidRequest', freeClone);
  for (const name of ['NdisCancelOidRequest', 'NdisFCancelOidRequest']) t.set(name, (_c, rt) => (rt.traced(name, undefined, () => undefined), 0));
}
