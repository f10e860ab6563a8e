/**
 * A small Host for tests: the standard routines (stdlib.ts), pool memory, spin locks with an
 * IRQL model (acquire raises to DISPATCH_LEVEL, a second acquire of a held lock is reported as a
 * deadlock), events and mutexes, time, deterministic UUIDs; everything else is unmodelled unless a
 * test overrides it. Every external call is recorded with its arguments.
 */
import { ExecError, type SourceLocation } from './errors';
import type { CValue, ExternalCall, Host } from './host';
import { standardCall } from './stdlib';
import { toNumber, type Num } from './values';

/** A recorded external call. */
export interface RecordedCall {
  readonly name: string;
  readonly args: readonly CValue[];
  readonly site: SourceLocation | undefined;
}

/** An override: return a value, or undefined to fall through to the default behaviour. */
export type Handler = (call: ExternalCall) => Num | undefined;

export interface TestHostOptions {
  /** Per-name behaviour (checked before anything else). */
  readonly overrides?: Readonly<Record<string, Handler>>;
  /** Byte pool allocations are filled with (default 0; real pool memory is not zeroed). */
  readonly poolFill?: number;
}

const DISPATCH_LEVEL = 2;

/** See the module comment. */
export class TestHost implements Host {
  readonly calls: RecordedCall[] = [];
  /** DbgPrint output, one entry per call. */
  readonly output: string[] = [];
  /** Live pool allocations: address → tag. */
  readonly pool = new Map<number, number>();
  readonly overrides: Record<string, Handler>;
  irql = 0;
  private uuid = 0;
  private readonly poolFill: number;

  constructor(options: TestHostOptions = {}) {
    this.overrides = { ...options.overrides };
    this.poolFill = options.poolFill ?? 0;
  }

  /** Recorded calls of one function. */
  callsTo(name: string): RecordedCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  callExternal(call: ExternalCall): Num | undefined {
    this.calls.push({ name: call.name, args: call.args, site: call.site });
    const o = this.overrides[call.name];
    if (o) {
      const r = o(call);
      if (r !== undefined) return r;
    }
    const std = standardCall(call, (text) => this.output.push(text));
    if (std !== undefined) return std;
    const mem = call.exec.memory;
    const a = (i: number): number => toNumber(call.args[i]?.value ?? 0);
    switch (call.name) {
      case 'NdisAllocateMemoryWithTagPriority':
        return this.alloc(call, a(1), a(2));
      case 'ExAllocatePoolWithTag':
      case 'ExAllocatePool2':
        return this.alloc(call, a(1), a(2));
      case 'NdisFreeMemory':
      case 'NdisFreeMemoryWithTagPriority':
      case 'ExFreePoolWithTag':
      case 'ExFreePool': {
        const p = call.name === 'NdisFreeMemoryWithTagPriority' ? a(1) : a(0);
        if (!this.pool.has(p)) throw new ExecError('host', `${call.name} of ${p ? `0x${p.toString(16)}` : 'NULL'}, which is not a live pool allocation`, call.site);
        this.pool.delete(p);
        call.exec.free(p);
        return 0;
      }
      case 'NdisAllocateSpinLock':
      case 'KeInitializeSpinLock':
        mem.w64(a(0), 0);
        return 0;
      case 'NdisFreeSpinLock':
        mem.ptr(a(0));
        return 0;
      case 'NdisAcquireSpinLock':
      case 'NdisDprAcquireSpinLock':
      case 'KeAcquireSpinLock':
      case 'KeAcquireSpinLockAtDpcLevel':
      case 'KeAcquireSpinLockRaiseToDpc': {
        const lock = a(0);
        if (mem.ptr(lock) !== 0) throw new ExecError('exception', `deadlock: ${call.name} of a spin lock this processor already holds`, call.site);
        mem.w64(lock, 1);
        const old = this.irql;
        if (call.name.includes('Dpr') || call.name.includes('AtDpc')) {
          if (this.irql < DISPATCH_LEVEL) throw new ExecError('exception', `${call.name} below DISPATCH_LEVEL`, call.site);
        } else this.irql = DISPATCH_LEVEL;
        if (call.name === 'NdisAcquireSpinLock') mem.w8(lock + 8, old);
        if (call.name === 'KeAcquireSpinLock') mem.w8(a(1), old);
        return call.name === 'KeAcquireSpinLockRaiseToDpc' ? old : 0;
      }
      case 'NdisReleaseSpinLock':
      case 'NdisDprReleaseSpinLock':
      case 'KeReleaseSpinLock':
      case 'KeReleaseSpinLockFromDpcLevel': {
        const lock = a(0);
        if (mem.ptr(lock) === 0) throw new ExecError('exception', `${call.name} of a spin lock that is not held`, call.site);
        mem.w64(lock, 0);
        if (call.name === 'NdisReleaseSpinLock') this.irql = mem.u8(lock + 8);
        else if (call.name === 'KeReleaseSpinLock') this.irql = a(1);
        return 0;
      }
      case 'KeGetCurrentIrql':
        return this.irql;
      case 'KeRaiseIrql':
        mem.w8(a(1), this.irql);
        this.irql = a(0);
        return 0;
      case 'KeRaiseIrqlToDpcLevel': {
        const old = this.irql;
        this.irql = DISPATCH_LEVEL;
        return old;
      }
      case 'KeLowerIrql':
        this.irql = a(0);
        return 0;
      case 'NdisInitializeEvent':
      case 'NdisResetEvent':
      case 'KeClearEvent':
        mem.w32(a(0) + 4, 0);
        return 0;
      case 'KeInitializeEvent':
        mem.w32(a(0) + 4, a(2) ? 1 : 0);
        return 0;
      case 'NdisSetEvent':
      case 'KeSetEvent':
        mem.w32(a(0) + 4, 1);
        return 0;
      case 'NdisWaitEvent':
        return mem.u32(a(0) + 4) ? 1 : 0;
      case 'KeInitializeMutex':
        mem.w32(a(0) + 4, 1);
        return 0;
      case 'KeWaitForSingleObject':
        return 0;
      case 'KeReleaseMutex':
        return 0;
      case 'NdisMSleep':
      case 'NdisStallExecution':
      case 'KeStallExecutionProcessor':
        call.exec.advanceTime(a(0) * 1000);
        return 0;
      case 'NdisGetCurrentSystemTime':
      case 'KeQuerySystemTime':
        mem.w64(a(0), 133_000_000_000_000_000n + BigInt(Math.floor(call.exec.elapsedNs() / 100)));
        return 0;
      case 'ExUuidCreate': {
        const g = a(0);
        this.uuid++;
        mem.w32(g, 0x6e647769);
        mem.w16(g + 4, 0x7762);
        mem.w16(g + 6, 0x4000);
        mem.w64(g + 8, this.uuid);
        return 0;
      }
    }
    return undefined;
  }

  private alloc(call: ExternalCall, size: number, tag: number): number {
    if (size <= 0) return 0;
    const b = call.exec.memory.tryAlloc(size, 'heap', `pool block of ${size} bytes (tag '${tagText(tag)}')`, this.poolFill);
    if (!b) return 0;
    this.pool.set(b.base, tag);
    return b.base;
  }
}

/** A pool tag as the four characters a debugger shows ('pnuT' is shown as "Tunp"). */
export function tagText(tag: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    const c = (tag >>> (8 * i)) & 0xff;
    s += c >= 32 && c < 127 ? String.fromCharCode(c) : '.';
  }
  return s;
}
