/**
 * From a schema-valid scenario to a WorldSpec: the topology checks the schema cannot express
 * (unknown drivers and adapters, adapters a driver cannot drive, self-looping or doubly-used
 * wires, duplicate names), defaults (MAC addresses, speeds, latencies), the registry the drivers
 * read, and the timed actions (traffic.ts). Every problem is a located ScenarioError.
 */
import { status as catalogStatus, versionByLabel } from '../../../common/src/catalog';
import { DEFAULT_BUDGET, type BudgetLimits } from '../engine/budget';
import { parseDuration, parseRate } from '../engine/units';
import { BUILTIN_DRIVERS } from '../drivers';
import type { AdapterSpec } from '../ndis/blocks';
import type { DriverImage } from '../ndis/driverImage';
import type { ConfigValue } from '../ndis/types';
import { parseMac } from '../packets/bytes';
import type { DriverSpec, HostSpec, NicSpec, TimedAction, WireSpec, WorldSpec } from '../world/spec';
import type { Locator, Path } from './load';
import type { RegistryValues, Scenario, ScenarioError, ScenarioHost } from './model';
import { compileEvents, compileTraffic } from './traffic';

/** What a scenario says about a `source:` driver beyond its folder, kind and name. */
export interface UserDriverContext {
  /** The host it is installed on. */
  readonly host?: string;
  /** The folder `source` is relative to. */
  readonly dir?: string;
  /** Preprocessor definitions instead of the .vcxproj's. */
  readonly defines?: readonly string[];
  /** Fault injection: DDI name → the status it fails with. */
  readonly failCalls?: ReadonlyMap<string, number>;
  /** A PASSIVE_LEVEL DDI at DISPATCH_LEVEL bug-checks (default) or is only reported. */
  readonly irqlBugCheck?: boolean;
}

/** A function the drivers called that nothing models (listed in the run summary). */
export interface UnmodelledCall {
  readonly name: string;
  readonly count: number;
  readonly sites: readonly string[];
}

/**
 * Creates the image of a `source:` driver; returns an error message when it cannot. The C
 * interpreter plugs in here (simulator/src/user). `bindWorld` is called with the world before it
 * runs; `unmodelled` lists, after the run, what the drivers called that nothing models.
 */
export interface UserDriverLoader {
  (source: string, kind: string, serviceName: string, context?: UserDriverContext): DriverImage | string;
  bindWorld?(world: { host(name: string): import('../ndis/host').NdisHost }): void;
  unmodelled?(): readonly UnmodelledCall[];
  /** After the run: the user drivers whose DriverEntry failed, as "SERVICE on host: status". */
  driverFailures?(): readonly string[];
}

/** NT status names a scenario may give (and user-driver messages print). */
export const NT_STATUS: Readonly<Record<string, number>> = {
  STATUS_SUCCESS: 0, STATUS_UNSUCCESSFUL: 0xc0000001, STATUS_INVALID_PARAMETER: 0xc000000d, STATUS_INSUFFICIENT_RESOURCES: 0xc000009a,
  STATUS_NOT_SUPPORTED: 0xc00000bb, STATUS_OBJECT_NAME_COLLISION: 0xc0000035, STATUS_DEVICE_NOT_READY: 0xc00000a3, STATUS_ACCESS_DENIED: 0xc0000022,
  STATUS_NO_MEMORY: 0xc0000017, STATUS_INVALID_DEVICE_REQUEST: 0xc0000010,
};

/** A status named in `failCalls:` (NDIS_STATUS_ / STATUS_ name, number or 0x hex). */
function statusValue(v: string | number): number | undefined {
  if (typeof v === 'number') return v >>> 0;
  if (/^0x[0-9a-f]+$/i.test(v)) return Number(v) >>> 0;
  return catalogStatus(v)?.value ?? NT_STATUS[v];
}

export interface CompileOptions {
  /** Folder that relative paths (pcap, source) are resolved against. */
  readonly dir: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Overrides limits.maxEvents. */
  readonly maxEvents?: number;
  readonly userDriverLoader?: UserDriverLoader;
  /** Reads a file (tests substitute it); default fs.readFileSync. */
  readonly readFile?: (path: string) => Uint8Array;
}

export interface Compiled {
  readonly spec: WorldSpec;
  readonly budget: BudgetLimits;
}

/** Shared state of one compilation. */
export interface Ctx {
  readonly loc: Locator;
  readonly errors: ScenarioError[];
  readonly opts: CompileOptions;
  readonly hosts: Map<string, { readonly spec: HostSpec; readonly raw: ScenarioHost }>;
  readonly wires: Map<string, WireSpec>;
  /** `host/SERVICE` of `source:` drivers that failed to load (references to them are not reported again). */
  readonly unbuilt?: Set<string>;
}

export function err(ctx: Ctx, path: Path, message: string, key?: string): void {
  ctx.errors.push(ctx.loc.error(path, message, key));
}

/** A duration that the schema has already checked. */
export function ns(ctx: Ctx, v: number | string | undefined, path: Path, fallback: number): number {
  if (v === undefined) return fallback;
  const d = parseDuration(v);
  if (d === undefined) {
    err(ctx, path, `"${v}" is not a duration`);
    return fallback;
  }
  return d;
}

function registry(into: Map<string, Map<string, ConfigValue>>, section: string, values: RegistryValues | undefined): void {
  if (!values) return;
  let m = into.get(section);
  if (!m) into.set(section, (m = new Map()));
  for (const [k, v] of Object.entries(values)) m.set(k, typeof v === 'number' ? { ParameterType: 'integer', IntegerData: v } : { ParameterType: 'string', StringData: v });
}

function compileHost(ctx: Ctx, h: ScenarioHost, hi: number, defaultVersion: string): HostSpec {
  const base: Path = ['hosts', hi];
  const version = versionByLabel(h.ndisVersion ?? defaultVersion);
  if (!version) err(ctx, base, `unknown NDIS version ${h.ndisVersion ?? defaultVersion}`, 'ndisVersion');
  const drivers: DriverSpec[] = [];
  const reg = new Map<string, Map<string, ConfigValue>>();
  const adapterNames = new Set((h.adapters ?? []).map((a) => a.name));
  h.drivers.forEach((d, di) => {
    const p: Path = [...base, 'drivers', di];
    if ((d.builtin === undefined) === (d.source === undefined)) return err(ctx, p, 'give exactly one of `builtin:` and `source:`');
    const svc = d.name ?? d.builtin ?? '';
    if (!svc) return err(ctx, p, '`source:` drivers need a `name:` (the service name)');
    if (drivers.some((x) => x.serviceName === svc)) return err(ctx, p, `a driver named ${svc} is already installed on ${h.name}`, 'name' in d ? 'name' : 'builtin');
    let create: () => DriverImage;
    let roles: DriverImage['roles'];
    if (d.builtin) {
      if (d.defines || d.failCalls) return err(ctx, p, '`defines:` and `failCalls:` apply to `source:` drivers only', d.defines ? 'defines' : 'failCalls');
      const b = BUILTIN_DRIVERS[d.builtin]!;
      roles = b.roles;
      create = () => b.create(svc);
    } else {
      if (!d.kind) return err(ctx, p, '`source:` drivers need `kind:` (protocol, miniport, filter, intermediate or provider)');
      const failCalls = new Map<string, number>();
      for (const [name, v] of Object.entries(d.failCalls ?? {})) {
        const st = statusValue(v);
        if (st === undefined) return err(ctx, [...p, 'failCalls'], `unknown status ${v}`, name);
        failCalls.set(name, st);
      }
      const context: UserDriverContext = {
        host: h.name, dir: ctx.opts.dir, failCalls, ...(d.defines ? { defines: d.defines } : {}),
        ...(h.ndis?.irqlBugCheck !== undefined ? { irqlBugCheck: h.ndis.irqlBugCheck } : {}),
      };
      const loader = ctx.opts.userDriverLoader;
      const probe = loader ? loader(d.source!, d.kind, svc, context) : 'running your own driver code needs driver execution, which `ndiswb run` provides; this caller passed no userDriverLoader';
      if (typeof probe === 'string') {
        ctx.unbuilt?.add(`${h.name}/${svc}`);
        return err(ctx, p, probe, 'source');
      }
      roles = probe.roles;
      create = () => {
        const image = loader!(d.source!, d.kind!, svc, context);
        if (typeof image === 'string') throw new Error(`${svc}: ${image}`);
        return image;
      };
    }
    drivers.push({ serviceName: svc, roles, start: d.start ?? 'boot', create });
    registry(reg, svc, d.parameters);
    for (const [adapter, values] of Object.entries(d.adapterParameters ?? {})) {
      if (!adapterNames.has(adapter)) err(ctx, [...p, 'adapterParameters'], `${h.name} has no adapter ${adapter}`, adapter);
      registry(reg, `${svc}\\Adapters\\${adapter}`, values);
      registry(reg, `${svc}\\${adapter}`, values);
    }
    (d.bindTo ?? []).forEach((a, i) => {
      if (!adapterNames.has(a)) err(ctx, [...p, 'bindTo', i], `${h.name} has no adapter ${a}`);
    });
  });
  const adapters: AdapterSpec[] = [];
  const nics: NicSpec[] = [];
  (h.adapters ?? []).forEach((a, ai) => {
    const p: Path = [...base, 'adapters', ai];
    if (adapters.some((x) => x.name === a.name)) return err(ctx, p, `${h.name} already has an adapter named ${a.name}`, 'name');
    const d = drivers.find((x) => x.serviceName === a.driver);
    if (!d) return err(ctx, p, `no driver ${a.driver} is installed on ${h.name}`, 'driver');
    const virtual = a.virtual === true;
    if (virtual && !d.roles.includes('intermediate')) return err(ctx, p, `${a.driver} is not an intermediate driver; only an IM driver's adapters can be virtual`, 'virtual');
    if (!virtual && !d.roles.includes('miniport')) return err(ctx, p, `${a.driver} does not drive physical adapters${d.roles.includes('intermediate') ? ' (an intermediate driver\'s adapters are `virtual: true`)' : ''}`, 'driver');
    const mac = a.mac ? parseMac(a.mac)! : Uint8Array.of(2, 0, 0, 0, (hi + 1) & 0xff, (ai + 1) & 0xff);
    adapters.push({ name: a.name, driver: a.driver, virtual, mac, parameters: new Map() });
    registry(reg, a.name, a.parameters);
    if (!virtual) nics.push({ adapter: a.name, mac, speedBps: a.speed !== undefined ? (parseRate(a.speed) ?? 1e9) : 1e9, mtu: a.mtu ?? 1500 });
  });
  const bindTo = new Map<string, Set<string>>();
  h.drivers.forEach((d) => {
    if (d.bindTo) bindTo.set(d.name ?? d.builtin ?? '', new Set(d.bindTo));
  });
  return {
    name: h.name, ndisMinor: version?.minor ?? 89, drivers, adapters, nics, registry: reg, bindTo,
    pendOpens: h.ndis?.pendOpens ?? false, pendCloses: h.ndis?.pendCloses ?? false,
  };
}

/** The errors without those that only say a `source:` driver that failed to load is missing. */
function withoutFollowOns(ctx: Ctx): ScenarioError[] {
  const gone = ctx.unbuilt ?? new Set<string>();
  if (!gone.size) return ctx.errors;
  return ctx.errors.filter((e) => {
    const has = /(?:^|: )(\S+) has no (?:protocol )?driver (\S+)$/.exec(e.message);
    const inst = /(?:^|: )no driver (\S+) is installed on (\S+)$/.exec(e.message);
    const ref = has ? `${has[1]}/${has[2]}` : inst ? `${inst[2]}/${inst[1]}` : undefined;
    return !ref || !gone.has(ref);
  });
}

/** Resolve "host/adapter" to an existing physical adapter; reports and returns undefined otherwise. */
export function nicRef(ctx: Ctx, ref: string, path: Path, key?: string): { host: string; adapter: string } | undefined {
  const [host, adapter] = ref.split('/') as [string, string];
  const h = ctx.hosts.get(host);
  if (!h) return void err(ctx, path, `no host named ${host}`, key);
  const a = h.spec.adapters.find((x) => x.name === adapter);
  if (!a) return void err(ctx, path, `${host} has no adapter ${adapter}`, key);
  if (a.virtual) return void err(ctx, path, `${ref} is a virtual adapter; it has no NIC`, key);
  return { host, adapter };
}

function compileWires(ctx: Ctx, s: Scenario): void {
  const used = new Map<string, string>();
  (s.wires ?? []).forEach((w, wi) => {
    const p: Path = ['wires', wi];
    if (ctx.wires.has(w.name)) return err(ctx, p, `there is already a wire named ${w.name}`, 'name');
    if ((w.between === undefined) === (w.loopback === undefined)) return err(ctx, p, 'give exactly one of `between:` (two NICs) and `loopback:` (one NIC)');
    const refs = w.between ?? [w.loopback!];
    const ends = refs.map((r, i) => nicRef(ctx, r, w.between ? [...p, 'between', i] : p, w.between ? undefined : 'loopback'));
    if (ends.some((e) => !e)) return;
    if (w.between && refs[0] === refs[1]) return err(ctx, p, `the wire connects ${refs[0]} to itself; use \`loopback: ${refs[0]}\` for a loopback plug`, 'between');
    for (const r of refs) {
      const other = used.get(r);
      if (other) return err(ctx, p, `${r} is already plugged into wire ${other}; a NIC takes one cable`, w.between ? 'between' : 'loopback');
      used.set(r, w.name);
    }
    ctx.wires.set(w.name, {
      name: w.name, a: ends[0]!, b: w.between ? ends[1]! : null,
      latencyNs: ns(ctx, w.latency, [...p, 'latency'], 5000), bandwidthBps: w.bandwidth !== undefined ? (parseRate(w.bandwidth) ?? 1e9) : 1e9,
      loss: w.loss ?? 0, plugged: w.plugged ?? true,
    });
  });
}

/** Compile a schema-valid scenario. Never throws for a bad scenario: errors are returned. */
export function compileScenario(s: Scenario, loc: Locator, opts: CompileOptions): { compiled?: Compiled; errors: ScenarioError[] } {
  const ctx: Ctx = { loc, errors: [], opts, hosts: new Map(), wires: new Map(), unbuilt: new Set() };
  s.hosts.forEach((h, hi) => {
    if (ctx.hosts.has(h.name)) return err(ctx, ['hosts', hi], `there is already a host named ${h.name}`, 'name');
    ctx.hosts.set(h.name, { spec: compileHost(ctx, h, hi, s.ndisVersion ?? '6.89'), raw: h });
  });
  compileWires(ctx, s);
  const actions: TimedAction[] = [...compileTraffic(ctx, s), ...compileEvents(ctx, s)];
  const stopAt = s.stop?.at !== undefined ? ns(ctx, s.stop.at, ['stop', 'at'], 0) : undefined;
  const l = s.limits ?? {};
  const budget: BudgetLimits = {
    maxEvents: opts.maxEvents ?? l.maxEvents ?? DEFAULT_BUDGET.maxEvents,
    maxVirtualNs: ns(ctx, l.maxVirtualTime, ['limits', 'maxVirtualTime'], DEFAULT_BUDGET.maxVirtualNs),
    maxWallMs: ns(ctx, l.maxWallTime, ['limits', 'maxWallTime'], DEFAULT_BUDGET.maxWallMs * 1e6) / 1e6,
  };
  if (ctx.errors.length) return { errors: withoutFollowOns(ctx) };
  const spec: WorldSpec = {
    seed: opts.seed ?? s.seed ?? 1,
    hosts: [...ctx.hosts.values()].map((h) => h.spec),
    wires: [...ctx.wires.values()],
    actions: actions.sort((a, b) => a.at - b.at),
    stop: { ...(stopAt !== undefined ? { at: stopAt } : {}), ...(s.stop?.events !== undefined ? { events: s.stop.events } : {}), teardown: s.stop?.teardown ?? true },
    watchdogNs: ns(ctx, l.watchdog, ['limits', 'watchdog'], 10e9),
  };
  return { compiled: { spec, budget }, errors: [] };
}
