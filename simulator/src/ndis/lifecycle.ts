/**
 * Host-level operations: boot (load every driver in order, start adapters), driver load and
 * unload with their leftover checks, reboot (shutdown, forget all but the persistent store,
 * boot again) and the PnP operations a scenario can ask for (pause, restart, bind, unbind,
 * disable, enable, OID requests, provider queries).
 */
import { AdapterBlock, DriverBlock } from './blocks';
import { bindAll, startAdapter, haltAdapter, pauseStack, restartStack, shutdownAdapter } from './adapters';
import { bindProtocol, canBind, unbindBinding } from './bindings';
import { pointerText, paramText, P1 } from './bugcheck';
import type { DriverImage } from './driverImage';
import { attachModule, canAttach } from './filters';
import type { NdisHost } from './host';
import { queryInterface } from './interfaceDdis';
import { createNdisApi } from './ndisApi';
import { decodeOidData, oidName } from './oidNames';
import { newQuery, oidFromNdis } from './oids';
import { ntSuccess, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, statusName } from './status';
import { HaltAction, type DriverObject } from './types';

/** Boot: create the adapters, then load the drivers in order (each a PnP operation). */
export function bootHost(host: NdisHost, images: readonly DriverImage[]): void {
  host.bootedAt = host.now;
  host.state('host', host.name, 'ndis', 'off', 'up');
  for (const spec of host.config.adapters) host.adapters.set(spec.name, new AdapterBlock(spec));
  images.forEach((img, i) => host.pnp(`load ${img.serviceName}`, () => loadDriver(host, img, i)));
}

/** DriverEntry, then what NDIS does once it returns: start adapters, bind, attach. */
export function loadDriver(host: NdisHost, image: DriverImage, order: number): void {
  const svc = image.serviceName;
  const existing = host.drivers.get(svc);
  if (existing && existing.state !== 'unloaded') {
    host.log('warn', `${svc} is already loaded`);
    return;
  }
  const dobj: DriverObject = { DriverName: `\\Driver\\${svc}`, DriverUnload: null, DeviceControl: null };
  const d = new DriverBlock(svc, image, dobj, order);
  host.drivers.set(svc, d);
  host.state('driver', svc, d.component, 'unloaded', 'loading');
  const api = createNdisApi(host, d, host.inFlight);
  const entry = { name: 'DriverEntry', sourceLocation: (image.DriverEntry as { sourceLocation?: { file: string; line: number } }).sourceLocation };
  const f = host.enterHandler(d.component, 'DriverEntry', entry, { registryPath: `\\Registry\\Machine\\System\\CurrentControlSet\\Services\\${svc}` });
  const st = image.DriverEntry(api, dobj, `\\Registry\\Machine\\System\\CurrentControlSet\\Services\\${svc}`);
  host.leaveHandler(f, st);
  if (!ntSuccess(st) || st === NDIS_STATUS_PENDING) {
    if (st === NDIS_STATUS_PENDING) host.violation('driver-entry-pending', `${svc}: DriverEntry must not return NDIS_STATUS_PENDING`, d.component);
    leftovers(host, d, 'DriverEntry failed', 'violation');
    host.state('driver', svc, d.component, 'loading', 'failed');
    d.state = 'unloaded';
    return;
  }
  d.state = 'loaded';
  host.state('driver', svc, d.component, 'loading', 'loaded');
  for (const m of d.miniports) {
    if (m.intermediate) continue;
    for (const a of host.adapters.values()) {
      if (a.spec.driver === svc && !a.spec.virtual && a.state === 'Halted') {
        a.driver = m;
        startAdapter(host, a);
      }
    }
  }
  if (d.protocol) for (const a of host.adapters.values()) if (canBind(host, d.protocol, a)) bindProtocol(host, d.protocol, a);
  if (d.filter) {
    for (const a of host.adapters.values()) {
      if (!['Paused', 'Running'].includes(a.state) || !canAttach(host, d.filter, a)) continue;
      pauseStack(host, a);
      attachModule(host, d.filter, a);
      restartStack(host, a);
    }
  }
}

/** Registrations a driver left behind when it failed DriverEntry or unloaded. */
function leftovers(host: NdisHost, d: DriverBlock, when: string, severity: 'violation' | 'bugcheck'): void {
  if (d.miniports.length && severity === 'bugcheck') {
    host.bugCheck(P1.DRIVER_UNLOAD_UNEXPECTED, pointerText(d.miniports[0]!.id), paramText(0), paramText(0), `${d.serviceName} unloaded without NdisMDeregisterMiniportDriver; NDIS still holds its miniport driver registration`);
  }
  const left: string[] = [];
  if (d.miniports.length) left.push('a miniport driver (NdisMDeregisterMiniportDriver)');
  if (d.protocol) left.push('a protocol (NdisDeregisterProtocolDriver)');
  if (d.filter) left.push('a filter driver (NdisFDeregisterFilterDriver)');
  for (const p of d.providers) left.push(`an interface provider${p.interfaces.size ? ` with ${p.interfaces.size} interface(s)` : ''} (NdisIfDeregisterProvider)`);
  if (!left.length) return;
  host.violation(when === 'DriverEntry failed' ? 'driver-entry-failure-leak' : 'unload-without-deregister', `${d.serviceName}: ${when} but it is still registered as ${left.join(', ')}`, d.component);
  // NDIS forgets the registrations so that it never calls into an unloaded image.
  host.protocols = host.protocols.filter((p) => p.driver !== d);
  host.miniportDrivers = host.miniportDrivers.filter((m) => m.driver !== d);
  host.filterDrivers = host.filterDrivers.filter((f) => f.driver !== d);
  host.providers = host.providers.filter((p) => p.driver !== d);
  for (const p of d.providers) for (const e of p.interfaces) host.interfaces.remove(e);
}

/** Unload a driver: IM bindings first, adapters halted, then its unload routine. */
export function unloadDriver(host: NdisHost, svc: string): void {
  const d = host.drivers.get(svc);
  if (!d || d.state !== 'loaded') {
    host.log('warn', `unload ${svc}: the driver is not loaded`);
    return;
  }
  d.state = 'unloading';
  host.state('driver', svc, d.component, 'loaded', 'unloading');
  if (d.protocol && d.miniports.some((m) => m.intermediate)) for (const b of [...d.protocol.bindings]) unbindBinding(host, b);
  for (const m of d.miniports) for (const a of [...m.adapters]) haltAdapter(host, a, HaltAction.NdisHaltDeviceDisabled);
  const unload = d.miniports[0]?.chars.UnloadHandler;
  if (unload) {
    const f = host.enterHandler(d.component, 'UnloadHandler', unload, undefined);
    unload(d.driverObject);
    host.leaveHandler(f);
  } else if (d.driverObject.DriverUnload) {
    const fn = d.driverObject.DriverUnload;
    const f = host.enterHandler(d.component, 'DriverUnload', fn, undefined);
    fn(d.driverObject);
    host.leaveHandler(f);
  } else {
    host.log('error', `${svc} has no unload routine (DriverObject->DriverUnload is NULL); it cannot be unloaded`, d.component);
    d.state = 'loaded';
    return;
  }
  leftovers(host, d, 'its unload routine returned', 'bugcheck');
  d.state = 'unloaded';
  host.state('driver', svc, d.component, 'unloading', 'unloaded');
}

/** Reboot: MiniportShutdownEx on every adapter, forget everything volatile, boot after `delayNs`. */
export function rebootHost(host: NdisHost, images: readonly DriverImage[], delayNs: number, onPowerCycle: () => void): void {
  for (const a of host.adapters.values()) shutdownAdapter(host, a);
  host.state('host', host.name, 'ndis', 'up', 'rebooting');
  host.resetForBoot();
  onPowerCycle();
  host.at(host.now + delayNs, () => bootHost(host, images));
}

/** Unload every loaded driver, last loaded first (the end-of-run teardown). */
export function teardownHost(host: NdisHost): void {
  const loaded = [...host.drivers.values()].filter((d) => d.state === 'loaded').sort((x, y) => y.loadOrder - x.loadOrder);
  for (const d of loaded) unloadDriver(host, d.serviceName);
}

function adapterNamed(host: NdisHost, name: string): AdapterBlock | undefined {
  const a = host.adapters.get(name);
  if (!a) host.log('warn', `no adapter ${name}`);
  return a;
}

export function pauseAdapter(host: NdisHost, name: string): void {
  const a = adapterNamed(host, name);
  if (a && a.state === 'Running') pauseStack(host, a);
  else if (a) host.log('warn', `pause ${name}: the adapter is ${a.state}`);
}

export function restartAdapter(host: NdisHost, name: string): void {
  const a = adapterNamed(host, name);
  if (a && a.state === 'Paused') restartStack(host, a);
  else if (a) host.log('warn', `restart ${name}: the adapter is ${a.state}`);
}

export function disableAdapter(host: NdisHost, name: string): void {
  const a = adapterNamed(host, name);
  if (a) haltAdapter(host, a, HaltAction.NdisHaltDeviceDisabled);
}

export function enableAdapter(host: NdisHost, name: string): void {
  const a = adapterNamed(host, name);
  if (!a || a.state !== 'Halted') return;
  const m = host.miniportDrivers.find((x) => x.driver.serviceName === a.spec.driver && !x.intermediate);
  if (!m || a.spec.virtual) {
    host.log('warn', `enable ${name}: no loaded miniport driver ${a.spec.driver} can start it`);
    return;
  }
  a.driver = m;
  startAdapter(host, a);
}

export function unbindProtocol(host: NdisHost, svc: string, adapter: string): void {
  const b = [...(host.drivers.get(svc)?.protocol?.bindings ?? [])].find((x) => x.adapter.name === adapter);
  if (b) unbindBinding(host, b);
  else host.log('warn', `unbind: ${svc} is not bound to ${adapter}`);
}

export function bindProtocolTo(host: NdisHost, svc: string, adapter: string): void {
  const p = host.drivers.get(svc)?.protocol;
  const a = host.adapters.get(adapter);
  if (p && a && canBind(host, p, a)) bindProtocol(host, p, a);
  else if (a) bindAll(host, a);
}

/** An OID query or set that NDIS issues on behalf of "user mode". */
export function ndisOidRequest(host: NdisHost, adapter: string, oid: number, set?: Uint8Array): void {
  const a = adapterNamed(host, adapter);
  if (!a) return;
  const req = newQuery(oid, set ? set.length : 64);
  if (set) {
    req.RequestType = 1;
    req.InformationBuffer!.set(set);
  }
  const what = `${set ? 'set' : 'query'} ${oidName(oid)} on ${adapter}`;
  oidFromNdis(host, a, req, (st) => {
    const value = st === NDIS_STATUS_SUCCESS && !set ? ` = ${decodeOidData(oid, req.InformationBuffer, req.BytesWritten)}` : '';
    host.log(st === NDIS_STATUS_SUCCESS ? 'info' : 'warn', `OID ${what}: ${statusName(st)}${value}`);
  });
}

/** ProviderQueryObject for the interface with this friendly name or ifIndex. */
export function queryInterfaceNamed(host: NdisHost, name: string, oid: number): void {
  const e = [...host.interfaces.byIndex.values()].find((x) => x.name === name || String(x.ifIndex) === name);
  if (!e) {
    host.log('warn', `query-interface: no registered interface named ${name}`);
    return;
  }
  queryInterface(host, e, oid);
}
