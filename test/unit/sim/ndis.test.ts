/**
 * The NDIS model against drivers with deliberate defects: built-in drivers whose NdisApi is
 * wrapped to misbehave, and a small probe driver that registers whatever characteristics a test
 * gives it. Each test checks the status, violation or bug check real NDIS would produce.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_DRIVERS } from '../../../simulator/src/drivers';
import type { NdisApi } from '../../../simulator/src/ndis/api';
import type { ProtocolDriverCharacteristics } from '../../../simulator/src/ndis/characteristics';
import type { DriverImage } from '../../../simulator/src/ndis/driverImage';
import { NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from '../../../simulator/src/ndis/status';
import { out, type NdisHandle } from '../../../simulator/src/ndis/types';
import type { TraceEvent } from '../../../simulator/src/trace/events';
import { MemorySink } from '../../../simulator/src/trace/tracer';
import type { DriverSpec, HostSpec, WorldSpec } from '../../../simulator/src/world/spec';
import { World, type RunResult } from '../../../simulator/src/world/world';
import { deviceControl, load, unload } from '../../../simulator/src/world/actions';
import { queryInterfaceNamed } from '../../../simulator/src/ndis/lifecycle';
import { oidByName } from '../../../simulator/src/ndis/oidNames';
import { ofKind } from './helpers';

type Wrap = (api: NdisApi) => Partial<NdisApi>;

/** A built-in driver whose NDIS calls go through `wrap` first. */
function wrapped(builtin: string, wrap: Wrap, service = builtin): DriverSpec {
  const b = BUILTIN_DRIVERS[builtin]!;
  return {
    serviceName: service, roles: b.roles, start: 'boot',
    create: () => {
      const img = b.create(service);
      return { ...img, DriverEntry: (api, d, p) => img.DriverEntry({ ...api, ...wrap(api) }, d, p) };
    },
  };
}

const plain = (builtin: string, service = builtin): DriverSpec => wrapped(builtin, () => ({}), service);

/** A protocol driver that registers `chars(defaults)` and reports the status. */
function probe(service: string, chars: (c: ProtocolDriverCharacteristics) => ProtocolDriverCharacteristics, then?: (api: NdisApi, h: NdisHandle) => number): DriverSpec {
  const noop = function ProbeNoop(): number {
    return 0;
  };
  const base: ProtocolDriverCharacteristics = {
    Header: { Type: 0x95, Revision: 2, Size: 128 }, MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0, Name: service,
    BindAdapterHandlerEx: function ProbeBind() { return 0xc0000001; }, UnbindAdapterHandlerEx: noop, OpenAdapterCompleteHandlerEx: noop, CloseAdapterCompleteHandlerEx: noop,
    NetPnPEventHandler: noop, OidRequestCompleteHandler: noop, ReceiveNetBufferListsHandler: noop, SendNetBufferListsCompleteHandler: noop,
  };
  const image: DriverImage = {
    serviceName: service, roles: ['protocol'],
    DriverEntry(api, dobj) {
      const h = out<NdisHandle>();
      const st = api.NdisRegisterProtocolDriver(null, chars(base), h);
      dobj.DriverUnload = function ProbeUnload() { if (h.value) api.NdisDeregisterProtocolDriver(h.value); };
      return st === NDIS_STATUS_SUCCESS && then ? then(api, h.value!) : st;
    },
  };
  return { serviceName: service, roles: ['protocol'], start: 'boot', create: () => image };
}

function host(name: string, drivers: DriverSpec[], opts: { ip?: string; adapterParams?: Record<string, number>; minor?: number; virtual?: boolean } = {}): HostSpec {
  const mac = Uint8Array.of(2, 0, 0, 0, name.length, name.charCodeAt(0));
  const reg = new Map<string, Map<string, { ParameterType: 'string'; StringData: string } | { ParameterType: 'integer'; IntegerData: number }>>();
  if (opts.ip) reg.set('TINYIP\\Adapters\\eth0', new Map([['IPAddress', { ParameterType: 'string', StringData: opts.ip }]]));
  reg.set('eth0', new Map(Object.entries(opts.adapterParams ?? {}).map(([k, v]) => [k, { ParameterType: 'integer' as const, IntegerData: v }])));
  reg.set('TINYMUX\\Adapters\\eth0', new Map([['UpperBindings', { ParameterType: 'string' as const, StringData: 'mux0' }]]));
  return {
    name, ndisMinor: opts.minor ?? 89, drivers,
    adapters: [{ name: 'eth0', driver: 'VETH', virtual: false, mac, parameters: new Map() }, ...(opts.virtual ? [{ name: 'mux0', driver: 'TINYMUX', virtual: true, mac, parameters: new Map() }] : [])],
    nics: [{ adapter: 'eth0', mac, speedBps: 1e9, mtu: 1500 }], registry: reg, bindTo: new Map(), pendOpens: false, pendCloses: false,
  };
}

function world(hosts: HostSpec[], actions: WorldSpec['actions'] = [], extra: Partial<WorldSpec> = {}): { result: RunResult; events: TraceEvent[] } {
  const mem = new MemorySink();
  const wires = hosts.length === 2 ? [{ name: 'w0', a: { host: hosts[0]!.name, adapter: 'eth0' }, b: { host: hosts[1]!.name, adapter: 'eth0' }, latencyNs: 1000, bandwidthBps: 1e9, loss: 0, plugged: true }] : [];
  const w = new World({ seed: 1, hosts, wires, actions, stop: { teardown: true }, watchdogNs: 1e6, ...extra }, [mem]);
  return { result: w.run(), events: mem.events };
}

const ping = (from: string, to: string, count = 1): WorldSpec['actions'][number] => ({ at: 1e6, label: 'ping', run: (w) => deviceControl(w, from, 'TINYIP', { Code: 'PING', Input: { to, count, intervalNs: 1e6 } }) });

describe('ndis: registration', () => {
  it('answers bad characteristics with the status real NDIS returns, and DriverEntry fails', () => {
    const { events, result } = world([host('pc', [probe('PROBE', (c) => ({ ...c, BindAdapterHandlerEx: null }))])]);
    const ret = ofKind(events, 'return').find((r) => r.api === 'NdisRegisterProtocolDriver')!;
    assert.equal(ret.status, 'NDIS_STATUS_BAD_CHARACTERISTICS');
    assert.ok(ofKind(events, 'log').some((l) => /BindAdapterHandlerEx is NULL; NDIS requires it \[CH6\]/.test(l.message)));
    assert.ok(ofKind(events, 'state').some((s) => s.object === 'driver' && s.to === 'failed'));
    assert.equal(result.violations, 0);
  });

  it('BAD_VERSION for a driver newer than the machine', () => {
    const { events } = world([host('pc', [probe('PROBE', (c) => ({ ...c, MinorNdisVersion: 80 }))], { minor: 30 })]);
    assert.equal(ofKind(events, 'return').find((r) => r.api === 'NdisRegisterProtocolDriver')!.status, 'NDIS_STATUS_BAD_VERSION');
  });

  it('calls SetOptions inside the registration call', () => {
    const setOptions = function ProbeSetOptions(): number {
      return 0;
    };
    const { events } = world([host('pc', [probe('PROBE', (c) => ({ ...c, SetOptionsHandler: setOptions }))])]);
    const seq = events.filter((e) => (e.kind === 'call' || e.kind === 'return') && ['NdisRegisterProtocolDriver', 'SetOptionsHandler'].includes(e.api)).map((e) => `${e.kind} ${(e as { api: string }).api}`);
    assert.deepEqual(seq, ['call NdisRegisterProtocolDriver', 'call SetOptionsHandler', 'return SetOptionsHandler', 'return NdisRegisterProtocolDriver']);
  });

  it('reports a DriverEntry that fails after registering without deregistering', () => {
    const { result, events } = world([host('pc', [probe('PROBE', (c) => c, () => 0xc0000001)])]);
    assert.equal(result.violations, 1);
    assert.match(ofKind(events, 'violation')[0]!.message, /DriverEntry failed but it is still registered as a protocol/);
  });

  it('never binds a protocol whose Name is not its service name', () => {
    const { events } = world([host('pc', [plain('VETH'), probe('PROBE', (c) => ({ ...c, Name: 'OTHER' }))])]);
    assert.ok(!ofKind(events, 'call').some((c) => c.api === 'BindAdapterHandlerEx'));
    assert.ok(ofKind(events, 'log').some((l) => /Name "OTHER" differs from the service name "PROBE"; NDIS cannot bind/.test(l.message)));
  });

  it('unloading a miniport driver that never deregisters is bug check 0x7C/0x0A', () => {
    const keep = wrapped('VETH', () => ({ NdisMDeregisterMiniportDriver: () => undefined }));
    const { result } = world([host('pc', [keep])]);
    assert.equal(result.bugcheck?.params[0], '0xa');
  });
});

describe('ndis: data path and state machines', () => {
  it('indications with NDIS_RECEIVE_FLAGS_RESOURCES are never returned, and nothing leaks', () => {
    const { result, events } = world([host('alice', [plain('VETH'), plain('TINYIP')], { ip: '10.0.0.1/24' }), host('bob', [plain('VETH'), plain('TINYLWF'), plain('TINYIP')], { ip: '10.0.0.2/24', adapterParams: { RxResourcesAt: 1 } })], [ping('alice', '10.0.0.2', 2)]);
    assert.equal(result.violations, 0);
    const resourcesCalls = ofKind(events, 'call').filter((c) => c.host === 'bob' && c.api === 'NdisMIndicateReceiveNetBufferLists' && c.args?.flags === 'NDIS_RECEIVE_FLAGS_RESOURCES');
    assert.ok(resourcesCalls.length >= 3);
    assert.equal(ofKind(events, 'packet').filter((p) => p.host === 'bob' && p.hop === 'return').length, 0);
    assert.equal(ofKind(events, 'log').filter((l) => /bytes from 10\.0\.0\.2/.test(l.message)).length, 2);
  });

  it('every send is completed and every indication returned in a clean run', () => {
    const { events } = world([host('alice', [plain('VETH'), plain('TINYLWF'), plain('TINYIP')], { ip: '10.0.0.1/24' }), host('bob', [plain('VETH'), plain('TINYIP')], { ip: '10.0.0.2/24' })], [ping('alice', '10.0.0.2', 3)]);
    const p = ofKind(events, 'packet');
    const sent = p.filter((e) => e.hop === 'send' && e.from.startsWith('protocol:')).map((e) => e.nbl).sort();
    const completed = p.filter((e) => e.hop === 'send-complete' && e.to.startsWith('protocol:')).map((e) => e.nbl).sort();
    assert.ok(sent.length >= 4);
    assert.deepEqual(completed, sent);
    const indicated = new Set(p.filter((e) => e.hop === 'indicate' && e.from.startsWith('miniport:')).map((e) => e.nbl));
    const returned = new Set(p.filter((e) => e.hop === 'return' && e.to.startsWith('miniport:')).map((e) => e.nbl));
    assert.deepEqual([...returned].sort(), [...indicated].sort());
  });

  it('NdisMPauseComplete with no pause pending is bug check 0x7C/0x1F', () => {
    const bad = wrapped('VETH', (api) => ({
      NdisMSendNetBufferListsComplete: (h, n, f) => {
        api.NdisMSendNetBufferListsComplete(h, n, f);
        api.NdisMPauseComplete(h);
      },
    }));
    const { result } = world([host('alice', [bad, plain('TINYIP')], { ip: '10.0.0.1/24' }), host('bob', [plain('VETH'), plain('TINYIP')], { ip: '10.0.0.2/24' })], [ping('alice', '10.0.0.2')]);
    assert.equal(result.bugcheck?.params[0], '0x1f');
    assert.match(result.bugcheck!.reason, /NdisMPauseComplete with no pause pending \(adapter Running\)/);
  });

  it('a pause that never completes ends in the watchdog bug check 0x7C/0x25', () => {
    const stuck = wrapped('TINYLWF', (api) => ({
      NdisFRegisterFilterDriver: (d, c, chars, h) => api.NdisFRegisterFilterDriver(d, c, { ...chars, PauseHandler: function StuckPause() { return NDIS_STATUS_PENDING; } }, h),
    }));
    const { result } = world([host('pc', [plain('VETH'), stuck])]);
    assert.equal(result.bugcheck?.params[0], '0x25');
    assert.match(result.bugcheck!.reason, /did not complete NdisFPauseComplete within 1ms/);
  });

  it('sending on a paused binding is a violation and completes with NDIS_STATUS_PAUSED', () => {
    const actions: WorldSpec['actions'] = [
      { at: 1e6, label: 'pause', run: (w) => w.host('alice').pnp('pause', () => [...w.host('alice').adapters.get('eth0')!.bindings].forEach((b) => (b.state = 'Paused'))) },
      { at: 2e6, label: 'send', run: (w) => deviceControl(w, 'alice', 'TINYIP', { Code: 'SEND', Input: { adapter: 'eth0', frame: new Uint8Array(60) } }) },
    ];
    const { events } = world([host('alice', [plain('VETH'), plain('TINYIP')], { ip: '10.0.0.1/24' })], actions);
    // Only NDIS's view of the binding is Paused here (TINYIP still thinks it runs), so TINYIP calls NdisSendNetBufferLists.
    const v = ofKind(events, 'violation').map((e) => e.rule);
    const paused = ofKind(events, 'packet').filter((p) => p.hop === 'send-complete' && p.status === 'NDIS_STATUS_PAUSED');
    assert.deepEqual(v, ['send-in-state']);
    assert.equal(paused.length, 1);
  });
});

describe('ndis: OIDs and interfaces', () => {
  it('completing a pended OID twice is bug check 0x7C/0x26', () => {
    const twice = wrapped('VETH', (api) => ({
      NdisMOidRequestComplete: (h, r, s) => {
        api.NdisMOidRequestComplete(h, r, s);
        api.NdisMOidRequestComplete(h, r, s);
      },
    }));
    const { result } = world([host('pc', [twice, plain('TINYLWF'), plain('TINYIP')], { ip: '10.0.0.1/24', adapterParams: { PendOids: 1 } })]);
    assert.equal(result.bugcheck?.params[0], '0x26');
  });

  it('a loop in the ifStackTable is bug check 0x7C/0x1B', () => {
    const loop = wrapped('TINYMUX', (api) => ({
      NdisIfAddIfStackEntry: (hi, lo) => {
        api.NdisIfAddIfStackEntry(hi, lo);
        return api.NdisIfAddIfStackEntry(lo, hi);
      },
    }));
    const { result } = world([host('pc', [plain('VETH'), loop], { virtual: true })]);
    assert.equal(result.bugcheck?.params[0], '0x1b');
  });

  it('NET_LUID indices: freeing with the wrong ifType fails, unknown lookups give INTERFACE_NOT_FOUND', () => {
    let statuses: number[] = [];
    const check = probe('PROBE', (c) => c, (api) => {
      const idx = out<number>();
      const a = api.NdisIfAllocateNetLuidIndex(53, idx);
      const b = api.NdisIfFreeNetLuidIndex(6, idx.value!);
      const c = api.NdisIfFreeNetLuidIndex(53, idx.value!);
      const d = api.NdisIfGetInterfaceIndexFromNetLuid({ IfType: 53, NetLuidIndex: 999 }, out());
      statuses = [a, b, c, d];
      return 0;
    });
    world([host('pc', [check])]);
    assert.deepEqual(statuses, [0, 0xc000000d, 0, 0xc023002b]);
  });

  it('an interface provider answers NDIS queries through ProviderQueryObject', () => {
    const { events } = world([host('pc', [plain('VETH'), plain('TINYMUX')], { virtual: true })], [
      { at: 1e6, label: 'q', run: (w) => w.host('pc').pnp('q', () => queryInterfaceNamed(w.host('pc'), 'TINYMUX internal', oidByName('OID_GEN_OPERATIONAL_STATUS')!)) },
    ]);
    const call = ofKind(events, 'call').find((c) => c.api === 'QueryObjectHandler')!;
    assert.equal(call.component, 'provider:TINYMUX');
    assert.equal(call.function, 'MuxQueryObject');
    const ret = ofKind(events, 'return').find((r) => r.api === 'QueryObjectHandler')!;
    assert.equal(ret.status, 'NDIS_STATUS_SUCCESS');
    assert.deepEqual(ret.out, { length: 4, value: 7 }, 'NET_IF_OPER_STATUS_LOWER_LAYER_DOWN: pc has no cable');
    assert.ok(ofKind(events, 'state').some((s) => s.object === 'interface' && s.to === 'not-registered'), 'TINYMUX deregisters its interface before its provider at unload');
  });

  it('a demand-start driver loads on a load action and leaves on unload', () => {
    const lwf: DriverSpec = { ...plain('TINYLWF'), start: 'demand' };
    const { events } = world([host('pc', [plain('VETH'), lwf])], [
      { at: 1e6, label: 'load', run: (w) => load(w, 'pc', 'TINYLWF') },
      { at: 2e6, label: 'unload', run: (w) => unload(w, 'pc', 'TINYLWF') },
    ]);
    const attach = ofKind(events, 'call').find((c) => c.api === 'AttachHandler')!;
    const detach = ofKind(events, 'call').find((c) => c.api === 'DetachHandler')!;
    assert.equal(attach.t, 1e6);
    assert.equal(detach.t, 2e6);
    // NDIS pauses the running stack before attaching and restarts it afterwards.
    const around = events.filter((e) => e.t === 1e6 && e.kind === 'state' && e.object === 'adapter').map((e) => (e as { to: string }).to);
    assert.deepEqual(around, ['Pausing', 'Paused', 'Restarting', 'Running']);
  });
});
