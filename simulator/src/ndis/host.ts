/**
 * One simulated machine's NDIS: registration tables, adapters, the call stack of driver and
 * NDIS frames (for `function`/`source` in the trace and the stack of a bug check), violation and
 * bug-check reporting, blocking waits (NDIS waiting for a driver's completion), and the PnP
 * queue that serialises stack changes ("NDIS starts no other PnP operation during Pausing or
 * Restarting", §5.2).
 */
import type { Prng } from '../engine/prng';
import type { Scheduler } from '../engine/scheduler';
import { formatDuration } from '../engine/units';
import type { JsonValue, SourceRef, StateObject } from '../trace/events';
import type { Tracer } from '../trace/tracer';
import type { AdapterBlock, AdapterSpec, DriverBlock, FilterDriverBlock, MiniportDriverBlock, ProtocolBlock, ProviderBlock } from './blocks';
import { BugCheck, BUGCODE_NDIS_DRIVER, p1Name, paramText, P1 } from './bugcheck';
import { InterfaceTable } from './interfaces';
import type { Nbl } from './nbl';
import type { PersistentStore } from './persistent';
import { statusName } from './status';
import type { ConfigValue, VirtualDevice } from './types';

/** What a host needs from the world around it. */
export interface HostEnv {
  readonly sched: Scheduler;
  readonly tracer: Tracer;
  readonly prng: Prng;
  /** Dispatch events until `pred()` holds (true) or the queue has nothing before `deadline` (false). */
  pump(pred: () => boolean, deadline: number): boolean;
  /** How long NDIS waits for a driver's completion before the watchdog bug check, ns. */
  readonly watchdogNs: number;
}

/** Per-host configuration taken from the scenario. */
export interface HostConfig {
  readonly adapters: readonly AdapterSpec[];
  /** Registry: section path → values ("TINYIP", "TINYIP\\Adapters\\eth0", "eth0"). */
  readonly registry: ReadonlyMap<string, ReadonlyMap<string, ConfigValue>>;
  /** Adapters a protocol/filter service may bind/attach to (absent: all). */
  readonly bindTo: ReadonlyMap<string, ReadonlySet<string>>;
  /** NDIS behaviour: complete NdisOpenAdapterEx / NdisCloseAdapterEx with PENDING. */
  readonly pendOpens: boolean;
  readonly pendCloses: boolean;
  /** The device behind a physical adapter. */
  deviceFor(adapter: string): VirtualDevice | null;
}

type Args = Readonly<Record<string, JsonValue>> | undefined;

/** One entry of the call stack. */
export interface Frame {
  readonly component: string;
  readonly fn: string;
  readonly api: string;
  readonly source: SourceRef | undefined;
  /** True for NDIS→driver handler frames (driver code runs), false for DDI frames (NDIS runs). */
  readonly handler: boolean;
}

export class NdisHost {
  /** Incremented on reboot; events scheduled for an older generation are ignored. */
  generation = 0;
  bootedAt = 0;
  readonly stack: Frame[] = [];
  readonly drivers = new Map<string, DriverBlock>();
  protocols: ProtocolBlock[] = [];
  miniportDrivers: MiniportDriverBlock[] = [];
  filterDrivers: FilterDriverBlock[] = [];
  providers: ProviderBlock[] = [];
  readonly adapters = new Map<string, AdapterBlock>();
  /** NBLs in flight (sent and not completed, indicated and not returned). */
  readonly inFlight = new Set<Nbl>();
  private pnpBusy = false;
  private readonly pnpQueue: { label: string; gen: number; fn: () => void }[] = [];

  constructor(
    readonly name: string,
    readonly env: HostEnv,
    readonly hostMinor: number,
    readonly config: HostConfig,
    readonly persistent: PersistentStore,
    public interfaces: InterfaceTable,
  ) {}

  /** Forget everything but the persistent store (reboot): the next boot starts clean. */
  resetForBoot(): void {
    this.generation++;
    this.stack.length = 0;
    this.drivers.clear();
    this.protocols = [];
    this.miniportDrivers = [];
    this.filterDrivers = [];
    this.providers = [];
    this.adapters.clear();
    this.inFlight.clear();
    this.pnpQueue.length = 0;
    this.interfaces = new InterfaceTable(this.env.prng);
  }

  get now(): number {
    return this.env.sched.now;
  }

  // ---- tracing and the call stack -------------------------------------------------------------

  /** NDIS calls driver code: emits `call`, pushes a handler frame. */
  enterHandler(component: string, api: string, fn: { name: string; sourceLocation?: SourceRef }, args: Args): Frame {
    const f: Frame = { component, fn: fn.name || '(anonymous)', api, source: fn.sourceLocation, handler: true };
    this.env.tracer.call(this.name, component, api, f.fn, args, f.source);
    this.stack.push(f);
    return f;
  }

  /** Driver code returns to NDIS: pops the frame, emits `return`. */
  leaveHandler(f: Frame, status?: number, out?: Args): void {
    this.stack.pop();
    this.env.tracer.ret(this.name, f.component, f.api, f.fn, status === undefined ? undefined : statusName(status), out, f.source);
  }

  /** The innermost running driver code (for the caller side of a DDI). */
  callerFrame(): Frame | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]!.handler) return this.stack[i];
    return undefined;
  }

  /** A driver calls a DDI: emits `call` from the caller's component, pushes an NDIS frame. */
  enterDdi(driver: DriverBlock, api: string, args: Args): Frame {
    const c = this.callerFrame();
    const source = driver.image.currentSite?.();
    const f: Frame = { component: c?.component ?? driver.component, fn: c?.fn ?? driver.serviceName, api, source, handler: false };
    this.env.tracer.call(this.name, f.component, api, f.fn, args, source);
    this.stack.push(f);
    return f;
  }

  /** A DDI returns to the driver. */
  leaveDdi(f: Frame, status?: number, out?: Args): void {
    this.stack.pop();
    this.env.tracer.ret(this.name, f.component, f.api, f.fn, status === undefined ? undefined : statusName(status), out, f.source);
  }

  /** The component of the innermost frame (driver or NDIS). */
  currentComponent(): string {
    return this.stack.length ? this.stack[this.stack.length - 1]!.component : 'ndis';
  }

  state(object: StateObject, name: string, component: string, from: string, to: string): void {
    this.env.tracer.state(this.name, component, object, name, from, to);
  }

  log(level: 'info' | 'warn' | 'error', message: string, component = 'ndis'): void {
    this.env.tracer.log(this.name, component, level, message);
  }

  /** A rule broken without a bug check. */
  violation(rule: string, message: string, component = this.currentComponent()): void {
    const c = this.callerFrame();
    this.env.tracer.violation(this.name, component, rule, message, c?.source);
  }

  /** Bug check 0x7C: emit the event and unwind the run. */
  bugCheck(p1: number, p2: string, p3: string, p4: string, reason: string): never {
    const stack = [...this.stack].reverse().map((f) => `${f.handler ? this.moduleOf(f.component) : 'ndis'}!${f.handler ? f.fn : f.api}${f.source ? ` (${f.source.file}:${f.source.line})` : ''}`);
    const event = {
      host: this.name, component: this.currentComponent(), code: `0x${BUGCODE_NDIS_DRIVER.toString(16).toUpperCase()}`,
      params: [paramText(p1), p2, p3, p4] as const, name: p1Name(p1), reason, stack,
    };
    this.env.tracer.bugcheck(event);
    throw new BugCheck(event);
  }

  /** The driver image behind a component, as a debugger names modules ("TINYIP", "VETH"). */
  moduleOf(component: string): string {
    const [kind, rest = ''] = component.split(':');
    if (kind === 'miniport') return this.adapters.get(rest)?.spec.driver ?? rest;
    if (kind === 'filter') return rest.split('@')[0]!;
    return rest || kind!;
  }

  // ---- waiting and the PnP queue ----------------------------------------------------------------

  /**
   * Block (as NDIS does in a PnP worker) until `pred()` holds, letting the rest of the world run.
   * A driver that never completes ends in the watchdog bug check 0x7C/0x25.
   */
  waitFor(what: string, pred: () => boolean, who: string): void {
    if (pred()) return;
    const deadline = this.now + this.env.watchdogNs;
    if (!this.env.pump(pred, deadline)) {
      this.env.sched.advanceTo(deadline);
      this.bugCheck(P1.WATCHDOG, paramText(0), paramText(0), paramText(0), `${who} did not complete ${what} within ${formatDuration(this.env.watchdogNs)}`);
    }
  }

  /** Run a PnP operation now, or after the one in progress. Stale (pre-reboot) operations are dropped. */
  pnp(label: string, fn: () => void): void {
    this.pnpQueue.push({ label, gen: this.generation, fn });
    if (this.pnpBusy) return;
    this.pnpBusy = true;
    try {
      while (this.pnpQueue.length) {
        const op = this.pnpQueue.shift()!;
        if (op.gen !== this.generation) continue;
        // NDIS's PnP worker is on the stack below whatever it calls (it shows in bug-check stacks).
        this.stack.push({ component: 'ndis', fn: op.label, api: `PnP(${op.label})`, source: undefined, handler: false });
        op.fn();
        this.stack.pop();
      }
    } finally {
      this.pnpBusy = false;
    }
  }

  /** Schedule `fn` at `t` for this boot of the host only. */
  at(t: number, fn: () => void): void {
    const gen = this.generation;
    this.env.sched.at(t, () => {
      if (gen === this.generation) fn();
    });
  }
}
