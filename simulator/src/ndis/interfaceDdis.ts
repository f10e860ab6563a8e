/**
 * Interface-provider DDIs (ndis-facts §3.7–3.10, §4): provider registration validated with the
 * catalog, NET_LUID index allocation persisted across reboots, NDIS_STATUS_DUPLICATE_OBJECTID
 * for a NET_LUID registered twice, deregistration order (a provider with interfaces left is
 * bug check 0x7C/0x17), ifStackTable loops (0x7C/0x1B) and provider query calls.
 */
import { BindingBlock, ProviderBlock, type DriverBlock, type IfEntry } from './blocks';
import { pointerText, paramText, P1 } from './bugcheck';
import type { IfProviderCharacteristics } from './characteristics';
import { block } from './handles';
import type { NdisHost } from './host';
import { luidKey } from './interfaces';
import { decodeOidData, oidName } from './oidNames';
import { validate } from './registration';
import {
  NDIS_STATUS_DUPLICATE_OBJECTID, NDIS_STATUS_FAILURE, NDIS_STATUS_INTERFACE_NOT_FOUND, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_RESOURCES,
  NDIS_STATUS_SUCCESS, statusName, type NdisStatus,
} from './status';
import { netLuidText, type NdisHandle, type NetIfInformation, type NetLuid, type Out } from './types';

export function registerProvider(host: NdisHost, driver: DriverBlock, chars: IfProviderCharacteristics, ctx: unknown, handle: Out<NdisHandle>): NdisStatus {
  const st = validate(host, 'NdisIfRegisterProvider', 'NDIS_IF_PROVIDER_CHARACTERISTICS', chars);
  if (st !== NDIS_STATUS_SUCCESS) return st;
  const p = new ProviderBlock(driver, { ...chars }, ctx);
  host.providers.push(p);
  driver.providers.push(p);
  handle.value = p;
  return NDIS_STATUS_SUCCESS;
}

export function deregisterProvider(host: NdisHost, h: NdisHandle): void {
  const p = block(host, h, ProviderBlock, 'NdisIfDeregisterProvider', 'NdisProviderHandle');
  if (!p) return;
  if (p.deregistered) {
    host.violation('double-deregister', `NdisIfDeregisterProvider: the provider of ${p.driver.serviceName} is already deregistered`);
    return;
  }
  if (p.interfaces.size) {
    const names = [...p.interfaces].map((e) => `ifIndex ${e.ifIndex} (${netLuidText(e.luid)})`).join(', ');
    host.bugCheck(P1.IFPROVIDER_DEREGISTER_UNEXPECTED, pointerText(p.id), paramText(p.interfaces.size), paramText(0),
      `${p.driver.serviceName} called NdisIfDeregisterProvider while its interfaces ${names} were still registered; call NdisIfDeregisterInterface for each first`);
  }
  p.deregistered = true;
  host.providers = host.providers.filter((x) => x !== p);
  p.driver.providers = p.driver.providers.filter((x) => x !== p);
}

export function allocateLuidIndex(host: NdisHost, ifType: number, index: Out<number>): NdisStatus {
  if (!Number.isInteger(ifType) || ifType < 1 || ifType > 0xffff) return NDIS_STATUS_INVALID_PARAMETER;
  const i = host.persistent.allocateLuidIndex(ifType);
  if (i === undefined) return NDIS_STATUS_RESOURCES;
  index.value = i;
  return NDIS_STATUS_SUCCESS;
}

export function freeLuidIndex(host: NdisHost, ifType: number, index: number): NdisStatus {
  if ([...host.interfaces.byLuid.values()].some((e) => e.luid.IfType === ifType && e.luid.NetLuidIndex === index)) {
    host.violation('free-luid-in-use', `NdisIfFreeNetLuidIndex(${ifType}, ${index}): an interface with that NET_LUID is still registered`);
  }
  return host.persistent.freeLuidIndex(ifType, index) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER;
}

export function registerInterface(host: NdisHost, h: NdisHandle, luid: NetLuid, ctx: unknown, info: NetIfInformation, ifIndex: Out<number>): NdisStatus {
  const p = block(host, h, ProviderBlock, 'NdisIfRegisterInterface', 'NdisProviderHandle');
  if (!p || p.deregistered) return NDIS_STATUS_INVALID_PARAMETER;
  if (!info?.Header || info.Header.Type !== 0x80 || info.Header.Revision !== 1 || info.Header.Size < 96) {
    host.log('error', 'NdisIfRegisterInterface: pIfInfo->Header must be NDIS_OBJECT_TYPE_DEFAULT, NDIS_OBJECT_REVISION_1, NDIS_SIZEOF_NET_IF_INFORMATION_REVISION_1 (96)');
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  if (!luid || !host.persistent.isAllocated(luid.IfType, luid.NetLuidIndex)) {
    host.log('error', `NdisIfRegisterInterface: NET_LUID ${luid ? netLuidText(luid) : 'NULL'} was not built from an index NdisIfAllocateNetLuidIndex returned for ifType ${luid?.IfType}`);
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  const dup = host.interfaces.byLuid.get(luidKey(luid));
  if (dup) {
    host.log('warn', `NdisIfRegisterInterface: NET_LUID ${netLuidText(luid)} is already registered (ifIndex ${dup.ifIndex}, ${dup.name})`);
    return NDIS_STATUS_DUPLICATE_OBJECTID;
  }
  const e: IfEntry = { ifIndex: host.interfaces.allocateIfIndex(), luid, provider: p, context: ctx, info, name: info.FriendlyName || netLuidText(luid) };
  host.interfaces.add(e);
  p.interfaces.add(e);
  ifIndex.value = e.ifIndex;
  host.state('interface', String(e.ifIndex), p.component, 'not-registered', 'registered');
  return NDIS_STATUS_SUCCESS;
}

export function deregisterInterface(host: NdisHost, ifIndex: number): void {
  const e = host.interfaces.byIndex.get(ifIndex);
  if (!e || e.provider === 'ndis') {
    host.violation('deregister-unknown-interface', `NdisIfDeregisterInterface(${ifIndex}): no interface this driver registered has that ifIndex`);
    return;
  }
  host.interfaces.remove(e);
  e.provider.interfaces.delete(e);
  host.state('interface', String(ifIndex), e.provider.component, 'registered', 'not-registered');
}

export function indexFromLuid(host: NdisHost, luid: NetLuid, out: Out<number>): NdisStatus {
  const e = luid ? host.interfaces.byLuid.get(luidKey(luid)) : undefined;
  if (!e) return NDIS_STATUS_INTERFACE_NOT_FOUND;
  out.value = e.ifIndex;
  return NDIS_STATUS_SUCCESS;
}

export function luidFromIndex(host: NdisHost, ifIndex: number, out: Out<NetLuid>): NdisStatus {
  const e = host.interfaces.byIndex.get(ifIndex);
  if (!e) return NDIS_STATUS_INTERFACE_NOT_FOUND;
  out.value = e.luid;
  return NDIS_STATUS_SUCCESS;
}

export function queryBindingIfIndex(host: NdisHost, h: NdisHandle, bound: Out<number>, boundLuid: Out<NetLuid>, lowest: Out<number>, lowestLuid: Out<NetLuid>): NdisStatus {
  const b = block(host, h, BindingBlock, 'NdisIfQueryBindingIfIndex', 'NdisBindingHandle');
  if (!b) return NDIS_STATUS_INVALID_PARAMETER;
  const a = b.adapter;
  const top = a.filters.length ? a.filters[a.filters.length - 1]! : undefined;
  bound.value = top ? top.ifIndex : a.ifIndex;
  boundLuid.value = top ? top.luid : a.luid;
  lowest.value = a.ifIndex;
  lowestLuid.value = a.luid;
  return NDIS_STATUS_SUCCESS;
}

export function addIfStackEntry(host: NdisHost, higher: number, lower: number): NdisStatus {
  if (!host.interfaces.byIndex.has(higher) || !host.interfaces.byIndex.has(lower)) return NDIS_STATUS_INTERFACE_NOT_FOUND;
  if (host.interfaces.wouldLoop(higher, lower)) {
    host.bugCheck(P1.IF_STACK_TABLE_LOOP, paramText(higher), paramText(lower), paramText(0), `NdisIfAddIfStackEntry(${higher}, ${lower}) would create a loop in the ifStackTable`);
  }
  host.interfaces.addStackEntry(higher, lower);
  return NDIS_STATUS_SUCCESS;
}

export function deleteIfStackEntry(host: NdisHost, higher: number, lower: number): void {
  host.interfaces.stack.get(higher)?.delete(lower);
}

/** NDIS asks a provider about one of its interfaces (ProviderQueryObject), as a scenario requests. */
export function queryInterface(host: NdisHost, e: IfEntry, oid: number): NdisStatus {
  if (e.provider === 'ndis') {
    host.log('info', `interface ${e.name} (ifIndex ${e.ifIndex}) belongs to NDIS's own provider; nothing to ask a driver`);
    return NDIS_STATUS_SUCCESS;
  }
  const fn = e.provider.chars.QueryObjectHandler;
  if (!fn) return NDIS_STATUS_FAILURE;
  const buf = new Uint8Array(256);
  const len = { value: buf.length as number | undefined, capacity: buf.length };
  const f = host.enterHandler(e.provider.component, 'QueryObjectHandler', fn, { ifIndex: e.ifIndex, oid: oidName(oid) });
  const st = fn(e.context, oid, len, buf);
  const n = len.value ?? 0;
  host.leaveHandler(f, st, st === NDIS_STATUS_SUCCESS ? { length: n, value: decodeOidData(oid, buf, n) } : undefined);
  if (n > buf.length) host.violation('provider-buffer', `${e.provider.driver.serviceName}: ProviderQueryObject reported ${n} bytes for a ${buf.length}-byte buffer`);
  host.log('info', `ProviderQueryObject ${oidName(oid)} on ifIndex ${e.ifIndex}: ${statusName(st)}`);
  return st;
}
