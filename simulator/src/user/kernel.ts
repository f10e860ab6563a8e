/**
 * The kernel services NDIS drivers lean on, modelled on the simulator's virtual clock:
 * - pool memory with tags (NdisAllocateMemoryWithTagPriority, ExAllocatePool*): every block is
 *   tracked with its tag and allocation site; a double free is bug check 0xC2 BAD_POOL_CALLER
 *   (P1 7), freeing something that is not pool 0xC2 (P1 0x46); what is left at unload is reported;
 * - spin locks (NDIS and Ke): acquiring raises the IRQL to DISPATCH_LEVEL and saves the old one,
 *   releasing restores it; acquiring a lock the processor already holds spins forever (bug check
 *   0x133 DPC_WATCHDOG_VIOLATION); the IRQL routines;
 * - events and mutexes: NdisWaitEvent / KeWaitForSingleObject let the rest of the world run
 *   until the event is set (the driver waits; timers, completions and other drivers proceed) or
 *   the timeout passes; an infinite wait nobody ends is the NDIS watchdog (0x7C/0x25);
 * - time (NdisGetCurrentSystemTime, KeQuery*), sleeps (NdisMSleep) and stalls;
 * - NDIS timer objects (NdisAllocateTimerObject …, the TimerFunction runs at DISPATCH_LEVEL) and
 *   I/O work items (NdisQueueIoWorkItem: the routine runs at PASSIVE_LEVEL, later);
 * - ExUuidCreate (deterministic).
 */
import { BugCheck as ExecBugCheck, type ExternalCall } from '../exec';
import { Prng } from '../engine/prng';
import { formatDuration } from '../engine/units';
import { P1 } from '../ndis/bugcheck';
import type { NdisHandle, TimerCharacteristics } from '../ndis/types';
import { named } from './characteristics';
import { bugCheckAny } from './faults';
import { num } from './mem';
import { readHeader } from './params';
import { DISPATCH_LEVEL, PASSIVE_LEVEL, type Ddi, type UserRuntime } from './runtime';

const arg = (c: ExternalCall, i: number): number => num(c.args[i]?.value ?? 0);

export interface PoolBlock {
  readonly tag: number;
  readonly size: number;
  readonly site: string;
}

/** Live pool allocations of a driver. */
export const poolOf = (rt: UserRuntime): Map<number, PoolBlock> => rt.st('pool', () => new Map<number, PoolBlock>());

export function tagText(tag: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const c = (tag >>> (8 * i)) & 0xff;
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : '.';
  }
  return s;
}

function allocate(rt: UserRuntime, api: string, size: number, tag: number): number {
  if (size <= 0) return 0;
  const b = rt.interp.memory.tryAlloc(size, 'heap', `pool block of ${size} bytes (tag '${tagText(tag)}')`);
  if (!b) return 0;
  const s = rt.site();
  poolOf(rt).set(b.base, { tag, size, site: s ? `${s.file}:${s.line}` : api });
  return b.base;
}

function release(rt: UserRuntime, api: string, p: number): void {
  const pool = poolOf(rt);
  if (!pool.has(p)) {
    const b = rt.interp.memory.blockAt(p);
    const freed = !!b && b.freed && b.base === p;
    bugCheckAny(rt.ndis, 0xc2, [freed ? '0x7' : '0x46', `0x${p.toString(16)}`, '0x0', '0x0'],
      `${rt.opts.serviceName}: ${api} of 0x${p.toString(16)}${rt.where()}: ${freed ? 'the block was already freed' : p ? 'not a pool block this driver allocated' : 'NULL'}`);
  }
  pool.delete(p);
  rt.interp.free(p);
}

// ---- spin locks and IRQL ---------------------------------------------------------------------------

const LOCK_WORD = 0; // KSPIN_LOCK: non-zero while held
const OLD_IRQL = 8; // NDIS_SPIN_LOCK.OldIrql

function acquire(rt: UserRuntime, name: string, lock: number, raise: boolean): number {
  const m = rt.mem.m;
  const held = rt.held.get(lock);
  if (held || m.ptr(lock + LOCK_WORD) !== 0) {
    bugCheckAny(rt.ndis, 0x133, ['0x0', '0x0', '0x0', '0x0'],
      `${rt.opts.serviceName}: ${name}${rt.where()} spins forever on a spin lock this processor already holds${held ? ` (acquired${rt.where(held.site)})` : ''}: deadlock`);
  }
  const old = rt.irql;
  m.w64(lock + LOCK_WORD, 1);
  rt.held.set(lock, { site: rt.site(), oldIrql: old });
  if (raise) rt.irql = DISPATCH_LEVEL;
  return old;
}

function releaseLock(rt: UserRuntime, name: string, lock: number, restore: number | undefined): void {
  const h = rt.held.get(lock);
  if (!h) rt.violation('spin-lock-not-held', `${name}: the spin lock at 0x${lock.toString(16)} is not held (SDV SpinLock)`);
  rt.held.delete(lock);
  rt.mem.m.w64(lock + LOCK_WORD, 0);
  if (restore !== undefined) rt.irql = restore;
}

// ---- events, mutexes, waits -----------------------------------------------------------------------

const SIGNAL = 4; // DISPATCHER_HEADER.SignalState
const TYPE = 0; // DISPATCHER_HEADER.Type: 0 notification event, 1 synchronization event, 2 mutex

/** Let the world run until `done()` or `timeoutNs` (undefined: forever → watchdog). */
function wait(rt: UserRuntime, api: string, done: () => boolean, timeoutNs: number | undefined): boolean {
  if (done()) return true;
  const ndis = rt.ndis;
  const deadline = ndis.now + (timeoutNs ?? ndis.env.watchdogNs);
  if (ndis.env.pump(done, deadline)) return true;
  ndis.env.sched.advanceTo(deadline);
  if (timeoutNs !== undefined) return false;
  return ndis.bugCheck(P1.WATCHDOG, '0x0', '0x0', '0x0',
    `${rt.opts.serviceName} waits forever${rt.where()} (${api}) for an event nobody sets; NDIS gave up after ${formatDuration(ndis.env.watchdogNs)}`);
}

function waitObject(rt: UserRuntime, api: string, obj: number, timeoutNs: number | undefined): boolean {
  const m = rt.mem.m;
  const type = m.u8(obj + TYPE);
  if (type === 2) {
    m.w32(obj + SIGNAL, m.i32(obj + SIGNAL) - 1);
    return true;
  }
  const ok = wait(rt, api, () => m.i32(obj + SIGNAL) !== 0, timeoutNs);
  if (ok && type === 1) m.w32(obj + SIGNAL, 0);
  return ok;
}

/** A relative (negative, 100 ns) or absolute LARGE_INTEGER timeout pointer as ns (undefined: infinite). */
function timeoutOf(rt: UserRuntime, p: number): number | undefined {
  if (!p) return undefined;
  const v = num(rt.mem.m.i64(p));
  return v < 0 ? -v * 100 : Math.max(0, v * 100 - (rt.ndis.now - rt.ndis.bootedAt));
}

// ---- time --------------------------------------------------------------------------------------------

/** 1 January 2024 in 100 ns units since 1601 (the simulated machines boot then). */
const EPOCH_100NS = 133_485_408_000_000_000n;

function systemTime(rt: UserRuntime): bigint {
  return EPOCH_100NS + BigInt(Math.floor(rt.ndis.now / 100));
}

function sleep(rt: UserRuntime, api: string, ns: number): void {
  const deadline = rt.ndis.now + ns;
  rt.ndis.env.pump(() => false, deadline);
  rt.ndis.env.sched.advanceTo(deadline);
  void api;
}

// ---- timers and work items ---------------------------------------------------------------------------

function timerCharacteristics(rt: UserRuntime, at: number): TimerCharacteristics {
  const T = 'NDIS_TIMER_CHARACTERISTICS';
  const fn = rt.mem.ptr(at, T, 'TimerFunction');
  const fctx = rt.mem.ptr(at, T, 'FunctionContext');
  return {
    Header: readHeader(rt.mem, at), AllocationTag: rt.mem.u32(at, T, 'AllocationTag'), FunctionContext: fctx,
    TimerFunction: fn ? named(rt, fn, (_s1: unknown, ctx: unknown) => void rt.invoke('TimerFunction', DISPATCH_LEVEL, fn, [0, rt.toC(ctx), 0, 0])) : (null as never),
  };
}

interface WorkItem {
  readonly handle: number;
  freed: boolean;
  queued: number;
  readonly site: string;
}

const workItems = (rt: UserRuntime): Map<number, WorkItem> => rt.st('workitems', () => new Map<number, WorkItem>());

function queueWorkItem(rt: UserRuntime, item: number, routine: number, ctx: number): void {
  const w = workItems(rt).get(item);
  if (!w || w.freed) {
    rt.violation('invalid-handle', `NdisQueueIoWorkItem: 0x${item.toString(16)} is not a live work item (NdisAllocateIoWorkItem)`);
    return;
  }
  w.queued++;
  const fn = named(rt, routine, () => void rt.invoke('WorkItemRoutine', PASSIVE_LEVEL, routine, [ctx, item]));
  const component = rt.component();
  rt.traced('NdisQueueIoWorkItem', undefined, () => undefined);
  rt.ndis.at(rt.ndis.now, () => {
    w.queued--;
    const f = rt.ndis.enterHandler(component, 'WorkItemRoutine', fn, undefined);
    fn();
    rt.ndis.leaveHandler(f);
  });
}

/** Work items not freed (for the unload check). */
export function liveWorkItems(rt: UserRuntime): WorkItem[] {
  return [...workItems(rt).values()].filter((w) => !w.freed);
}

export function registerKernelDdis(t: Map<string, Ddi>): void {
  // pool
  t.set('NdisAllocateMemoryWithTagPriority', (c, rt) => {
    rt.checkNotDeregistered(arg(c, 0), 'NdisAllocateMemoryWithTagPriority');
    return allocate(rt, c.name, arg(c, 1), arg(c, 2));
  });
  t.set('ExAllocatePoolWithTag', (c, rt) => allocate(rt, c.name, arg(c, 1), arg(c, 2)));
  t.set('ExAllocatePool2', (c, rt) => allocate(rt, c.name, arg(c, 1), arg(c, 2)));
  t.set('NdisFreeMemory', (c, rt) => (release(rt, c.name, arg(c, 0)), 0));
  t.set('NdisFreeMemoryWithTagPriority', (c, rt) => {
    rt.checkNotDeregistered(arg(c, 0), 'NdisFreeMemoryWithTagPriority');
    release(rt, c.name, arg(c, 1));
    return 0;
  });
  t.set('ExFreePoolWithTag', (c, rt) => (release(rt, c.name, arg(c, 0)), 0));
  t.set('ExFreePool', (c, rt) => (release(rt, c.name, arg(c, 0)), 0));

  // spin locks and IRQL
  for (const n of ['NdisAllocateSpinLock', 'KeInitializeSpinLock']) t.set(n, (c, rt) => (rt.mem.m.w64(arg(c, 0), 0), 0));
  t.set('NdisFreeSpinLock', (c, rt) => {
    const h = rt.held.get(arg(c, 0));
    if (h) rt.violation('spin-lock-freed-while-held', `NdisFreeSpinLock${rt.where()}: the lock acquired${rt.where(h.site)} is still held`);
    return 0;
  });
  t.set('NdisAcquireSpinLock', (c, rt) => (rt.mem.m.w8(arg(c, 0) + OLD_IRQL, acquire(rt, c.name, arg(c, 0), true)), 0));
  t.set('NdisReleaseSpinLock', (c, rt) => (releaseLock(rt, c.name, arg(c, 0), rt.mem.m.u8(arg(c, 0) + OLD_IRQL)), 0));
  t.set('NdisDprAcquireSpinLock', (c, rt) => (acquire(rt, c.name, arg(c, 0), false), 0));
  t.set('NdisDprReleaseSpinLock', (c, rt) => (releaseLock(rt, c.name, arg(c, 0), undefined), 0));
  t.set('KeAcquireSpinLock', (c, rt) => (rt.mem.m.w8(arg(c, 1), acquire(rt, c.name, arg(c, 0), true)), 0));
  t.set('KeReleaseSpinLock', (c, rt) => (releaseLock(rt, c.name, arg(c, 0), arg(c, 1)), 0));
  t.set('KeAcquireSpinLockRaiseToDpc', (c, rt) => acquire(rt, c.name, arg(c, 0), true));
  t.set('KeAcquireSpinLockAtDpcLevel', (c, rt) => (acquire(rt, c.name, arg(c, 0), false), 0));
  t.set('KeReleaseSpinLockFromDpcLevel', (c, rt) => (releaseLock(rt, c.name, arg(c, 0), undefined), 0));
  t.set('NdisInterlockedAddUlong', (c, rt) => (rt.mem.m.w32(arg(c, 0), rt.mem.m.u32(arg(c, 0)) + arg(c, 1)), 0));
  t.set('KeGetCurrentIrql', (_c, rt) => rt.irql);
  t.set('KeRaiseIrql', (c, rt) => (rt.mem.m.w8(arg(c, 1), rt.irql), (rt.irql = Math.max(rt.irql, arg(c, 0))), 0));
  t.set('KeRaiseIrqlToDpcLevel', (_c, rt) => {
    const old = rt.irql;
    rt.irql = DISPATCH_LEVEL;
    return old;
  });
  t.set('KeLowerIrql', (c, rt) => ((rt.irql = arg(c, 0)), 0));

  // events and mutexes
  for (const n of ['NdisInitializeEvent', 'NdisResetEvent', 'KeClearEvent']) {
    t.set(n, (c, rt) => {
      if (n === 'NdisInitializeEvent') rt.mem.m.w8(arg(c, 0) + TYPE, 0);
      rt.mem.m.w32(arg(c, 0) + SIGNAL, 0);
      return 0;
    });
  }
  t.set('KeInitializeEvent', (c, rt) => (rt.mem.m.w8(arg(c, 0) + TYPE, arg(c, 1) ? 1 : 0), rt.mem.m.w32(arg(c, 0) + SIGNAL, arg(c, 2) ? 1 : 0), 0));
  t.set('NdisSetEvent', (c, rt) => (rt.mem.m.w32(arg(c, 0) + SIGNAL, 1), 0));
  t.set('KeSetEvent', (c, rt) => {
    const old = rt.mem.m.i32(arg(c, 0) + SIGNAL);
    rt.mem.m.w32(arg(c, 0) + SIGNAL, 1);
    return old;
  });
  t.set('KeResetEvent', (c, rt) => {
    const old = rt.mem.m.i32(arg(c, 0) + SIGNAL);
    rt.mem.m.w32(arg(c, 0) + SIGNAL, 0);
    return old;
  });
  t.set('KeReadStateEvent', (c, rt) => rt.mem.m.i32(arg(c, 0) + SIGNAL));
  t.set('NdisWaitEvent', (c, rt) => (wait(rt, c.name, () => rt.mem.m.i32(arg(c, 0) + SIGNAL) !== 0, arg(c, 1) ? arg(c, 1) * 1e6 : undefined) ? 1 : 0));
  t.set('KeInitializeMutex', (c, rt) => (rt.mem.m.w8(arg(c, 0) + TYPE, 2), rt.mem.m.w32(arg(c, 0) + SIGNAL, 1), 0));
  t.set('KeReleaseMutex', (c, rt) => {
    const m = rt.mem.m;
    const v = m.i32(arg(c, 0) + SIGNAL);
    if (v >= 1) rt.violation('mutex-not-owned', `KeReleaseMutex${rt.where()}: the mutex is not held`);
    m.w32(arg(c, 0) + SIGNAL, Math.min(1, v + 1));
    return v;
  });
  t.set('KeWaitForSingleObject', (c, rt) => {
    const timeout = timeoutOf(rt, arg(c, 4));
    if (rt.irql >= DISPATCH_LEVEL && timeout !== 0) rt.checkIrql('KeWaitForSingleObject (with a non-zero timeout)', 1, false);
    return waitObject(rt, c.name, arg(c, 0), timeout) ? 0 : 0x102;
  });

  // time
  const writeLarge = (rt: UserRuntime, p: number, v: bigint): void => {
    if (p) rt.mem.m.w64(p, v);
  };
  for (const n of ['NdisGetCurrentSystemTime', 'KeQuerySystemTime', 'KeQuerySystemTimePrecise']) t.set(n, (c, rt) => (writeLarge(rt, arg(c, 0), systemTime(rt)), 0));
  t.set('NdisGetSystemUpTimeEx', (c, rt) => (writeLarge(rt, arg(c, 0), BigInt(Math.floor((rt.ndis.now - rt.ndis.bootedAt) / 1e6))), 0));
  t.set('NdisGetSystemUpTime', (c, rt) => (rt.mem.m.w32(arg(c, 0), Math.floor((rt.ndis.now - rt.ndis.bootedAt) / 1e6)), 0));
  t.set('KeQueryInterruptTime', (_c, rt) => BigInt(Math.floor((rt.ndis.now - rt.ndis.bootedAt) / 100)));
  t.set('KeQueryInterruptTimePrecise', (c, rt) => {
    const v = BigInt(Math.floor((rt.ndis.now - rt.ndis.bootedAt) / 100));
    writeLarge(rt, arg(c, 0), v);
    return v;
  });
  t.set('KeQueryPerformanceCounter', (c, rt) => {
    writeLarge(rt, arg(c, 0), 10_000_000n);
    if (c.returnAddress) rt.mem.m.w64(c.returnAddress, BigInt(Math.floor(rt.ndis.now / 100)));
    return 0;
  });
  for (const n of ['KeGetCurrentProcessorNumber', 'NdisGetCurrentProcessorNumber', 'KeGetCurrentProcessorNumberEx']) t.set(n, () => 0);
  t.set('NdisMSleep', (c, rt) => (sleep(rt, c.name, arg(c, 0) * 1000), 0));
  t.set('KeDelayExecutionThread', (c, rt) => (sleep(rt, c.name, timeoutOf(rt, arg(c, 2)) ?? 0), 0));
  for (const n of ['NdisStallExecution', 'KeStallExecutionProcessor']) {
    t.set(n, (c, rt) => {
      if (arg(c, 0) > 50) rt.violation('stall-too-long', `${n}(${arg(c, 0)})${rt.where()}: stalls longer than 50 µs (SDV NdisStallExecution_Delay)`);
      rt.interp.advanceTime(arg(c, 0) * 1000);
      return 0;
    });
  }

  // timers
  t.set('NdisAllocateTimerObject', (c, rt) => {
    const o = { value: undefined as NdisHandle | undefined };
    const s = rt.api.NdisAllocateTimerObject(rt.handle(arg(c, 0))!, timerCharacteristics(rt, arg(c, 1)), o);
    if (s === 0) rt.mem.m.w64(arg(c, 2), rt.toC(o.value));
    return s | 0;
  });
  t.set('NdisSetTimerObject', (c, rt) => (rt.api.NdisSetTimerObject(rt.handle(arg(c, 0))!, num(rt.mem.m.i64(arg(c, 1))), arg(c, 2), arg(c, 3) || undefined) ? 1 : 0));
  t.set('NdisCancelTimerObject', (c, rt) => (rt.api.NdisCancelTimerObject(rt.handle(arg(c, 0))!) ? 1 : 0));
  t.set('NdisFreeTimerObject', (c, rt) => (rt.api.NdisFreeTimerObject(rt.handle(arg(c, 0))!), 0));

  // work items
  t.set('NdisAllocateIoWorkItem', (c, rt) => rt.traced(c.name, undefined, () => {
    const h = rt.interp.memory.newHandle();
    const s = rt.site();
    workItems(rt).set(h, { handle: h, freed: false, queued: 0, site: s ? `${s.file}:${s.line}` : '' });
    return h;
  }));
  t.set('NdisQueueIoWorkItem', (c, rt) => (queueWorkItem(rt, arg(c, 0), arg(c, 1), arg(c, 2)), 0));
  t.set('NdisFreeIoWorkItem', (c, rt) => {
    const w = workItems(rt).get(arg(c, 0));
    if (!w || w.freed) rt.violation('invalid-handle', `NdisFreeIoWorkItem: 0x${arg(c, 0).toString(16)} is not a live work item`);
    else rt.traced(c.name, undefined, () => (w.freed = true));
    return 0;
  });

  t.set('KeBugCheck', (c) => {
    throw new ExecBugCheck(arg(c, 0) >>> 0, [], c.site);
  });

  // GUIDs
  t.set('ExUuidCreate', (c, rt) => {
    const g = rt.st('uuid', () => new Prng([...rt.opts.serviceName].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0, 7)));
    const p = arg(c, 0);
    for (let i = 0; i < 16; i += 4) rt.mem.m.w32(p + i, g.nextU32());
    rt.mem.m.w16(p + 6, (rt.mem.m.u16(p + 6) & 0x0fff) | 0x4000);
    return 0;
  });
}
