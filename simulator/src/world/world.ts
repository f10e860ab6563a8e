/**
 * The world: one scheduler, one tracer and one PRNG for every simulated host, the NICs and the
 * wires between them. `run()` boots the hosts, dispatches timed actions and hardware events
 * until the stop condition, optionally unloads every driver, scans for NBLs never given back,
 * and reports how the run ended. A bug check or an exhausted budget ends it early.
 */
import { BudgetExceeded, DEFAULT_BUDGET, type BudgetLimits } from '../engine/budget';
import { Prng } from '../engine/prng';
import { Scheduler } from '../engine/scheduler';
import { formatDuration } from '../engine/units';
import { resetHandleIds } from '../ndis/blocks';
import { BugCheck } from '../ndis/bugcheck';
import { NdisHost, type HostConfig } from '../ndis/host';
import { InterfaceTable } from '../ndis/interfaces';
import { bootHost, rebootHost, teardownHost } from '../ndis/lifecycle';
import { raiseInterrupt } from '../ndis/miniportDdis';
import { resetNblIds } from '../ndis/nbl';
import { PersistentStore } from '../ndis/persistent';
import type { DriverImage } from '../ndis/driverImage';
import type { BugCheckEvent, TraceSink } from '../trace/events';
import { Tracer } from '../trace/tracer';
import { Nic, Wire } from './hardware';
import type { HostSpec, WorldSpec } from './spec';

export type StopReason = 'stop-at' | 'idle' | 'events' | 'bugcheck' | 'budget';

export interface RunResult {
  readonly reason: StopReason;
  /** Virtual time at the end, ns. */
  readonly endTime: number;
  readonly events: number;
  readonly violations: number;
  readonly bugcheck?: Omit<BugCheckEvent, 'seq' | 't' | 'kind'>;
  readonly budget?: { readonly kind: string; readonly limit: number; readonly message: string };
  readonly counts: Readonly<Record<string, number>>;
}

/** Fresh images of the boot-start drivers, in order. */
function bootImages(spec: HostSpec): DriverImage[] {
  return spec.drivers.filter((d) => d.start === 'boot').map((d) => d.create());
}

interface HostRuntime {
  readonly spec: HostSpec;
  readonly host: NdisHost;
}

export class World {
  readonly sched: Scheduler;
  readonly tracer: Tracer;
  readonly prng: Prng;
  private readonly hosts = new Map<string, HostRuntime>();
  private readonly nics = new Map<string, Nic>();
  readonly wires = new Map<string, Wire>();

  constructor(
    readonly spec: WorldSpec,
    sinks: readonly TraceSink[],
    budget: BudgetLimits = DEFAULT_BUDGET,
  ) {
    resetHandleIds();
    resetNblIds();
    this.sched = new Scheduler(budget.maxVirtualNs, budget.maxWallMs);
    const maxEvents = spec.stop.events !== undefined ? Math.min(budget.maxEvents, Number.MAX_SAFE_INTEGER) : budget.maxEvents;
    this.tracer = new Tracer(() => this.sched.now, maxEvents);
    for (const s of sinks) this.tracer.addSink(s);
    this.prng = new Prng(spec.seed);
    const nicEnv = { sched: this.sched, tracer: this.tracer, prng: this.prng, interrupt: (h: string, a: string) => this.interrupt(h, a) };
    for (const hs of spec.hosts) {
      for (const n of hs.nics) this.nics.set(`${hs.name}/${n.adapter}`, new Nic(nicEnv, hs.name, n.adapter, n.mac, n.speedBps, n.mtu));
      const config: HostConfig = {
        adapters: hs.adapters, registry: hs.registry, bindTo: hs.bindTo, pendOpens: hs.pendOpens, pendCloses: hs.pendCloses,
        deviceFor: (adapter) => this.nics.get(`${hs.name}/${adapter}`) ?? null,
      };
      const env = { sched: this.sched, tracer: this.tracer, prng: this.prng, watchdogNs: spec.watchdogNs, pump: (p: () => boolean, d: number) => this.pump(p, d) };
      const host = new NdisHost(hs.name, env, hs.ndisMinor, config, new PersistentStore(), new InterfaceTable(this.prng));
      this.hosts.set(hs.name, { spec: hs, host });
    }
    for (const w of spec.wires) {
      const a = this.nics.get(`${w.a.host}/${w.a.adapter}`)!;
      const b = w.b ? this.nics.get(`${w.b.host}/${w.b.adapter}`)! : null;
      const wire = new Wire(w.name, a, b, w.latencyNs, w.bandwidthBps, w.loss);
      wire.plugged = w.plugged;
      a.wire = wire;
      if (b) b.wire = wire;
      this.wires.set(w.name, wire);
    }
  }

  /** A host by name (throws for an unknown name: the scenario checker rules that out). */
  host(name: string): NdisHost {
    const h = this.hosts.get(name);
    if (!h) throw new Error(`no host ${name}`);
    return h.host;
  }

  /** The installed driver `service` of a host. */
  driverSpec(host: string, service: string): import('./spec').DriverSpec | undefined {
    return this.hosts.get(host)?.spec.drivers.find((d) => d.serviceName === service);
  }

  nic(host: string, adapter: string): Nic | undefined {
    return this.nics.get(`${host}/${adapter}`);
  }

  /** Run scheduler events until `pred()` holds; false when nothing is left before `deadline`. */
  pump(pred: () => boolean, deadline: number): boolean {
    while (!pred()) {
      const t = this.sched.nextTime();
      if (t === undefined || t > deadline) return false;
      this.sched.step();
    }
    return true;
  }

  private interrupt(hostName: string, adapter: string): void {
    const host = this.hosts.get(hostName)?.host;
    const a = host?.adapters.get(adapter);
    if (host && a && a.state !== 'Halted' && a.state !== 'Shutdown') raiseInterrupt(host, a);
  }

  /** Plug or unplug a wire; both NICs see the link change. */
  setCable(name: string, plugged: boolean): void {
    const w = this.wires.get(name)!;
    if (w.plugged === plugged) return;
    w.plugged = plugged;
    this.tracer.state(w.a.host, w.component, 'link', name, plugged ? 'unplugged' : 'plugged', plugged ? 'plugged' : 'unplugged');
    w.a.linkChanged();
    if (w.b && w.b !== w.a) w.b.linkChanged();
  }

  /** Reboot a host: shutdown, power-cycle its NICs, boot again after `delayNs`. */
  reboot(name: string, delayNs: number): void {
    const rt = this.hosts.get(name)!;
    rt.host.pnp('reboot', () =>
      rebootHost(rt.host, bootImages(rt.spec), delayNs, () => {
        for (const n of rt.spec.nics) this.nics.get(`${name}/${n.adapter}`)?.reset();
      }),
    );
  }

  /** Boot, run to the stop condition, tear down, scan for leaks. Never throws for driver faults. */
  run(): RunResult {
    let reason: StopReason = 'idle';
    let bugcheck: RunResult['bugcheck'];
    let budget: RunResult['budget'];
    const stop = this.spec.stop;
    try {
      for (const rt of this.hosts.values()) this.sched.at(0, () => bootHost(rt.host, bootImages(rt.spec)));
      for (const a of this.spec.actions) this.sched.at(a.at, () => a.run(this));
      for (;;) {
        if (stop.events !== undefined && this.tracer.events >= stop.events) {
          reason = 'events';
          break;
        }
        const t = this.sched.nextTime();
        if (t === undefined) break;
        if (stop.at !== undefined && t > stop.at) {
          this.sched.advanceTo(stop.at);
          reason = 'stop-at';
          break;
        }
        this.sched.step();
      }
      if (stop.teardown) {
        this.tracer.log('world', 'ndis', 'info', `stopping (${reason === 'stop-at' ? `stop at ${formatDuration(stop.at!)}` : reason === 'events' ? `${stop.events} events` : 'nothing left to do'}): unloading every driver`);
        for (const rt of this.hosts.values()) rt.host.pnp('teardown', () => teardownHost(rt.host));
      }
      if (stop.teardown || reason === 'idle') this.leakScan();
    } catch (e) {
      if (e instanceof BugCheck) {
        reason = 'bugcheck';
        bugcheck = e.event;
      } else if (e instanceof BudgetExceeded) {
        reason = 'budget';
        const message = `run stopped: ${e.message} at t=${formatDuration(this.sched.now)}`;
        budget = { kind: e.kind, limit: e.limit, message };
        this.tracer.log('world', 'ndis', 'error', message, true);
      } else throw e;
    } finally {
      this.tracer.close();
    }
    return { reason, endTime: this.sched.now, events: this.tracer.events, violations: this.tracer.counts.violation, bugcheck, budget, counts: { ...this.tracer.counts } };
  }

  /** TrackNblOwner=2: every NBL still in flight can never come back. */
  private leakScan(): void {
    for (const { host } of this.hosts.values()) {
      for (const n of host.inFlight) {
        const what = n.phase === 'tx' ? 'sent and never completed' : 'indicated and never returned';
        host.violation('nbl-leak', `NBL #${n.id} (${n.summary}) was ${what}; held by ${n.holderComponent} since t=${formatDuration(n.since)}`, n.holderComponent);
      }
    }
  }
}
