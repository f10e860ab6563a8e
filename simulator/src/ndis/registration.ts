/**
 * NdisRegister/Deregister{Protocol,Miniport,Filter}Driver and the IM association (ndis-facts
 * §3.1–3.6, 3.13). Characteristics are validated with the catalog-driven check in
 * common/src/validation, so a bad structure gets the status real NDIS returns; SetOptions runs
 * inside the register call; NDIS keeps its own copy of the structure.
 */
import { status as catalogStatus } from '../../../common/src/catalog';
import { checkCharacteristics } from '../../../common/src/validation/characteristics';
import type { CharacteristicsName } from '../../../common/src/catalog/types';
import { DriverBlock, FilterDriverBlock, MiniportDriverBlock, ProtocolBlock } from './blocks';
import type { FilterDriverCharacteristics, MiniportDriverCharacteristics, ProtocolDriverCharacteristics, SetOptionsHandler } from './characteristics';
import { block } from './handles';
import type { NdisHost } from './host';
import { NDIS_STATUS_FAILURE, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_SUCCESS, type NdisStatus } from './status';
import type { DriverFunction, DriverObject, NdisHandle, Out } from './types';
import { unbindBinding } from './bindings';
import { detachModule } from './filters';

/** Validate `chars`; log every finding; return the status NDIS answers with. */
export function validate(host: NdisHost, api: string, name: CharacteristicsName, chars: object): NdisStatus {
  const r = checkCharacteristics(name, chars as Record<string, unknown>, { hostMinor: host.hostMinor });
  for (const f of r.findings) host.log(f.severity === 'error' ? 'error' : 'warn', `${api}: ${f.member}: ${f.message} [${f.check}]`);
  return catalogStatus(r.status)!.value;
}

/** Call SetOptionsHandler inside the registration; its failure fails the registration. */
function setOptions(host: NdisHost, component: string, fn: DriverFunction<SetOptionsHandler> | null | undefined, handle: NdisHandle, ctx: unknown): NdisStatus {
  if (!fn) return NDIS_STATUS_SUCCESS;
  const f = host.enterHandler(component, 'SetOptionsHandler', fn, undefined);
  const st = fn(handle, ctx);
  host.leaveHandler(f, st);
  return st;
}

/** A DDI that must run from DriverEntry/unload was called from a handler NDIS invoked (§3.2: may deadlock). */
function checkNotInCallback(host: NdisHost, api: string): void {
  const c = host.callerFrame();
  if (c && !['DriverEntry', 'DriverUnload', 'UnloadHandler'].includes(c.api)) {
    host.violation('deregister-in-callback', `${api} called from ${c.api} (${c.fn}); NDIS documents that this can deadlock`);
  }
}

export function registerProtocol(host: NdisHost, driver: DriverBlock, ctx: unknown, chars: ProtocolDriverCharacteristics, handle: Out<NdisHandle>): NdisStatus {
  const st = validate(host, 'NdisRegisterProtocolDriver', 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', chars);
  if (st !== NDIS_STATUS_SUCCESS) return st;
  if (driver.protocol || host.protocols.some((p) => p.name === chars.Name)) {
    host.log('error', `NdisRegisterProtocolDriver: a protocol named ${chars.Name} is already registered`);
    return NDIS_STATUS_FAILURE;
  }
  const p = new ProtocolBlock(driver, { ...chars }, ctx);
  const so = setOptions(host, p.component, p.chars.SetOptionsHandler, p, ctx);
  if (so !== NDIS_STATUS_SUCCESS) return so;
  host.protocols.push(p);
  driver.protocol = p;
  handle.value = p;
  if (chars.Name !== driver.serviceName) {
    host.log('warn', `NdisRegisterProtocolDriver: Name "${chars.Name}" differs from the service name "${driver.serviceName}"; NDIS cannot bind this protocol`);
  }
  return NDIS_STATUS_SUCCESS;
}

export function deregisterProtocol(host: NdisHost, h: NdisHandle): void {
  const p = block(host, h, ProtocolBlock, 'NdisDeregisterProtocolDriver', 'NdisProtocolHandle');
  if (!p || p.deregistered) {
    if (p) host.violation('double-deregister', `NdisDeregisterProtocolDriver: ${p.name} is already deregistered`);
    return;
  }
  checkNotInCallback(host, 'NdisDeregisterProtocolDriver');
  for (const b of [...p.bindings]) unbindBinding(host, b);
  p.deregistered = true;
  host.protocols = host.protocols.filter((x) => x !== p);
  if (p.driver.protocol === p) p.driver.protocol = undefined;
}

export function registerMiniport(host: NdisHost, driver: DriverBlock, driverObject: DriverObject, ctx: unknown, chars: MiniportDriverCharacteristics, handle: Out<NdisHandle>): NdisStatus {
  if (driverObject !== driver.driverObject) {
    host.log('error', 'NdisMRegisterMiniportDriver: DriverObject is not the one DriverEntry received');
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  const st = validate(host, 'NdisMRegisterMiniportDriver', 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS', chars);
  if (st !== NDIS_STATUS_SUCCESS) return st;
  const intermediate = (chars.Flags & 0x1) !== 0;
  if (driver.miniports.some((m) => m.intermediate === intermediate)) {
    host.log('error', `NdisMRegisterMiniportDriver: ${driver.serviceName} already registered a${intermediate ? 'n intermediate' : ' physical'} miniport driver`);
    return NDIS_STATUS_FAILURE;
  }
  const m = new MiniportDriverBlock(driver, { ...chars }, ctx, intermediate);
  const so = setOptions(host, driver.component, m.chars.SetOptionsHandler, m, ctx);
  if (so !== NDIS_STATUS_SUCCESS) return so;
  host.miniportDrivers.push(m);
  driver.miniports.push(m);
  handle.value = m;
  return NDIS_STATUS_SUCCESS;
}

export function deregisterMiniport(host: NdisHost, h: NdisHandle): void {
  const m = block(host, h, MiniportDriverBlock, 'NdisMDeregisterMiniportDriver', 'NdisMiniportDriverHandle');
  if (!m || m.deregistered) {
    if (m) host.violation('double-deregister', `NdisMDeregisterMiniportDriver: ${m.driver.serviceName} is already deregistered`);
    return;
  }
  checkNotInCallback(host, 'NdisMDeregisterMiniportDriver');
  const live = [...m.adapters].filter((a) => a.state !== 'Halted');
  if (live.length) host.violation('deregister-with-adapters', `NdisMDeregisterMiniportDriver: adapters ${live.map((a) => a.name).join(', ')} are not halted`);
  if (m.intermediate && m.associated && !m.associated.deregistered) {
    host.violation('im-deregister-order', `NdisMDeregisterMiniportDriver: the IM driver ${m.driver.serviceName} must deregister its protocol first (MiniportDriverUnload: NdisDeregisterProtocolDriver, then NdisMDeregisterMiniportDriver)`);
  }
  m.deregistered = true;
  host.miniportDrivers = host.miniportDrivers.filter((x) => x !== m);
  m.driver.miniports = m.driver.miniports.filter((x) => x !== m);
}

export function registerFilter(host: NdisHost, driver: DriverBlock, driverObject: DriverObject, ctx: unknown, chars: FilterDriverCharacteristics, handle: Out<NdisHandle>): NdisStatus {
  if (driverObject !== driver.driverObject) {
    host.log('error', 'NdisFRegisterFilterDriver: DriverObject is not the one DriverEntry received');
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  const st = validate(host, 'NdisFRegisterFilterDriver', 'NDIS_FILTER_DRIVER_CHARACTERISTICS', chars);
  if (st !== NDIS_STATUS_SUCCESS) return st;
  if (driver.filter) {
    host.log('error', `NdisFRegisterFilterDriver: ${driver.serviceName} already registered a filter driver`);
    return NDIS_STATUS_FAILURE;
  }
  if (chars.ServiceName !== driver.serviceName) {
    host.log('warn', `NdisFRegisterFilterDriver: ServiceName "${chars.ServiceName}" differs from the service name "${driver.serviceName}" (it must equal the INF AddService name)`);
  }
  const f = new FilterDriverBlock(driver, { ...chars }, ctx);
  const so = setOptions(host, driver.component, f.chars.SetOptionsHandler, f, ctx);
  if (so !== NDIS_STATUS_SUCCESS) return so;
  host.filterDrivers.push(f);
  driver.filter = f;
  handle.value = f;
  return NDIS_STATUS_SUCCESS;
}

export function deregisterFilter(host: NdisHost, h: NdisHandle): void {
  const f = block(host, h, FilterDriverBlock, 'NdisFDeregisterFilterDriver', 'NdisFilterDriverHandle');
  if (!f || f.deregistered) {
    if (f) host.violation('double-deregister', `NdisFDeregisterFilterDriver: ${f.driver.serviceName} is already deregistered`);
    return;
  }
  checkNotInCallback(host, 'NdisFDeregisterFilterDriver');
  for (const m of [...f.modules]) detachModule(host, m, true);
  f.deregistered = true;
  host.filterDrivers = host.filterDrivers.filter((x) => x !== f);
  if (f.driver.filter === f) f.driver.filter = undefined;
}

export function associateMiniport(host: NdisHost, driverHandle: NdisHandle, protocolHandle: NdisHandle): void {
  const m = block(host, driverHandle, MiniportDriverBlock, 'NdisIMAssociateMiniport', 'DriverHandle');
  const p = block(host, protocolHandle, ProtocolBlock, 'NdisIMAssociateMiniport', 'ProtocolHandle');
  if (!m || !p) return;
  if (!m.intermediate) host.violation('im-associate', `NdisIMAssociateMiniport: ${m.driver.serviceName} registered its miniport without NDIS_INTERMEDIATE_DRIVER`);
  m.associated = p;
  p.associated = m;
}
