/**
 * Driver execution: the user's C drivers interpreted inside the simulator.
 *   exec.filter_send_nbls_per_s         NBLs per second through the example filter's interpreted
 *                                       send path (TunLwfSendNetBufferLists → NdisFSendNetBufferLists,
 *                                       and back through TunLwfSendNetBufferListsComplete), in
 *                                       chains of 64 between a minimal protocol and a miniport that
 *                                       completes at once (both TypeScript, so the C path dominates)
 *   exec.filter_send_per_nbl_nbls_per_s the same with a blocked EtherType set, so the filter walks
 *                                       every NBL and reads its header (NdisGetDataBuffer)
 *   exec.<example>_load_ms              preprocess, parse and compile of the example (scenario check)
 *   exec.<example>_lifecycle_ms         DriverEntry to the end of its unload in its default scenario
 *                                       (`ndiswb run --driver`: binds, traffic, PnP events, unload)
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../../simulator/src/run/run';
import type { NdisApi } from '../../simulator/src/ndis/api';
import type { DriverImage } from '../../simulator/src/ndis/driverImage';
import { Nbl } from '../../simulator/src/ndis/nbl';
import { NDIS_STATUS_SUCCESS } from '../../simulator/src/ndis/status';
import { NdisMedium802_3, out, type BindParameters, type DriverObject, type NdisHandle, type NetBufferList } from '../../simulator/src/ndis/types';
import { header } from '../../simulator/src/drivers/common';
import type { TraceEvent, TraceSink } from '../../simulator/src/trace/events';
import { createUserDriverLoader, defaultScenario, detectKind, detectRoles, detectServiceName } from '../../simulator/src/user';
import type { UserDriverLoader } from '../../simulator/src/user';
import { World } from '../../simulator/src/world/world';
import type { WorldSpec } from '../../simulator/src/world/spec';
import { cParser } from '../unit/exec/helpers';
import { median, type Metric } from './types';

export const name = 'exec';

const ROOT = path.resolve(__dirname, '..', '..');
const CHAIN = 64;
const ROUNDS = 400;

/** A miniport that completes every send at once, and a protocol that sends chains on request. */
function benchDrivers(): { miniport: DriverImage; protocol: DriverImage; send: (blocked: boolean) => number } {
  let mp!: NdisApi;
  let adapter: NdisHandle | undefined;
  const mini: DriverImage = {
    serviceName: 'BENCHMP', roles: ['miniport'],
    DriverEntry(api: NdisApi, dobj: DriverObject, reg: string) {
      mp = api;
      const ok = (): number => NDIS_STATUS_SUCCESS;
      return api.NdisMRegisterMiniportDriver(dobj, reg, null, {
        Header: header('NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0,
        InitializeHandlerEx(h) {
          adapter = h;
          let st = api.NdisMSetMiniportAttributes(h, { Header: header('NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES', 2), MiniportAdapterContext: 1, AttributeFlags: 0, CheckForHangTimeInSeconds: 0, InterfaceType: 0 });
          if (st === 0) {
            st = api.NdisMSetMiniportAttributes(h, {
              Header: { Type: 0x9f, Revision: 2, Size: 0 }, MediaType: NdisMedium802_3, MtuSize: 1500, MaxXmitLinkSpeed: 1e10, MaxRcvLinkSpeed: 1e10,
              MediaConnectState: 'connected', MacAddressLength: 6, PermanentMacAddress: Uint8Array.of(2, 0, 0, 0, 0, 1), CurrentMacAddress: Uint8Array.of(2, 0, 0, 0, 0, 1),
              SupportedPacketFilters: 0x2f, SupportedOidList: [],
            });
          }
          return st;
        },
        HaltHandlerEx: () => undefined, UnloadHandler: () => mp.NdisMDeregisterMiniportDriver(driverHandle.value!), PauseHandler: ok, RestartHandler: ok,
        OidRequestHandler: ok, SendNetBufferListsHandler: (_c, nbls: NetBufferList) => mp.NdisMSendNetBufferListsComplete(adapter!, nbls, 1),
        ReturnNetBufferListsHandler: () => undefined, CancelSendHandler: () => undefined, DevicePnPEventNotifyHandler: () => undefined,
        ShutdownHandlerEx: () => undefined, CancelOidRequestHandler: () => undefined,
      }, driverHandle);
    },
  };
  const driverHandle = out<NdisHandle>();
  let pa!: NdisApi;
  let binding: NdisHandle | undefined;
  let completed = 0;
  const protoHandle = out<NdisHandle>();
  const protocol: DriverImage = {
    serviceName: 'BENCHP', roles: ['protocol'],
    DriverEntry(api: NdisApi, dobj: DriverObject) {
      pa = api;
      dobj.DriverUnload = () => api.NdisDeregisterProtocolDriver(protoHandle.value!);
      return api.NdisRegisterProtocolDriver(null, {
        Header: header('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 2), MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 0, Flags: 0, Name: 'BENCHP',
        BindAdapterHandlerEx(_ctx, bc: NdisHandle, p: BindParameters) {
          const h = out<NdisHandle>();
          const st = api.NdisOpenAdapterEx(protoHandle.value!, 1, { Header: { Type: 0x87, Revision: 1, Size: 52 }, AdapterName: p.AdapterName, MediumArray: [NdisMedium802_3], MediumArraySize: 1, SelectedMediumIndex: out() }, bc, h);
          binding = h.value;
          return st;
        },
        UnbindAdapterHandlerEx: () => api.NdisCloseAdapterEx(binding!), OpenAdapterCompleteHandlerEx: () => undefined, CloseAdapterCompleteHandlerEx: () => undefined,
        NetPnPEventHandler: () => NDIS_STATUS_SUCCESS, OidRequestCompleteHandler: () => undefined, StatusHandlerEx: () => undefined,
        ReceiveNetBufferListsHandler: () => undefined,
        SendNetBufferListsCompleteHandler: (_ctx, nbls: NetBufferList) => {
          for (let n: NetBufferList | null = nbls; n; n = n.Next) completed++;
        },
      }, protoHandle);
    },
  };
  const send = (blocked: boolean): number => {
    const pool = pa.NdisAllocateNetBufferListPool(protoHandle.value!, { fAllocateNetBuffer: true, PoolTag: 0x68636e42 })!;
    const frame = new Uint8Array(60);
    frame.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, blocked ? 0x08 : 0x88, blocked ? 0x00 : 0xb5]);
    const nbls: Nbl[] = [];
    for (let i = 0; i < CHAIN; i++) {
      const n = pa.NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, frame, 0, frame.length) as Nbl;
      n.SourceHandle = binding!;
      nbls.push(n);
    }
    const round = (): void => {
      for (let i = 0; i < CHAIN; i++) nbls[i]!.Next = i + 1 < CHAIN ? nbls[i + 1]! : null;
      pa.NdisSendNetBufferLists(binding!, nbls[0]!, 0, 0);
    };
    for (let i = 0; i < 20; i++) round(); // warm up
    completed = 0;
    const t0 = performance.now();
    for (let i = 0; i < ROUNDS; i++) round();
    const s = (performance.now() - t0) / 1000;
    if (completed !== ROUNDS * CHAIN) throw new Error(`only ${completed} of ${ROUNDS * CHAIN} NBLs came back`);
    for (const n of nbls) pa.NdisFreeNetBufferList(n);
    pa.NdisFreeNetBufferListPool(pool);
    return Math.round((ROUNDS * CHAIN) / s);
  };
  return { miniport: mini, protocol, send };
}

/** NBLs/s through the C filter between the bench protocol and miniport. */
function filterSendRate(loader: UserDriverLoader, blockedEtherType: number): number {
  const d = benchDrivers();
  const filter = loader('examples/filter', 'filter', 'TUNLWF', { host: 'bench', dir: ROOT });
  if (typeof filter === 'string') throw new Error(filter);
  let rate = 0;
  const spec: WorldSpec = {
    seed: 1, watchdogNs: 10e9, wires: [], stop: { teardown: true },
    hosts: [{
      name: 'bench', ndisMinor: 89, nics: [], registry: new Map(), bindTo: new Map(), pendOpens: false, pendCloses: false,
      adapters: [{ name: 'eth0', driver: 'BENCHMP', virtual: false, mac: Uint8Array.of(2, 0, 0, 0, 0, 1), parameters: new Map() }],
      drivers: [
        { serviceName: 'BENCHMP', roles: ['miniport'], start: 'boot', create: () => d.miniport },
        { serviceName: 'TUNLWF', roles: filter.roles, start: 'boot', create: () => filter },
        { serviceName: 'BENCHP', roles: ['protocol'], start: 'boot', create: () => d.protocol },
      ],
    }],
    actions: [{
      at: 1000, label: 'bench', run: () => {
        if (blockedEtherType) {
          const img = filter as unknown as { rt: { interp: { global(n: string): number | undefined; memory: { w32(a: number, v: number): void } } } };
          img.rt.interp.memory.w32(img.rt.interp.global('g_TunLwfBlockedEtherType')!, blockedEtherType);
        }
        rate = d.send(blockedEtherType !== 0);
      },
    }],
  };
  const world = new World(spec, [], { maxEvents: 1e9, maxVirtualNs: 1e12, maxWallMs: 600_000 });
  loader.bindWorld(world);
  const r = world.run();
  if (r.reason !== 'idle' || r.violations) throw new Error(`bench world ended with ${r.reason} (${r.violations} violations): ${r.bugcheck?.reason ?? r.budget?.message ?? ''}`);
  return rate;
}

/** Wall time from the driver's DriverEntry call to the end of its unload in its default scenario. */
function lifecycleMs(loader: () => UserDriverLoader, folder: string): { load: number; lifecycle: number } {
  const abs = path.join(ROOT, folder);
  const kind = detectKind(abs)!;
  const svc = detectServiceName(abs);
  const text = defaultScenario({ source: abs, kind, serviceName: svc, provider: detectRoles(abs, kind).includes('provider') });
  let t0 = 0;
  let t1 = 0;
  const sink: TraceSink = {
    write(e: TraceEvent) {
      if (e.kind === 'call' && e.api === 'DriverEntry' && e.component === `driver:${svc}`) t0 = performance.now();
      else if (e.kind === 'state' && e.object === 'driver' && e.name === svc && e.to === 'unloaded') t1 = performance.now();
    },
  };
  const l = loader();
  const wrapped = ((source: string, k: string, s: string, c?: Parameters<UserDriverLoader>[3]) => {
    const a = performance.now();
    const r = l(source, k, s, c);
    load ||= performance.now() - a;
    return r;
  }) as UserDriverLoader;
  let load = 0;
  wrapped.bindWorld = (w) => l.bindWorld(w);
  wrapped.unmodelled = () => l.unmodelled();
  wrapped.driverFailures = () => l.driverFailures();
  const o = runScenario({ text, file: `${folder}.yaml`, dir: ROOT, userDriverLoader: wrapped, sinks: [sink] });
  if (o.kind !== 'ran' || o.result.violations || o.result.bugcheck || !t1) throw new Error(`${folder}: the default scenario did not run cleanly`);
  return { load, lifecycle: t1 - t0 };
}

export async function run(): Promise<Metric[]> {
  const parser = await cParser();
  const loader = (): UserDriverLoader => createUserDriverLoader({ parser });
  const round1 = (x: number): number => Math.round(x * 10) / 10;
  const metrics: Metric[] = [
    { name: 'exec.filter_send_nbls_per_s', value: median([1, 2, 3].map(() => filterSendRate(loader(), 0))), unit: 'NBLs/s', target: { min: 100_000 } },
    { name: 'exec.filter_send_per_nbl_nbls_per_s', value: median([1, 2, 3].map(() => filterSendRate(loader(), 0x0800 + 1))), unit: 'NBLs/s' },
  ];
  for (const [label, folder] of [['protocol', 'examples/protocol'], ['filter', 'examples/filter'], ['mux', 'examples/mux']] as const) {
    const runs = [1, 2, 3].map(() => lifecycleMs(loader, folder));
    metrics.push({ name: `exec.${label}_load_ms`, value: round1(median(runs.map((r) => r.load))), unit: 'ms' });
    metrics.push({ name: `exec.${label}_lifecycle_ms`, value: round1(median(runs.map((r) => r.lifecycle))), unit: 'ms' });
  }
  return metrics;
}
