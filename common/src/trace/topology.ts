/**
 * The stack topology as a trace shows it, in the manner of !ndiskd.netreport: per host its
 * drivers (and what they registered), adapters with their miniport driver, ifIndex and filter
 * modules, the protocols bound to them, the interfaces providers registered (ifIndex, NET_LUID),
 * and the wires between NICs. Built incrementally from the events as they arrive.
 */
import type { Topology, TopologyAdapter, TopologyHost, TraceEventData } from '../traceProtocol';

interface AdapterState {
  name: string;
  state: string;
  driver?: string;
  ifIndex?: number;
  netLuid?: string;
  virtual: boolean;
  filters: Map<string, { name: string; driver: string; state: string; ifIndex?: number }>;
  bindings: Map<string, { protocol: string; state: string }>;
  wires: Set<string>;
}

interface HostState {
  name: string;
  state: string;
  drivers: Map<string, { name: string; state: string; kinds: Set<string> }>;
  adapters: Map<string, AdapterState>;
  interfaces: Map<number, { ifIndex: number; name?: string; netLuid?: string; provider: string; state: string }>;
  netLuidIndexes: { driver: string; ifType?: number; index: number }[];
  lastMiniportDriver?: string;
  imInstances: Map<string, string>;
  pendingInterface?: { name?: string; netLuid?: string };
  pendingIfType?: number;
}

const REGISTRATIONS: Readonly<Record<string, string>> = {
  NdisMRegisterMiniportDriver: 'miniport',
  NdisRegisterProtocolDriver: 'protocol',
  NdisFRegisterFilterDriver: 'filter',
  NdisIfRegisterProvider: 'provider',
};

const CALLS = new Set([...Object.keys(REGISTRATIONS), 'NdisIMInitializeDeviceInstanceEx', 'InitializeHandlerEx', 'NdisIfRegisterInterface', 'NdisIfAllocateNetLuidIndex']);
const RETURNS = new Set(['NdisIfRegisterInterface', 'NdisIfAllocateNetLuidIndex', 'AttachHandler']);

/** Does an event of this kind and API (or packet hop between these components) change the topology? */
export function affectsTopology(kind: string, api: string | undefined, from?: string, to?: string): boolean {
  switch (kind) {
    case 'state':
      return true;
    case 'call':
      return CALLS.has(api ?? '');
    case 'return':
      return RETURNS.has(api ?? '');
    case 'packet':
      return !!(from?.startsWith('wire:') || to?.startsWith('wire:'));
    default:
      return false;
  }
}

/** The service name in a component: `protocol:TINYIP` → TINYIP, `filter:TINYLWF@eth0` → TINYLWF. */
export function serviceOf(component: string): string {
  const colon = component.indexOf(':');
  const rest = colon < 0 ? component : component.slice(colon + 1);
  const at = rest.indexOf('@');
  return at < 0 ? rest : rest.slice(0, at);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export class TopologyBuilder {
  private readonly hosts = new Map<string, HostState>();
  private readonly wires = new Map<string, Set<string>>();
  /** Set whenever an event changed the topology; cleared by the reader. */
  dirty = false;

  private host(name: string): HostState {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, state: 'up', drivers: new Map(), adapters: new Map(), interfaces: new Map(), netLuidIndexes: [], imInstances: new Map() };
      this.hosts.set(name, h);
      this.dirty = true;
    }
    return h;
  }

  private adapter(h: HostState, name: string): AdapterState {
    let a = h.adapters.get(name);
    if (!a) {
      const im = h.imInstances.get(name);
      a = { name, state: 'Halted', ...(im ?? h.lastMiniportDriver ? { driver: im ?? h.lastMiniportDriver } : {}), virtual: im !== undefined, filters: new Map(), bindings: new Map(), wires: new Set() };
      h.adapters.set(name, a);
    }
    return a;
  }

  private driver(h: HostState, name: string): { name: string; state: string; kinds: Set<string> } {
    let d = h.drivers.get(name);
    if (!d) {
      d = { name, state: 'loaded', kinds: new Set() };
      h.drivers.set(name, d);
    }
    return d;
  }

  add(e: TraceEventData): void {
    if (e.host === 'world') return;
    switch (e.kind) {
      case 'state':
        this.state(e);
        break;
      case 'call':
        this.call(e);
        break;
      case 'return':
        this.ret(e);
        break;
      case 'packet':
        this.packet(e);
        break;
      default:
        break;
    }
  }

  private state(e: TraceEventData): void {
    const h = this.host(e.host);
    const name = e.name ?? '';
    const to = e.to ?? '';
    this.dirty = true;
    switch (e.object) {
      case 'host':
        h.state = to;
        break;
      case 'driver':
        this.driver(h, name).state = to;
        break;
      case 'adapter':
        this.adapter(h, name).state = to;
        break;
      case 'binding': {
        const at = name.lastIndexOf('@');
        if (at < 0) break;
        const protocol = name.slice(0, at);
        this.adapter(h, name.slice(at + 1)).bindings.set(protocol, { protocol, state: to });
        break;
      }
      case 'filter-module': {
        const at = name.lastIndexOf('@');
        if (at < 0) break;
        const a = this.adapter(h, name.slice(at + 1));
        const f = a.filters.get(name);
        if (f) f.state = to;
        else a.filters.set(name, { name, driver: name.slice(0, at), state: to });
        break;
      }
      case 'interface': {
        const ifIndex = Number(name);
        if (!Number.isInteger(ifIndex)) break;
        const i = h.interfaces.get(ifIndex);
        if (i) i.state = to;
        else h.interfaces.set(ifIndex, { ifIndex, provider: serviceOf(e.component), state: to, ...h.pendingInterface });
        break;
      }
      default:
        this.dirty = false;
    }
  }

  private call(e: TraceEventData): void {
    const h = this.host(e.host);
    const api = e.api ?? '';
    const kind = REGISTRATIONS[api];
    if (kind) {
      const d = this.driver(h, serviceOf(e.component));
      if (!d.kinds.has(kind)) {
        d.kinds.add(kind);
        this.dirty = true;
      }
      if (kind === 'miniport') h.lastMiniportDriver = d.name;
    } else if (api === 'NdisIMInitializeDeviceInstanceEx') {
      const instance = str(e.args?.instance);
      if (instance) h.imInstances.set(instance, serviceOf(e.component));
    } else if (api === 'InitializeHandlerEx' && e.component.startsWith('miniport:')) {
      const a = this.adapter(h, e.component.slice('miniport:'.length));
      const ifIndex = int(e.args?.ifIndex);
      if (ifIndex !== undefined) a.ifIndex = ifIndex;
      const luid = str(e.args?.netLuid);
      if (luid) a.netLuid = luid;
      this.dirty = true;
    } else if (api === 'NdisIfRegisterInterface') {
      h.pendingInterface = { ...(str(e.args?.name) ? { name: str(e.args?.name) } : {}), ...(str(e.args?.netLuid) ? { netLuid: str(e.args?.netLuid) } : {}) };
    } else if (api === 'NdisIfAllocateNetLuidIndex') {
      h.pendingIfType = int(e.args?.ifType);
    }
  }

  private ret(e: TraceEventData): void {
    const h = this.host(e.host);
    const api = e.api ?? '';
    if (api === 'NdisIfRegisterInterface') {
      const ifIndex = int(e.out?.ifIndex);
      if (ifIndex !== undefined) {
        const i = h.interfaces.get(ifIndex);
        if (i && h.pendingInterface) Object.assign(i, h.pendingInterface);
        else if (!i && (e.status ?? 'NDIS_STATUS_SUCCESS') === 'NDIS_STATUS_SUCCESS') h.interfaces.set(ifIndex, { ifIndex, provider: serviceOf(e.component), state: 'registered', ...h.pendingInterface });
        this.dirty = true;
      }
      h.pendingInterface = undefined;
    } else if (api === 'NdisIfAllocateNetLuidIndex') {
      const index = int(e.out?.netLuidIndex);
      if (index !== undefined) {
        h.netLuidIndexes.push({ driver: serviceOf(e.component), ...(h.pendingIfType !== undefined ? { ifType: h.pendingIfType } : {}), index });
        this.dirty = true;
      }
    } else if (api === 'AttachHandler' && e.component.startsWith('filter:')) {
      const ifIndex = int(e.out?.ifIndex);
      const name = e.component.slice('filter:'.length);
      const at = name.lastIndexOf('@');
      if (ifIndex !== undefined && at > 0) {
        const a = this.adapter(h, name.slice(at + 1));
        const f = a.filters.get(name) ?? { name, driver: name.slice(0, at), state: 'Attaching' };
        f.ifIndex = ifIndex;
        a.filters.set(name, f);
        this.dirty = true;
      }
    }
  }

  private packet(e: TraceEventData): void {
    const wire = e.from?.startsWith('wire:') ? e.from : e.to?.startsWith('wire:') ? e.to : undefined;
    const nic = wire === e.from ? e.to : e.from;
    if (!wire || !nic?.startsWith('miniport:')) return;
    const adapter = nic.slice('miniport:'.length);
    const end = `${e.host}/${adapter}`;
    let ends = this.wires.get(wire);
    if (!ends) {
      ends = new Set();
      this.wires.set(wire, ends);
    }
    if (!ends.has(end)) {
      ends.add(end);
      this.adapter(this.host(e.host), adapter).wires.add(wire.slice('wire:'.length));
      this.dirty = true;
    }
  }

  /** An independent copy (checkpoints for "the topology at event N"). */
  clone(): TopologyBuilder {
    const c = new TopologyBuilder();
    for (const [name, h] of this.hosts) {
      c.hosts.set(name, {
        ...h,
        drivers: new Map([...h.drivers].map(([k, d]) => [k, { ...d, kinds: new Set(d.kinds) }])),
        adapters: new Map([...h.adapters].map(([k, a]) => [k, {
          ...a,
          filters: new Map([...a.filters].map(([fk, f]) => [fk, { ...f }])),
          bindings: new Map([...a.bindings].map(([bk, b]) => [bk, { ...b }])),
          wires: new Set(a.wires),
        }])),
        interfaces: new Map([...h.interfaces].map(([k, i]) => [k, { ...i }])),
        netLuidIndexes: h.netLuidIndexes.map((n) => ({ ...n })),
        imInstances: new Map(h.imInstances),
        ...(h.pendingInterface ? { pendingInterface: { ...h.pendingInterface } } : {}),
      });
    }
    for (const [w, ends] of this.wires) c.wires.set(w, new Set(ends));
    return c;
  }

  /**
   * A plain-data copy (safe to post). `cabling`: a builder that has seen more of the trace, whose
   * wires are shown too (cables do not come and go; a wire is only seen when a frame crosses it).
   */
  snapshot(cabling?: TopologyBuilder): Topology {
    if (cabling && cabling !== this) {
      for (const [wire, ends] of cabling.wires) {
        for (const end of ends) {
          const [host, adapter] = end.split('/') as [string, string];
          const h = this.hosts.get(host);
          const a = h?.adapters.get(adapter);
          if (!a) continue;
          let mine = this.wires.get(wire);
          if (!mine) this.wires.set(wire, (mine = new Set()));
          mine.add(end);
          a.wires.add(wire.slice('wire:'.length));
        }
      }
    }
    const hosts: TopologyHost[] = [...this.hosts.values()].map((h) => ({
      name: h.name,
      state: h.state,
      drivers: [...h.drivers.values()].map((d) => ({ name: d.name, state: d.state, kinds: [...d.kinds] })),
      adapters: [...h.adapters.values()].map((a): TopologyAdapter => ({
        name: a.name, state: a.state, virtual: a.virtual,
        ...(a.driver ? { driver: a.driver } : {}), ...(a.ifIndex !== undefined ? { ifIndex: a.ifIndex } : {}), ...(a.netLuid ? { netLuid: a.netLuid } : {}),
        filters: [...a.filters.values()].map((f) => ({ ...f })),
        bindings: [...a.bindings.values()].map((b) => ({ ...b })),
        wires: [...a.wires],
      })),
      interfaces: [...h.interfaces.values()].map((i) => ({ ...i })),
      netLuidIndexes: h.netLuidIndexes.map((n) => ({ ...n })),
    }));
    return { hosts, wires: [...this.wires].map(([name, ends]) => ({ name: name.slice('wire:'.length), ends: [...ends] })) };
  }
}
