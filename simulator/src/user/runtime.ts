/**
 * The NdisHost of one loaded user driver: the interpreter's `Host`, bound to one simulated
 * machine's NDIS when DriverEntry runs. It routes every external call of the driver to a modelled
 * DDI (ddi tables registered by the other modules of this folder), the C runtime routines, or the
 * "unmodelled" default; keeps the IRQL, the stack of call sites (for `source` in the trace) and
 * the handle table; invokes the driver's handlers for NDIS (with the IRQL their role runs at);
 * and reports runtime violations with the static rule ids where they correspond.
 */
import { ddi as catalogDdi } from '../../../common/src/catalog';
import { BudgetExceeded as EngineBudgetExceeded } from '../engine/budget';
import { formatLoc, standardCall, type CallSite, type ExternalCall, type Host, type Interpreter, type Num, type SourceLocation } from '../exec';
import type { NdisApi } from '../ndis/api';
import type { DriverBlock } from '../ndis/blocks';
import { BugCheck } from '../ndis/bugcheck';
import type { Frame, NdisHost } from '../ndis/host';
import type { DriverObject, NdisHandle } from '../ndis/types';
import type { JsonValue, SourceRef } from '../trace/events';
import { bugCheckAny, driverFault, HostAbort } from './faults';
import { Mem, num } from './mem';

export type UserDriverKind = 'protocol' | 'miniport' | 'filter' | 'intermediate' | 'provider';

export interface UserOptions {
  readonly serviceName: string;
  readonly kind: UserDriverKind;
  /** A PASSIVE_LEVEL DDI at DISPATCH_LEVEL is bug check 0xA (true) or only a violation (false). */
  readonly irqlBugCheck: boolean;
  /** Fault injection: DDI name → the status it fails with (NULL for allocators). */
  readonly failCalls: ReadonlyMap<string, number>;
  /** What the driver's INF files install (for NDIS113/NDIS114). */
  readonly inf?: { readonly services: readonly string[]; readonly instanceIds: readonly string[] };
}

/** A modelled external function. Returns the C result (0 for VOID). */
export type Ddi = (c: ExternalCall, rt: UserRuntime) => Num;

type Args = Readonly<Record<string, JsonValue>> | undefined;

export const PASSIVE_LEVEL = 0;
export const APC_LEVEL = 1;
export const DISPATCH_LEVEL = 2;
const LEVEL = { PASSIVE_LEVEL: 0, APC_LEVEL: 1, DISPATCH_LEVEL: 2, HIGH_LEVEL: 15 } as const;
const LEVEL_NAME = ['PASSIVE_LEVEL', 'APC_LEVEL', 'DISPATCH_LEVEL'];

/** IRQL requirements of DDIs outside the catalog: [max, exact]. */
const EXTRA_IRQL: Readonly<Record<string, readonly [number, boolean]>> = {
  NdisAllocateMemoryWithTagPriority: [2, false], NdisFreeMemory: [2, false], NdisFreeMemoryWithTagPriority: [2, false],
  ExAllocatePoolWithTag: [2, false], ExAllocatePool2: [2, false], ExFreePoolWithTag: [2, false], ExFreePool: [2, false],
  NdisAllocateNetBufferListPool: [2, false], NdisFreeNetBufferListPool: [2, false], NdisAllocateNetBufferAndNetBufferList: [2, false],
  NdisFreeNetBufferList: [2, false], NdisAllocateCloneNetBufferList: [2, false], NdisFreeCloneNetBufferList: [2, false],
  NdisAllocateMdl: [2, false], NdisFreeMdl: [2, false], NdisGetDataBuffer: [2, false],
  NdisAllocateTimerObject: [2, false], NdisSetTimerObject: [2, false], NdisCancelTimerObject: [2, false], NdisFreeTimerObject: [0, false],
  NdisAllocateIoWorkItem: [2, false], NdisQueueIoWorkItem: [2, false], NdisFreeIoWorkItem: [2, false],
  NdisReadConfiguration: [0, false], NdisWriteConfiguration: [0, false], NdisCloseConfiguration: [0, false],
  NdisRegisterDeviceEx: [0, false], NdisDeregisterDeviceEx: [0, false], NdisMSleep: [0, false],
  IoCreateDevice: [0, false], IoCreateDeviceSecure: [0, false], IoDeleteDevice: [0, false], IoCreateSymbolicLink: [0, false],
  IoDeleteSymbolicLink: [0, false], ExUuidCreate: [0, false], KeDelayExecutionThread: [1, false],
  NdisMIndicateStatusEx: [2, false], NdisFIndicateStatus: [2, false], NdisAllocateCloneOidRequest: [2, false],
  NdisFreeCloneOidRequest: [2, false], NdisMOidRequestComplete: [2, false], NdisFOidRequestComplete: [2, false],
  NdisMSendNetBufferListsComplete: [2, false], NdisReturnNetBufferLists: [2, false], NdisFSendNetBufferListsComplete: [2, false],
  NdisFReturnNetBufferLists: [2, false], NdisMRestartComplete: [2, false], NdisMIndicateReceiveNetBufferLists: [2, false],
};

/** DDIs that apply their `failCalls` injection themselves, after their checks. */
const FAIL_IN_DDI = new Set(['NdisOpenAdapterEx']);

const IRQL_CACHE = new Map<string, readonly [number, boolean] | null>();
function irqlRequirement(name: string): readonly [number, boolean] | null {
  let r = IRQL_CACHE.get(name);
  if (r === undefined) {
    const d = catalogDdi(name);
    r = d ? [LEVEL[d.irql.max], d.irql.exact === true] : (EXTRA_IRQL[name] ?? null);
    IRQL_CACHE.set(name, r);
  }
  return r;
}

/** A spin lock the driver holds. */
interface HeldLock {
  readonly site: SourceLocation | undefined;
  readonly oldIrql: number;
}

/** A registration the driver made, for the order and lifetime checks. */
export interface Registration {
  readonly what: 'protocol' | 'miniport' | 'filter' | 'provider';
  readonly handle: NdisHandle;
  readonly site: SourceLocation | undefined;
  /** Where the handle was written (the last argument of the registration call). */
  readonly handleSite: SourceLocation | undefined;
  readonly intermediate: boolean;
  deregistered: boolean;
  reportedLost: boolean;
}

export function srcRef(loc: SourceLocation | undefined): SourceRef | undefined {
  return loc ? { file: loc.file, line: loc.line } : undefined;
}

export class UserRuntime implements Host {
  interp!: Interpreter;
  mem!: Mem;
  ndis!: NdisHost;
  api!: NdisApi;
  block!: DriverBlock;
  tsDriverObject!: DriverObject;
  driverObjectAddr = 0;
  irql = PASSIVE_LEVEL;
  /** Call sites of the external calls in progress, innermost last. */
  readonly sites: (CallSite | undefined)[] = [];
  readonly ddis = new Map<string, Ddi>();
  readonly held = new Map<number, HeldLock>();
  readonly registrations: Registration[] = [];
  /** Handles whose object the driver deregistered (for NDIS209). */
  readonly deregisteredHandles = new Map<number, { what: string; site: SourceLocation | undefined }>();
  unloaded = false;
  /** Per-module state (pool, NBL mirrors, OID mirrors, devices ...), created lazily by each module. */
  readonly state = new Map<string, unknown>();
  /** Where each UNICODE_STRING was last set with Rtl/NdisInitUnicodeString (address → site). */
  readonly stringSites = new Map<number, SourceLocation | undefined>();
  /** Checks run when a handler of this characteristics member returns (arguments NDIS passed, C result). */
  readonly after = new Map<string, (args: readonly unknown[], result: Num) => void>();
  private readonly objToNum = new Map<object, number>();
  private readonly numToObj = new Map<number, NdisHandle>();
  private readonly unmodelledSites = new Set<string>();

  constructor(readonly opts: UserOptions) {}

  /** Attach the loaded interpreter (the loader creates the host first). */
  attach(interp: Interpreter): void {
    this.interp = interp;
    this.mem = new Mem(interp);
  }

  /** Bind to the machine's NDIS when DriverEntry runs. */
  bind(ndis: NdisHost, api: NdisApi, dobj: DriverObject): void {
    this.ndis = ndis;
    this.api = api;
    this.tsDriverObject = dobj;
    this.block = ndis.drivers.get(this.opts.serviceName)!;
  }

  /** Module state by key, created on first use. */
  st<T>(key: string, make: () => T): T {
    let v = this.state.get(key) as T | undefined;
    if (v === undefined) this.state.set(key, (v = make()));
    return v;
  }

  // ---- handles and contexts ------------------------------------------------------------------

  /** A TS value NDIS hands to the driver, as the C value the driver sees. */
  toC(v: unknown): Num {
    if (v === null || v === undefined) return 0;
    if (typeof v === 'number' || typeof v === 'bigint') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'object') {
      let n = this.objToNum.get(v);
      if (n === undefined) {
        n = this.interp.memory.newHandle();
        this.objToNum.set(v, n);
        this.numToObj.set(n, v as NdisHandle);
      }
      return n;
    }
    return 0;
  }

  /** A handle value from the driver as the object NDIS knows (null for NULL; a stand-in for garbage). */
  handle(v: Num): NdisHandle | null {
    const n = num(v);
    if (!n) return null;
    const o = this.numToObj.get(n);
    if (o) return o;
    const fake = { handleType: `unknown value 0x${n.toString(16)}` };
    this.numToObj.set(n, fake);
    this.objToNum.set(fake, n);
    return fake;
  }

  /** Whether `v` is a handle NDIS gave this driver. */
  isHandle(v: Num): boolean {
    const o = this.numToObj.get(num(v));
    return !!o && !o.handleType.startsWith('unknown value');
  }

  // ---- where we are ----------------------------------------------------------------------------

  /** The statement the driver is executing (the innermost external call). */
  site(): CallSite | undefined {
    for (let i = this.sites.length - 1; i >= 0; i--) if (this.sites[i]) return this.sites[i];
    return undefined;
  }

  currentSite(): SourceRef | undefined {
    return srcRef(this.site());
  }

  /** The component events of this driver are attributed to now. */
  component(): string {
    return this.ndis.callerFrame()?.component ?? this.block.component;
  }

  /** The NDIS entry point (characteristics member, DriverEntry …) the driver is running in. */
  context(): Frame | undefined {
    return this.ndis.callerFrame();
  }

  violation(rule: string, message: string, at: SourceLocation | undefined = this.site()): void {
    this.ndis.env.tracer.violation(this.ndis.name, this.component(), rule, message, srcRef(at));
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.ndis.log(level, message, this.component());
  }

  /** A DDI modelled here (not by NdisApi): traced as call/return like NdisApi's. */
  traced<T>(api: string, args: Args, body: () => T, status?: (r: T) => number | undefined, out?: (r: T) => Args): T {
    const f = this.ndis.enterDdi(this.block, api, args);
    const r = body();
    this.ndis.leaveDdi(f, status?.(r), out?.(r));
    return r;
  }

  /** `at file:line` of the current call. */
  where(at: SourceLocation | undefined = this.site()): string {
    return at ? ` at ${formatLoc(at)}` : '';
  }

  // ---- calling the driver --------------------------------------------------------------------

  /** Run driver function `fn` for NDIS at `irql`; faults become bug checks. */
  invoke(api: string, irql: number, fn: number, args: readonly Num[]): Num {
    if (this.unloaded) {
      bugCheckAny(this.ndis, 0xce, [`0x${fn.toString(16)}`, '0x0', '0x0', '0x0'],
        `NDIS called ${api} (${this.interp.functionName(fn) ?? `0x${fn.toString(16)}`}) of ${this.opts.serviceName} after the driver image was unloaded`);
    }
    const saved = this.irql;
    const locks = this.held.size ? new Set(this.held.keys()) : undefined;
    this.irql = irql;
    let r: Num;
    try {
      r = this.interp.call(fn, args);
    } catch (e) {
      driverFault(this.ndis, this.opts.serviceName, this.irql, e);
    } finally {
      this.irql = saved;
    }
    this.afterHandler(api, fn, locks);
    return r;
  }

  private afterHandler(api: string, fn: number, before: Set<number> | undefined): void {
    for (const [lock, h] of this.held) {
      if (before?.has(lock)) continue;
      this.violation('spin-lock-held-on-return', `${this.interp.functionName(fn) ?? api} returned to NDIS still holding the spin lock acquired${this.where(h.site)}; the processor stays at DISPATCH_LEVEL (SDV SpinLockRelease)`, h.site);
      this.held.delete(lock);
    }
  }

  // ---- the Host seam ---------------------------------------------------------------------------

  callExternal(call: ExternalCall): Num | undefined {
    const impl = this.ddis.get(call.name);
    if (impl === undefined) {
      const std = standardCall(call, (text) => this.ndis && this.log('info', text.replace(/\r?\n$/, '')));
      if (std !== undefined) return std;
      this.unmodelled(call);
      return undefined;
    }
    this.sites.push(call.site);
    try {
      const req = irqlRequirement(call.name);
      if (req) this.checkIrql(call.name, req[0], req[1]);
      const fail = this.opts.failCalls.get(call.name);
      if (fail !== undefined) {
        const r = this.injected(call, fail);
        if (r !== undefined) return r;
      }
      return impl(call, this);
    } catch (e) {
      if (e instanceof BugCheck || e instanceof EngineBudgetExceeded) throw new HostAbort(e);
      throw e;
    } finally {
      this.sites.pop();
    }
  }

  private unmodelled(call: ExternalCall): void {
    const key = `${call.name}@${formatLoc(call.site)}`;
    if (this.unmodelledSites.has(key) || !this.ndis) return;
    this.unmodelledSites.add(key);
    this.ndis.env.tracer.log(this.ndis.name, this.component(), 'warn', `unmodelled call ${call.name} at ${formatLoc(call.site)}; returned 0`);
  }

  /** Fault injection (scenario `failCalls:`): the DDI fails without running. */
  private injected(call: ExternalCall, status: number): Num | undefined {
    const ret = call.prototype.ret;
    if (ret.k === 'void') return undefined;
    if (FAIL_IN_DDI.has(call.name)) return undefined;
    const value = ret.k === 'ptr' || (ret.k === 'int' && ret.isBool) ? 0 : status;
    this.traced(call.name, { injected: true }, () => value, () => (ret.k === 'int' && !ret.isBool ? status >>> 0 : undefined));
    this.log('info', `${call.name}${this.where()}: fails by the scenario's failCalls (${ret.k === 'ptr' ? 'NULL' : `0x${(status >>> 0).toString(16)}`})`);
    return value;
  }

  // ---- runtime checks --------------------------------------------------------------------------

  /** The IRQL a DDI needs (NDIS211): a violation, and bug check 0xA / 0x7C-0x14 where NDIS crashes. */
  checkIrql(name: string, max: number, exact: boolean): void {
    const cur = this.irql;
    const ok = exact ? cur === max : cur <= max;
    if (ok) return;
    const lock = [...this.held.values()].pop();
    const why = cur > max
      ? `${name} requires ${exact ? '' : 'at most '}${LEVEL_NAME[max]}; it is called at ${LEVEL_NAME[cur] ?? `IRQL ${cur}`}${lock ? ` with the spin lock acquired${this.where(lock.site)} held` : ` from ${this.context()?.api ?? 'driver code'}, which runs at ${LEVEL_NAME[cur] ?? cur}`}`
      : `${name} requires ${LEVEL_NAME[max]}; it is called at ${LEVEL_NAME[cur] ?? cur}`;
    this.violation('NDIS211', why);
    if (cur > max && name === 'NdisWaitEvent') {
      this.ndis.bugCheck(0x14, `0x${cur.toString(16)}`, '0x0', '0x0', `${this.opts.serviceName}: ${why}${this.where()}`);
    }
    if (cur > max && max < DISPATCH_LEVEL && this.opts.irqlBugCheck) {
      bugCheckAny(this.ndis, 0x0a, ['0x0', `0x${cur.toString(16)}`, '0x0', '0x0'], `${this.opts.serviceName}: ${why}${this.where()}: pageable NDIS code ran at raised IRQL (NDIS211)`);
    }
  }

  /** NDIS209: a handle used after its deregistration. */
  checkNotDeregistered(v: Num, api: string): void {
    const d = this.deregisteredHandles.get(num(v));
    if (d) this.violation('NDIS209', `${api} uses the ${d.what} handle after NdisDeregister…${this.where(d.site)} released it; NDIS dereferences a block it has freed`);
  }

  /** The registration of `what` this driver made and has not deregistered. */
  liveRegistration(what: Registration['what']): Registration | undefined {
    return this.registrations.find((r) => r.what === what && !r.deregistered);
  }

  /** NDIS203: a required registration handle is NULL or garbage although the driver registered one. */
  checkLostHandle(v: Num, what: Registration['what'], api: string): void {
    if (this.isHandle(v)) return;
    const reg = this.liveRegistration(what);
    if (!reg || reg.reportedLost) return;
    reg.reportedLost = true;
    this.violation('NDIS203', `${api}${this.where()} gets ${num(v) ? `0x${num(v).toString(16)}` : 'NULL'} as the ${what} handle, but the handle NdisRegister… returned${this.where(reg.site)} was written to storage that did not keep it (${reg.handleSite ? formatLoc(reg.handleSite) : 'its last argument'})`, reg.handleSite ?? reg.site);
  }
}
