/**
 * NET_BUFFER_LISTs between the simulator and a C driver. The simulator tracks every NBL as an
 * `Nbl` object (ownership, phase, frame); the driver sees NET_BUFFER_LIST / NET_BUFFER / MDL
 * structures in its own memory at the WDK's x64 offsets. Each Nbl a driver touches has a mirror:
 * - own: allocated by this driver (NdisAllocateNetBufferAndNetBufferList, clones); the structures
 *   are NDIS memory the driver frees with NdisFreeNetBufferList (touching it afterwards faults);
 *   the frame is wherever the driver's MDLs point;
 * - foreign: an NBL another driver (or NDIS) hands to this one; NBL + NB + MDL + a copy of the
 *   frame in one block, recycled once the Nbl is freed by its owner.
 * Crossing into C writes what NDIS may have changed (Next links, Status, SourceHandle, a changed
 * frame); crossing back reads what the driver may have changed (chain, Status, SourceHandle, the
 * frame through NB → MDL chain, which catches retreat/advance and in-place edits).
 */
import type { ExternalCall } from '../exec';
import { allocateNbl, freeNbl } from '../ndis/misc';
import { Nbl } from '../ndis/nbl';
import type { NetBufferList } from '../ndis/types';
import { num } from './mem';
import { readPoolParameters } from './params';
import type { Ddi, UserRuntime } from './runtime';

const STD_CAP = 2048;
const MAX_CHAIN = 65536;

interface Mirror {
  readonly nbl: Nbl;
  readonly addr: number;
  readonly nb: number;
  readonly own: boolean;
  readonly clone: boolean;
  /** Foreign: the frame copy inside the mirror block. */
  readonly dataAddr: number;
  readonly cap: number;
  seen: Uint8Array | null;
  freed: boolean;
}

interface L {
  nblSize: number; next: number; firstNb: number; context: number; pool: number; source: number; status: number;
  nbSize: number; nbNext: number; curMdl: number; curOff: number; len: number; chain: number; dataOff: number; nbPool: number;
  mdlSize: number; mdlNext: number; mdlSizeF: number; mdlFlags: number; mapped: number; start: number; count: number; byteOff: number;
  a1: number; a2: number; a3: number;
}

class NblState {
  readonly byAddr = new Map<number, Mirror>();
  readonly byNbl = new Map<Nbl, Mirror>();
  readonly recycled: number[] = [];
  readonly mdls = new Set<number>();
  foreign = 0;
  sweepAt = 64;
  warnedMultiNb = false;
  constructor(readonly l: L) {}
}

const a16 = (n: number): number => (n + 15) & ~15;

function state(rt: UserRuntime): NblState {
  return rt.st('nbl', () => {
    const o = (t: string, p: string): number => rt.mem.off(t, p);
    const N = 'NET_BUFFER_LIST';
    const B = 'NET_BUFFER';
    const M = 'MDL';
    const nblSize = rt.mem.size(N);
    const nbSize = rt.mem.size(B);
    const mdlSize = rt.mem.size(M);
    const a1 = a16(nblSize);
    const a2 = a1 + a16(nbSize);
    return new NblState({
      nblSize, next: o(N, 'Next'), firstNb: o(N, 'FirstNetBuffer'), context: o(N, 'Context'), pool: o(N, 'NdisPoolHandle'), source: o(N, 'SourceHandle'), status: o(N, 'Status'),
      nbSize, nbNext: o(B, 'Next'), curMdl: o(B, 'CurrentMdl'), curOff: o(B, 'CurrentMdlOffset'), len: o(B, 'DataLength'), chain: o(B, 'MdlChain'), dataOff: o(B, 'DataOffset'), nbPool: o(B, 'NdisPoolHandle'),
      mdlSize, mdlNext: o(M, 'Next'), mdlSizeF: o(M, 'Size'), mdlFlags: o(M, 'MdlFlags'), mapped: o(M, 'MappedSystemVa'), start: o(M, 'StartVa'), count: o(M, 'ByteCount'), byteOff: o(M, 'ByteOffset'),
      a1, a2, a3: a2 + a16(mdlSize),
    });
  });
}

/** Write an MDL describing `len` bytes at `va`. */
function writeMdl(rt: UserRuntime, l: L, mdl: number, va: number, len: number): void {
  const m = rt.mem.m;
  m.w64(mdl + l.mdlNext, 0);
  m.w16(mdl + l.mdlSizeF, l.mdlSize);
  m.w16(mdl + l.mdlFlags, 0x4);
  m.w64(mdl + l.mapped, va);
  m.w64(mdl + l.start, va);
  m.w32(mdl + l.count, len);
  m.w32(mdl + l.byteOff, 0);
}

/** Point a NET_BUFFER's current MDL and offset at DataOffset bytes into its MDL chain. */
function seek(rt: UserRuntime, l: L, nb: number): void {
  const m = rt.mem.m;
  let mdl = m.ptr(nb + l.chain);
  let off = m.u32(nb + l.dataOff);
  for (let i = 0; mdl && i < MAX_CHAIN; i++) {
    const count = m.u32(mdl + l.count);
    if (off < count || !m.ptr(mdl + l.mdlNext)) break;
    off -= count;
    mdl = m.ptr(mdl + l.mdlNext);
  }
  m.w64(nb + l.curMdl, mdl);
  m.w32(nb + l.curOff, off);
}

/** `len` bytes starting `off` bytes into an MDL chain: a live view when contiguous, else a copy. */
function chainBytes(rt: UserRuntime, l: L, mdl: number, off: number, len: number): Uint8Array {
  const m = rt.mem.m;
  const parts: Uint8Array[] = [];
  let need = len;
  for (let i = 0; mdl && need > 0 && i < MAX_CHAIN; i++) {
    const va = m.ptr(mdl + l.start) + m.u32(mdl + l.byteOff);
    const count = m.u32(mdl + l.count);
    if (off < count) {
      const n = Math.min(count - off, need);
      parts.push(rt.mem.view(va + off, n) ?? m.read(va + off, n));
      need -= n;
      off = 0;
    } else off -= count;
    mdl = m.ptr(mdl + l.mdlNext);
  }
  if (parts.length === 1 && need === 0) return parts[0]!;
  const out = new Uint8Array(len - need);
  let p = 0;
  for (const x of parts) {
    out.set(x, p);
    p += x.length;
  }
  return out;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sweep(rt: UserRuntime, st: NblState): void {
  let live = 0;
  for (const m of [...st.byNbl.values()]) {
    if (m.own) continue;
    if (m.nbl.phase !== 'free') {
      live++;
      continue;
    }
    st.byNbl.delete(m.nbl);
    st.byAddr.delete(m.addr);
    if (m.cap === STD_CAP) st.recycled.push(m.addr);
    else rt.mem.free(m.addr);
  }
  st.foreign = live;
  st.sweepAt = Math.max(64, live * 2);
}

function newForeign(rt: UserRuntime, st: NblState, n: Nbl): Mirror {
  const l = st.l;
  if (st.foreign >= st.sweepAt) sweep(rt, st);
  const cap = n.Data.length <= STD_CAP ? STD_CAP : n.Data.length;
  const addr = cap === STD_CAP && st.recycled.length ? st.recycled.pop()! : rt.mem.alloc(l.a3 + cap, `NET_BUFFER_LIST #${n.id}`);
  rt.mem.m.fill(addr, 0, l.a3);
  const m: Mirror = { nbl: n, addr, nb: addr + l.a1, own: false, clone: false, dataAddr: addr + l.a3, cap, seen: null, freed: false };
  const mm = rt.mem.m;
  mm.w64(addr + l.firstNb, m.nb);
  mm.w64(addr + l.pool, rt.toC(n.pool));
  mm.w64(m.nb + l.chain, addr + l.a2);
  mm.w64(m.nb + l.curMdl, addr + l.a2);
  writeForeignData(rt, st, m, n.Data);
  st.byAddr.set(addr, m);
  st.byNbl.set(n, m);
  st.foreign++;
  return m;
}

function writeForeignData(rt: UserRuntime, st: NblState, m: Mirror, data: Uint8Array): void {
  const l = st.l;
  const len = Math.min(data.length, m.cap);
  rt.mem.m.write(m.dataAddr, data.subarray(0, len));
  writeMdl(rt, l, m.addr + l.a2, m.dataAddr, len);
  rt.mem.m.w64(m.nb + l.chain, m.addr + l.a2);
  rt.mem.m.w64(m.nb + l.curMdl, m.addr + l.a2);
  rt.mem.m.w32(m.nb + l.curOff, 0);
  rt.mem.m.w32(m.nb + l.dataOff, 0);
  rt.mem.m.w64(m.nb + l.len, len);
  m.seen = data;
}

/** The C address of a simulator NBL chain (NDIS → driver). */
export function nblChainToC(rt: UserRuntime, head: NetBufferList | null): number {
  if (!head) return 0;
  const st = state(rt);
  const l = st.l;
  const mm = rt.mem.m;
  let first = 0;
  let prev = 0;
  let n: NetBufferList | null = head;
  for (let i = 0; n instanceof Nbl && i < MAX_CHAIN; i++, n = n.Next) {
    let m = st.byNbl.get(n);
    if (!m || m.freed) m = newForeign(rt, st, n);
    else if (!m.own && m.seen !== n.Data) writeForeignData(rt, st, m, n.Data);
    mm.w32(m.addr + l.status, n.Status >>> 0);
    mm.w64(m.addr + l.source, rt.toC(n.SourceHandle));
    if (prev) mm.w64(prev + l.next, m.addr);
    else first = m.addr;
    prev = m.addr;
  }
  if (prev) mm.w64(prev + l.next, 0);
  return first;
}

/** Read back what the driver may have changed in one NBL. */
function syncFromC(rt: UserRuntime, st: NblState, m: Mirror): void {
  const l = st.l;
  const mm = rt.mem.m;
  const n = m.nbl;
  n.Status = mm.u32(m.addr + l.status);
  n.SourceHandle = rt.handle(mm.ptr(m.addr + l.source));
  const nb = mm.ptr(m.addr + l.firstNb);
  if (!nb) return;
  if (mm.ptr(nb + l.nbNext) && !st.warnedMultiNb) {
    st.warnedMultiNb = true;
    rt.log('warn', `NBL #${n.id} has several NET_BUFFERs; the simulator carries only the first one's frame`);
  }
  const bytes = chainBytes(rt, l, mm.ptr(nb + l.chain), mm.u32(nb + l.dataOff), mm.u32(nb + l.len));
  if (!same(bytes, n.Data)) n.Data = bytes.slice();
  m.seen = n.Data;
}

/** The simulator NBL chain at C address `addr` (driver → NDIS); unknown NBLs are violations. */
export function nblChainFromC(rt: UserRuntime, addr: number, api: string): Nbl | null {
  const st = state(rt);
  const mm = rt.mem.m;
  let head: Nbl | null = null;
  let prev: Nbl | null = null;
  for (let a = addr, i = 0; a && i < MAX_CHAIN; i++) {
    const m = st.byAddr.get(a);
    if (!m || (m.freed && !rt.mem.valid(a, 8))) {
      rt.violation('invalid-nbl', `${api}: 0x${a.toString(16)} is not a NET_BUFFER_LIST that NDIS allocated for or indicated to ${rt.opts.serviceName}${m?.freed ? ' (it was freed)' : ''}`);
      break;
    }
    syncFromC(rt, st, m);
    if (prev) prev.Next = m.nbl;
    else head = m.nbl;
    prev = m.nbl;
    a = mm.ptr(a + st.l.next);
  }
  if (prev) prev.Next = null;
  return head;
}

/** Build the C structures of an NBL this driver allocated. */
function ownMirror(rt: UserRuntime, st: NblState, n: Nbl, pool: number, clone: boolean, label: string): Mirror {
  const l = st.l;
  const addr = rt.mem.alloc(l.a1 + l.nbSize, label);
  const m: Mirror = { nbl: n, addr, nb: addr + l.a1, own: true, clone, dataAddr: 0, cap: 0, seen: n.Data, freed: false };
  rt.mem.m.w64(addr + l.firstNb, m.nb);
  rt.mem.m.w64(addr + l.pool, pool);
  rt.mem.m.w64(m.nb + l.nbPool, pool);
  st.byAddr.set(addr, m);
  st.byNbl.set(n, m);
  return m;
}

const arg = (c: ExternalCall, i: number): number => num(c.args[i]?.value ?? 0);

function poolOf(rt: UserRuntime, v: number): ReturnType<UserRuntime['handle']> {
  return rt.handle(v);
}

const allocNbl: Ddi = (c, rt) => {
  const st = state(rt);
  const l = st.l;
  const [pool, ctxSize, , mdl, off, len] = [arg(c, 0), arg(c, 1), arg(c, 2), arg(c, 3), arg(c, 4), arg(c, 5)];
  const data = mdl ? chainBytes(rt, l, mdl, off, len).slice() : new Uint8Array(len);
  const n = rt.api.NdisAllocateNetBufferAndNetBufferList(poolOf(rt, pool)!, ctxSize, 0, data, 0, data.length);
  if (!(n instanceof Nbl)) return 0;
  const m = ownMirror(rt, st, n, pool, false, `NET_BUFFER_LIST #${n.id}`);
  const mm = rt.mem.m;
  mm.w64(m.nb + l.chain, mdl);
  mm.w32(m.nb + l.dataOff, off);
  mm.w64(m.nb + l.len, len);
  seek(rt, l, m.nb);
  if (ctxSize) pushContext(rt, l, m.addr, ctxSize);
  return m.addr;
};

function pushContext(rt: UserRuntime, l: L, nbl: number, size: number): void {
  const T = 'NET_BUFFER_LIST_CONTEXT';
  const hdr = rt.mem.size(T);
  const b = rt.mem.alloc(hdr + size, 'NET_BUFFER_LIST_CONTEXT');
  rt.mem.m.w64(b + rt.mem.off(T, 'Next'), rt.mem.m.ptr(nbl + l.context));
  rt.mem.m.w16(b + rt.mem.off(T, 'Size'), size);
  rt.mem.m.w16(b + rt.mem.off(T, 'Offset'), 0);
  rt.mem.m.w64(nbl + l.context, b);
}

function popContext(rt: UserRuntime, l: L, nbl: number): boolean {
  const b = rt.mem.m.ptr(nbl + l.context);
  if (!b) return false;
  rt.mem.m.w64(nbl + l.context, rt.mem.m.ptr(b + rt.mem.off('NET_BUFFER_LIST_CONTEXT', 'Next')));
  rt.mem.free(b);
  return true;
}

function releaseOwn(rt: UserRuntime, st: NblState, m: Mirror): void {
  while (popContext(rt, st.l, m.addr));
  m.freed = true;
  st.byNbl.delete(m.nbl);
  rt.mem.free(m.addr);
}

const freeNblDdi: Ddi = (c, rt) => {
  const st = state(rt);
  const a = arg(c, 0);
  const m = st.byAddr.get(a);
  if (!m) {
    rt.violation('invalid-nbl', `NdisFreeNetBufferList: 0x${a.toString(16)} is not a NET_BUFFER_LIST NDIS allocated`);
    return 0;
  }
  rt.api.NdisFreeNetBufferList(m.nbl);
  if (m.own && !m.freed && m.nbl.phase === 'free') releaseOwn(rt, st, m);
  return 0;
};

const cloneNbl: Ddi = (c, rt) => {
  const st = state(rt);
  const l = st.l;
  const orig = st.byAddr.get(arg(c, 0));
  if (!orig || orig.freed) {
    rt.violation('invalid-nbl', `NdisAllocateCloneNetBufferList: 0x${arg(c, 0).toString(16)} is not a live NET_BUFFER_LIST`);
    return 0;
  }
  syncFromC(rt, st, orig);
  const pool = arg(c, 1);
  const n = rt.traced('NdisAllocateCloneNetBufferList', { nbl: orig.nbl.id }, () => allocateNbl(rt.ndis, rt.block, poolOf(rt, pool)!, orig.nbl.Data, 0, orig.nbl.Data.length), undefined, (r) => ({ nbl: r ? r.id : null }));
  if (!(n instanceof Nbl)) return 0;
  const m = ownMirror(rt, st, n, pool, true, `clone NET_BUFFER_LIST #${n.id}`);
  const mm = rt.mem.m;
  const onb = mm.ptr(orig.addr + l.firstNb);
  if (onb) for (const f of [l.chain, l.curMdl]) mm.w64(m.nb + f, mm.ptr(onb + f));
  if (onb) for (const f of [l.curOff, l.dataOff]) mm.w32(m.nb + f, mm.u32(onb + f));
  if (onb) mm.w64(m.nb + l.len, mm.u32(onb + l.len));
  return m.addr;
};

const freeClone: Ddi = (c, rt) => {
  const st = state(rt);
  const m = st.byAddr.get(arg(c, 0));
  if (!m || !m.clone || m.freed) {
    rt.violation('invalid-nbl', `NdisFreeCloneNetBufferList: 0x${arg(c, 0).toString(16)} is not a live clone this driver allocated`);
    return 0;
  }
  rt.traced('NdisFreeCloneNetBufferList', { nbl: m.nbl.id }, () => freeNbl(rt.ndis, rt.block, m.nbl));
  if (m.nbl.phase === 'free') releaseOwn(rt, st, m);
  return 0;
};

const getDataBuffer: Ddi = (c, rt) => {
  const l = state(rt).l;
  const mm = rt.mem.m;
  const [nb, need, storage] = [arg(c, 0), arg(c, 1), arg(c, 2)];
  if (!nb || need > mm.u32(nb + l.len)) return 0;
  let mdl = mm.ptr(nb + l.curMdl);
  let off = mm.u32(nb + l.curOff);
  if (!mdl) {
    seek(rt, l, nb);
    mdl = mm.ptr(nb + l.curMdl);
    off = mm.u32(nb + l.curOff);
  }
  if (!mdl) return 0;
  const va = mm.ptr(mdl + l.start) + mm.u32(mdl + l.byteOff);
  if (off + need <= mm.u32(mdl + l.count)) return va + off;
  if (!storage) return 0;
  mm.write(storage, chainBytes(rt, l, mdl, off, need));
  return storage;
};

function moveStart(rt: UserRuntime, nb: number, delta: number): void {
  const l = state(rt).l;
  const mm = rt.mem.m;
  mm.w32(nb + l.dataOff, mm.u32(nb + l.dataOff) + delta);
  mm.w64(nb + l.len, mm.u32(nb + l.len) - delta);
  seek(rt, l, nb);
}

const retreat: Ddi = (c, rt) => {
  const st = state(rt);
  const l = st.l;
  const mm = rt.mem.m;
  const [nb, delta, backfill] = [arg(c, 0), arg(c, 1), arg(c, 2)];
  const off = mm.u32(nb + l.dataOff);
  if (off < delta) {
    const need = delta - off + backfill;
    const buf = rt.mem.alloc(need, 'retreat buffer');
    const mdl = rt.mem.alloc(l.mdlSize, 'MDL');
    writeMdl(rt, l, mdl, buf, need);
    mm.w64(mdl + l.mdlNext, mm.ptr(nb + l.chain));
    mm.w64(nb + l.chain, mdl);
    mm.w32(nb + l.dataOff, off + need);
    st.mdls.add(mdl);
  }
  moveStart(rt, nb, -delta);
  return 0;
};

const advance: Ddi = (c, rt) => {
  moveStart(rt, arg(c, 0), arg(c, 1));
  return 0;
};

const allocMdl: Ddi = (c, rt) => {
  const st = state(rt);
  const mdl = rt.traced('NdisAllocateMdl', { length: arg(c, 2) }, () => rt.mem.alloc(st.l.mdlSize, 'MDL'));
  writeMdl(rt, st.l, mdl, arg(c, 1), arg(c, 2));
  st.mdls.add(mdl);
  return mdl;
};

const freeMdl: Ddi = (c, rt) => {
  const st = state(rt);
  const mdl = arg(c, 0);
  if (!st.mdls.delete(mdl)) {
    rt.violation('invalid-mdl', `NdisFreeMdl: 0x${mdl.toString(16)} is not an MDL NdisAllocateMdl returned (or it was freed already)`);
    return 0;
  }
  rt.traced('NdisFreeMdl', undefined, () => rt.mem.free(mdl));
  return 0;
};

const mdlVa = (rt: UserRuntime, mdl: number): number => {
  const l = state(rt).l;
  return rt.mem.m.ptr(mdl + l.start) + rt.mem.m.u32(mdl + l.byteOff);
};

/** A DDI passing an NBL chain to NDIS. */
function chainDdi(name: string, call: (rt: UserRuntime, c: ExternalCall, chain: Nbl) => void): Ddi {
  return (c, rt) => {
    const chain = nblChainFromC(rt, arg(c, 1), name);
    if (chain) call(rt, c, chain);
    return 0;
  };
}

/** Number of NBLs (own and foreign mirrors) this driver still holds structures for. */
export function ownNblsOutstanding(rt: UserRuntime): number {
  const st = rt.state.get('nbl') as NblState | undefined;
  if (!st) return 0;
  let n = 0;
  for (const m of st.byNbl.values()) if (m.own && !m.freed) n++;
  return n;
}

export function registerNblDdis(t: Map<string, Ddi>): void {
  t.set('NdisAllocateNetBufferListPool', (c, rt) => rt.toC(rt.api.NdisAllocateNetBufferListPool(rt.handle(arg(c, 0))!, readPoolParameters(rt, arg(c, 1)))));
  t.set('NdisFreeNetBufferListPool', (c, rt) => (rt.api.NdisFreeNetBufferListPool(rt.handle(arg(c, 0))!), 0));
  t.set('NdisAllocateNetBufferAndNetBufferList', allocNbl);
  t.set('NdisFreeNetBufferList', freeNblDdi);
  t.set('NdisAllocateCloneNetBufferList', cloneNbl);
  t.set('NdisFreeCloneNetBufferList', freeClone);
  t.set('NdisAllocateNetBufferListContext', (c, rt) => (pushContext(rt, state(rt).l, arg(c, 0), arg(c, 1)), 0));
  t.set('NdisFreeNetBufferListContext', (c, rt) => (popContext(rt, state(rt).l, arg(c, 0)), 0));
  t.set('NdisGetDataBuffer', getDataBuffer);
  t.set('NdisRetreatNetBufferDataStart', retreat);
  t.set('NdisAdvanceNetBufferDataStart', advance);
  t.set('NdisAllocateMdl', allocMdl);
  t.set('NdisFreeMdl', freeMdl);
  t.set('MmGetSystemAddressForMdlSafe', (c, rt) => mdlVa(rt, arg(c, 0)));
  t.set('NdisQueryMdl', (c, rt) => {
    const mdl = arg(c, 0);
    if (arg(c, 1)) rt.mem.m.w64(arg(c, 1), mdl ? mdlVa(rt, mdl) : 0);
    if (arg(c, 2)) rt.mem.m.w32(arg(c, 2), mdl ? rt.mem.m.u32(mdl + state(rt).l.count) : 0);
    return 0;
  });
  t.set('NdisSendNetBufferLists', chainDdi('NdisSendNetBufferLists', (rt, c, n) => rt.api.NdisSendNetBufferLists(rt.handle(arg(c, 0))!, n, arg(c, 2), arg(c, 3))));
  t.set('NdisMSendNetBufferListsComplete', chainDdi('NdisMSendNetBufferListsComplete', (rt, c, n) => rt.api.NdisMSendNetBufferListsComplete(rt.handle(arg(c, 0))!, n, arg(c, 2))));
  t.set('NdisMIndicateReceiveNetBufferLists', chainDdi('NdisMIndicateReceiveNetBufferLists', (rt, c, n) => rt.api.NdisMIndicateReceiveNetBufferLists(rt.handle(arg(c, 0))!, n, arg(c, 2), arg(c, 3), arg(c, 4))));
  t.set('NdisReturnNetBufferLists', chainDdi('NdisReturnNetBufferLists', (rt, c, n) => rt.api.NdisReturnNetBufferLists(rt.handle(arg(c, 0))!, n, arg(c, 2))));
  t.set('NdisFSendNetBufferLists', chainDdi('NdisFSendNetBufferLists', (rt, c, n) => rt.api.NdisFSendNetBufferLists(rt.handle(arg(c, 0))!, n, arg(c, 2), arg(c, 3))));
  t.set('NdisFSendNetBufferListsComplete', chainDdi('NdisFSendNetBufferListsComplete', (rt, c, n) => rt.api.NdisFSendNetBufferListsComplete(rt.handle(arg(c, 0))!, n, arg(c, 2))));
  t.set('NdisFIndicateReceiveNetBufferLists', chainDdi('NdisFIndicateReceiveNetBufferLists', (rt, c, n) => rt.api.NdisFIndicateReceiveNetBufferLists(rt.handle(arg(c, 0))!, n, arg(c, 2), arg(c, 3), arg(c, 4))));
  t.set('NdisFReturnNetBufferLists', chainDdi('NdisFReturnNetBufferLists', (rt, c, n) => rt.api.NdisFReturnNetBufferLists(rt.handle(arg(c, 0))!, n, arg(c, 2))));
  for (const name of ['NdisCancelSendNetBufferLists', 'NdisFCancelSendNetBufferLists']) t.set(name, (_c, rt) => (rt.traced(name, undefined, () => undefined), 0));
}
