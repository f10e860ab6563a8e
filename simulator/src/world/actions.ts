/**
 * The things a scenario can make happen, as functions on a running world: "user mode" requests
 * to a driver (IRP_MJ_DEVICE_CONTROL), frames arriving at a NIC, and the PnP operations of the
 * lifecycle module queued on the host's PnP queue.
 */
import { loadDriver, unloadDriver } from '../ndis/lifecycle';
import { statusName } from '../ndis/status';
import type { IoControlRequest } from '../ndis/types';
import type { World } from './world';

/** Send a device-control request to a loaded driver; logs when the driver cannot take it. */
export function deviceControl(world: World, hostName: string, service: string, request: IoControlRequest): void {
  const host = world.host(hostName);
  const d = host.drivers.get(service);
  const fn = d?.state === 'loaded' ? d.driverObject.DeviceControl : null;
  if (!d || !fn) {
    host.log('warn', `${request.Code} for ${service}: ${!d || d.state !== 'loaded' ? 'the driver is not loaded' : 'it has no IRP_MJ_DEVICE_CONTROL handler'}`);
    return;
  }
  const args: Record<string, string | number> = { code: request.Code };
  for (const [k, v] of Object.entries(request.Input)) if (typeof v === 'string' || typeof v === 'number') args[k] = v;
  const f = host.enterHandler(d.component, 'IRP_MJ_DEVICE_CONTROL', fn, args);
  const st = fn(d.driverObject, request);
  host.leaveHandler(f, st);
  if (st !== 0) host.log('warn', `${request.Code} for ${service} failed: ${statusName(st)}`);
}

/** A frame arrives at a host's NIC from outside (a scenario injection). */
export function inject(world: World, hostName: string, adapter: string, frame: Uint8Array): void {
  const nic = world.nic(hostName, adapter);
  if (!nic) world.host(hostName).log('warn', `inject: ${adapter} has no simulated NIC`);
  else nic.arrive(frame, 'scenario');
}

/** Load a demand-start driver (or reload an unloaded one). */
export function load(world: World, hostName: string, service: string): void {
  const host = world.host(hostName);
  const spec = world.driverSpec(hostName, service);
  if (!spec) return;
  const order = world.spec.hosts.find((h) => h.name === hostName)!.drivers.indexOf(spec);
  host.pnp(`load ${service}`, () => loadDriver(host, spec.create(), order));
}

/** Unload a driver (its unload routine runs; NDIS checks what it left registered). */
export function unload(world: World, hostName: string, service: string): void {
  const host = world.host(hostName);
  host.pnp(`unload ${service}`, () => unloadDriver(host, service));
}
