/**
 * The registration, binding, adapter, filter, interface and configuration DDIs of a C driver,
 * delegated to the simulator's NDIS (NdisApi, so they are traced and checked exactly as for the
 * built-in drivers) after the argument structures are read from the driver's memory. `_Out_`
 * parameters write through to the driver's memory when NDIS sets them, even later (a pended
 * open sets the binding handle when it completes). Runtime checks with rule ids are made here.
 */
import { standardCall, type ExternalCall, type Num, type SourceLocation } from '../exec';
import { BindOp, ConfigBlock, ProviderBlock } from '../ndis/blocks';
import { luidKey } from '../ndis/interfaces';
import { NDIS_STATUS_PENDING, statusName } from '../ndis/status';
import type { FilterDriverCharacteristics, IfProviderCharacteristics, MiniportDriverCharacteristics, ProtocolDriverCharacteristics } from '../ndis/characteristics';
import type { ConfigValue, DriverObject, NdisHandle, Out } from '../ndis/types';
import { readCharacteristics } from './characteristics';
import {
  checkDeregisterContext, checkImOrder, checkImUnloadOrder, checkInfIdentity, checkOpenContext, checkRegisterContext, recordBindCompletion, recordOpen,
} from './checks';
import { num } from './mem';
import { luidFrom, readAdapterAttributes, readFilterAttributes, readHeader, readIfInfo, readStatusIndication } from './params';
import type { Ddi, Registration, UserRuntime } from './runtime';

const arg = (c: ExternalCall, i: number): number => num(c.args[i]?.value ?? 0);

/** An `_Out_` parameter that writes the driver's memory at `addr` whenever NDIS sets it. */
export function outParam<T>(rt: UserRuntime, addr: number, write: (addr: number, v: T) => void): Out<T> {
  let value: T | undefined;
  return {
    get value() {
      return value;
    },
    set value(v: T | undefined) {
      value = v;
      if (!addr || v === undefined) return;
      if (rt.sites.length === 0 && !rt.mem.valid(addr, 4)) {
        rt.violation('write-to-freed-memory', `NDIS writes an output of a pended call to 0x${addr.toString(16)}, which the driver has freed`);
        return;
      }
      write(addr, v);
    },
  };
}

const outHandle = (rt: UserRuntime, addr: number): Out<NdisHandle> => outParam<NdisHandle>(rt, addr, (a, v) => rt.mem.m.w64(a, rt.toC(v)));
const outU32 = (rt: UserRuntime, addr: number): Out<number> => outParam<number>(rt, addr, (a, v) => rt.mem.m.w32(a, v));

function register(rt: UserRuntime, c: ExternalCall, what: Registration['what'], handleArg: number, intermediate: boolean, call: (out: Out<NdisHandle>) => number): Num {
  const out = outHandle(rt, arg(c, handleArg));
  const st = call(out);
  if (st === 0 && out.value) {
    const site = rt.site();
    rt.registrations.push({ what, handle: out.value, site, handleSite: site?.args?.[handleArg], intermediate, deregistered: false, reportedLost: false });
  }
  return st | 0;
}

function deregister(rt: UserRuntime, c: ExternalCall, what: Registration['what'], call: (h: NdisHandle) => void): Num {
  const h = arg(c, 0);
  rt.checkLostHandle(h, what, c.name);
  rt.checkNotDeregistered(h, c.name);
  const obj = rt.handle(h);
  const reg = rt.registrations.find((r) => r.handle === obj && !r.deregistered);
  if (what === 'miniport') checkImUnloadOrder(rt, reg);
  if (what !== 'provider') checkDeregisterContext(rt, c.name);
  call(obj!);
  if (reg) reg.deregistered = true;
  if (obj && rt.isHandle(h)) rt.deregisteredHandles.set(h, { what, site: rt.site() });
  return 0;
}

function dobjOf(rt: UserRuntime, addr: number): DriverObject {
  return addr === rt.driverObjectAddr ? rt.tsDriverObject : { DriverName: `(0x${addr.toString(16)})`, DriverUnload: null, DeviceControl: null };
}

function registrationDdis(t: Map<string, Ddi>): void {
  t.set('NdisRegisterProtocolDriver', (c, rt) => {
    checkRegisterContext(rt, c.name);
    const chars = readCharacteristics(rt, 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', arg(c, 1)) as unknown as ProtocolDriverCharacteristics;
    const P = 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS';
    checkInfIdentity(rt, 'protocol', chars.Name, rt.stringSites.get(arg(c, 1) + rt.mem.off(P, 'Name')));
    return register(rt, c, 'protocol', 2, false, (o) => rt.api.NdisRegisterProtocolDriver(arg(c, 0), chars, o));
  });
  t.set('NdisMRegisterMiniportDriver', (c, rt) => {
    checkRegisterContext(rt, c.name);
    const chars = readCharacteristics(rt, 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS', arg(c, 3)) as unknown as MiniportDriverCharacteristics;
    checkImOrder(rt, chars.Flags);
    return register(rt, c, 'miniport', 4, (chars.Flags & 1) !== 0, (o) => rt.api.NdisMRegisterMiniportDriver(dobjOf(rt, arg(c, 0)), rt.mem.ustr(arg(c, 1)), arg(c, 2), chars, o));
  });
  t.set('NdisFRegisterFilterDriver', (c, rt) => {
    checkRegisterContext(rt, c.name);
    const chars = readCharacteristics(rt, 'NDIS_FILTER_DRIVER_CHARACTERISTICS', arg(c, 2)) as unknown as FilterDriverCharacteristics;
    const F = 'NDIS_FILTER_DRIVER_CHARACTERISTICS';
    const site = (m: string): SourceLocation | undefined => rt.stringSites.get(arg(c, 2) + rt.mem.off(F, m));
    checkInfIdentity(rt, 'filter', chars.ServiceName, site('ServiceName'), chars.UniqueName, site('UniqueName'));
    return register(rt, c, 'filter', 3, false, (o) => rt.api.NdisFRegisterFilterDriver(dobjOf(rt, arg(c, 0)), arg(c, 1), chars, o));
  });
  t.set('NdisIfRegisterProvider', (c, rt) => {
    const chars = readCharacteristics(rt, 'NDIS_IF_PROVIDER_CHARACTERISTICS', arg(c, 0)) as unknown as IfProviderCharacteristics;
    return register(rt, c, 'provider', 2, false, (o) => rt.api.NdisIfRegisterProvider(chars, arg(c, 1), o));
  });
  t.set('NdisDeregisterProtocolDriver', (c, rt) => deregister(rt, c, 'protocol', (h) => rt.api.NdisDeregisterProtocolDriver(h)));
  t.set('NdisMDeregisterMiniportDriver', (c, rt) => deregister(rt, c, 'miniport', (h) => rt.api.NdisMDeregisterMiniportDriver(h)));
  t.set('NdisFDeregisterFilterDriver', (c, rt) => deregister(rt, c, 'filter', (h) => rt.api.NdisFDeregisterFilterDriver(h)));
  t.set('NdisIfDeregisterProvider', (c, rt) => {
    const p = rt.handle(arg(c, 0));
    if (p instanceof ProviderBlock && p.interfaces.size && !p.deregistered) {
      rt.violation('NDIS208', `NdisIfDeregisterProvider while ${p.interfaces.size} interface(s) of this provider are still registered (${[...p.interfaces].map((e) => `ifIndex ${e.ifIndex}`).join(', ')}); call NdisIfDeregisterInterface for each first`);
    }
    return deregister(rt, c, 'provider', (h) => rt.api.NdisIfDeregisterProvider(h));
  });
  t.set('NdisIMAssociateMiniport', (c, rt) => (rt.api.NdisIMAssociateMiniport(rt.handle(arg(c, 0))!, rt.handle(arg(c, 1))!), 0));
  t.set('NdisIMInitializeDeviceInstanceEx', (c, rt) => {
    rt.checkLostHandle(arg(c, 0), 'miniport', c.name);
    rt.checkNotDeregistered(arg(c, 0), c.name);
    return rt.api.NdisIMInitializeDeviceInstanceEx(rt.handle(arg(c, 0))!, rt.mem.ustr(arg(c, 1)), arg(c, 2)) | 0;
  });
  t.set('NdisIMCancelInitializeDeviceInstance', (c, rt) => rt.api.NdisIMCancelInitializeDeviceInstance(rt.handle(arg(c, 0))!, rt.mem.ustr(arg(c, 1))) | 0);
  t.set('NdisIMDeInitializeDeviceInstance', (c, rt) => rt.api.NdisIMDeInitializeDeviceInstance(rt.handle(arg(c, 0))!) | 0);
}

/** Fault injection for NdisOpenAdapterEx on a host that pends opens: the open pends, then fails. */
function pendedOpenFailure(rt: UserRuntime, c: ExternalCall, status: number): Num {
  const ctx = arg(c, 1);
  const protocol = rt.block.protocol;
  const fn = protocol?.chars.OpenAdapterCompleteHandlerEx;
  if (!protocol || !fn || !rt.ndis.config.pendOpens) {
    rt.traced(c.name, { injected: true }, () => undefined, () => status >>> 0);
    return status | 0;
  }
  rt.traced(c.name, { injected: true }, () => undefined, () => NDIS_STATUS_PENDING);
  rt.ndis.at(rt.ndis.now + 1000, () => {
    const f = rt.ndis.enterHandler(protocol.component, 'OpenAdapterCompleteHandlerEx', fn, { status: statusName(status >>> 0) });
    fn(ctx, status >>> 0);
    rt.ndis.leaveHandler(f);
  });
  return NDIS_STATUS_PENDING;
}

function bindingDdis(t: Map<string, Ddi>): void {
  t.set('NdisOpenAdapterEx', (c, rt) => {
    const [ph, ctx, pp, bindCtx, out] = [arg(c, 0), arg(c, 1), arg(c, 2), arg(c, 3), arg(c, 4)];
    rt.checkLostHandle(ph, 'protocol', c.name);
    rt.checkNotDeregistered(ph, c.name);
    checkOpenContext(rt, ph, bindCtx);
    const fail = rt.opts.failCalls.get(c.name);
    if (fail !== undefined) return pendedOpenFailure(rt, c, fail);
    const O = 'NDIS_OPEN_PARAMETERS';
    const media = rt.mem.ptr(pp, O, 'MediumArray');
    const nMedia = Math.min(rt.mem.u32(pp, O, 'MediumArraySize'), 64);
    const frames = rt.mem.ptr(pp, O, 'FrameTypeArray');
    const nFrames = Math.min(rt.mem.u32(pp, O, 'FrameTypeArraySize'), 64);
    const params = {
      Header: readHeader(rt.mem, pp), AdapterName: rt.mem.ustr(rt.mem.ptr(pp, O, 'AdapterName')),
      MediumArray: Array.from({ length: nMedia }, (_, i) => rt.mem.m.u32(media + 4 * i)), MediumArraySize: nMedia,
      SelectedMediumIndex: outU32(rt, rt.mem.ptr(pp, O, 'SelectedMediumIndex')),
      FrameTypeArray: Array.from({ length: frames ? nFrames : 0 }, (_, i) => rt.mem.m.u16(frames + 2 * i)), FrameTypeArraySize: nFrames,
    };
    const st = rt.api.NdisOpenAdapterEx(rt.handle(ph)!, ctx, params, rt.handle(bindCtx)!, outHandle(rt, out));
    recordOpen(rt, bindCtx, st);
    return st | 0;
  });
  t.set('NdisCloseAdapterEx', (c, rt) => rt.api.NdisCloseAdapterEx(rt.handle(arg(c, 0))!) | 0);
  t.set('NdisCompleteBindAdapterEx', (c, rt) => {
    recordBindCompletion(rt, arg(c, 0));
    rt.api.NdisCompleteBindAdapterEx(rt.handle(arg(c, 0))!, arg(c, 1) >>> 0);
    return 0;
  });
  t.set('NdisCompleteUnbindAdapterEx', (c, rt) => (rt.api.NdisCompleteUnbindAdapterEx(rt.handle(arg(c, 0))!), 0));
  t.set('NdisUnbindAdapter', (c, rt) => rt.api.NdisUnbindAdapter(rt.handle(arg(c, 0))!) | 0);
}

/** NDIS_STATUS_INDICATION with a bad header: bug check 0x7C/0x21, as NDIS validates indications. */
function indication(rt: UserRuntime, api: string, at: number): ReturnType<typeof readStatusIndication> {
  const ind = readStatusIndication(rt, at);
  if (ind.Header.Type !== 0x98) {
    rt.ndis.bugCheck(0x21, `0x${at.toString(16)}`, `0x${ind.Header.Type.toString(16)}`, '0x0',
      `${rt.opts.serviceName} passed an NDIS_STATUS_INDICATION whose Header.Type is 0x${ind.Header.Type.toString(16)}, not NDIS_OBJECT_TYPE_STATUS_INDICATION (0x98), to ${api}${rt.where()}`);
  }
  return ind;
}

function adapterDdis(t: Map<string, Ddi>): void {
  t.set('NdisMSetMiniportAttributes', (c, rt) => rt.api.NdisMSetMiniportAttributes(rt.handle(arg(c, 0))!, readAdapterAttributes(rt, arg(c, 1))) | 0);
  t.set('NdisMPauseComplete', (c, rt) => (rt.api.NdisMPauseComplete(rt.handle(arg(c, 0))!), 0));
  t.set('NdisMRestartComplete', (c, rt) => (rt.api.NdisMRestartComplete(rt.handle(arg(c, 0))!, arg(c, 1) >>> 0), 0));
  t.set('NdisMIndicateStatusEx', (c, rt) => (rt.api.NdisMIndicateStatusEx(rt.handle(arg(c, 0))!, indication(rt, c.name, arg(c, 1))), 0));
  t.set('NdisFSetAttributes', (c, rt) => rt.api.NdisFSetAttributes(rt.handle(arg(c, 0))!, arg(c, 1), readFilterAttributes(rt, arg(c, 2))) | 0);
  t.set('NdisFPauseComplete', (c, rt) => (rt.api.NdisFPauseComplete(rt.handle(arg(c, 0))!), 0));
  t.set('NdisFRestartComplete', (c, rt) => (rt.api.NdisFRestartComplete(rt.handle(arg(c, 0))!, arg(c, 1) >>> 0), 0));
  t.set('NdisFIndicateStatus', (c, rt) => (rt.api.NdisFIndicateStatus(rt.handle(arg(c, 0))!, indication(rt, c.name, arg(c, 1))), 0));
  t.set('NdisFNetPnPEvent', (c, rt) => rt.traced(c.name, { event: rt.mem.u32(arg(c, 1), 'NET_PNP_EVENT_NOTIFICATION', 'NetPnPEvent.NetEvent') }, () => 0, () => 0));
}

function interfaceDdis(t: Map<string, Ddi>): void {
  t.set('NdisIfAllocateNetLuidIndex', (c, rt) => rt.api.NdisIfAllocateNetLuidIndex(arg(c, 0), outU32(rt, arg(c, 1))) | 0);
  t.set('NdisIfFreeNetLuidIndex', (c, rt) => rt.api.NdisIfFreeNetLuidIndex(arg(c, 0), arg(c, 1)) | 0);
  t.set('NdisIfRegisterInterface', (c, rt) => {
    const p = rt.handle(arg(c, 0));
    const luid = luidFrom(rt.mem.m.u64(arg(c, 1)));
    const text = `0x${(BigInt(luid.IfType) << 48n | BigInt(luid.NetLuidIndex) << 24n).toString(16).padStart(16, '0')}`;
    if (!(p instanceof ProviderBlock) || p.deregistered) {
      rt.violation('NDIS207', `NdisIfRegisterInterface gets ${arg(c, 0) ? 'a handle that is not a registered interface provider' : 'a NULL provider handle'}: NdisIfRegisterProvider has not succeeded (or the provider was deregistered) on this path`);
    }
    if (!rt.ndis.persistent.isAllocated(luid.IfType, luid.NetLuidIndex)) {
      rt.violation('NDIS215', `the NET_LUID ${text} passed to NdisIfRegisterInterface was built (NDIS_MAKE_NET_LUID) from NetLuidIndex ${luid.NetLuidIndex}, which NdisIfAllocateNetLuidIndex did not return for ifType ${luid.IfType}`);
    }
    const dup = rt.ndis.interfaces.byLuid.get(luidKey(luid));
    if (dup) rt.violation('NDIS210', `NET_LUID ${text} is already registered (ifIndex ${dup.ifIndex}, ${dup.name}); NdisIfRegisterInterface returns NDIS_STATUS_DUPLICATE_OBJECTID`);
    return rt.api.NdisIfRegisterInterface(p!, luid, arg(c, 2), readIfInfo(rt, arg(c, 3)), outU32(rt, arg(c, 4))) | 0;
  });
  t.set('NdisIfDeregisterInterface', (c, rt) => (rt.api.NdisIfDeregisterInterface(arg(c, 0)), 0));
  t.set('NdisIfGetInterfaceIndexFromNetLuid', (c, rt) => rt.api.NdisIfGetInterfaceIndexFromNetLuid(luidFrom(rt.mem.m.u64(arg(c, 0))), outU32(rt, arg(c, 1))) | 0);
  t.set('NdisIfGetNetLuidFromInterfaceIndex', (c, rt) =>
    rt.api.NdisIfGetNetLuidFromInterfaceIndex(arg(c, 0), outParam(rt, arg(c, 1), (a, v) => rt.mem.m.w64(a, (BigInt(v.IfType) << 48n) | (BigInt(v.NetLuidIndex) << 24n)))) | 0);
  t.set('NdisIfQueryBindingIfIndex', (c, rt) => {
    const luid = (i: number) => outParam(rt, arg(c, i), (a, v: { IfType: number; NetLuidIndex: number }) => rt.mem.m.w64(a, (BigInt(v.IfType) << 48n) | (BigInt(v.NetLuidIndex) << 24n)));
    return rt.api.NdisIfQueryBindingIfIndex(rt.handle(arg(c, 0))!, outU32(rt, arg(c, 1)), luid(2), outU32(rt, arg(c, 3)), luid(4)) | 0;
  });
  t.set('NdisIfAddIfStackEntry', (c, rt) => rt.api.NdisIfAddIfStackEntry(arg(c, 0), arg(c, 1)) | 0);
  t.set('NdisIfDeleteIfStackEntry', (c, rt) => (rt.api.NdisIfDeleteIfStackEntry(arg(c, 0), arg(c, 1)), 0));
}

/** Parameters NdisReadConfiguration handed out, freed by NdisCloseConfiguration. */
const configBlocks = (rt: UserRuntime): Map<object, number[]> => rt.st('config', () => new Map<object, number[]>());

function configurationDdis(t: Map<string, Ddi>): void {
  t.set('NdisOpenConfigurationEx', (c, rt) => {
    const C = 'NDIS_CONFIGURATION_OBJECT';
    const at = arg(c, 0);
    const h = rt.handle(rt.mem.ptr(at, C, 'NdisHandle'));
    const out = outHandle(rt, arg(c, 1));
    if (h instanceof BindOp) {
      // The per-binding key of a bind in progress (what NDIS opens for a BindContext).
      const path = `${h.protocol.driver.serviceName}\\Adapters\\${h.adapter.name}`;
      return rt.traced(c.name, { section: path }, () => {
        const section = new Map(rt.ndis.config.registry.get(path) ?? []);
        for (const [k, v] of rt.ndis.persistent.registry.get(path) ?? []) section.set(k, v);
        out.value = new ConfigBlock(section, path);
        return 0;
      }, () => 0);
    }
    return rt.api.NdisOpenConfigurationEx({ Header: readHeader(rt.mem, at), NdisHandle: h!, Flags: rt.mem.u32(at, C, 'Flags') }, out) | 0;
  });
  t.set('NdisReadConfiguration', (c, rt) => {
    const type = arg(c, 4);
    const status = outParam<number>(rt, arg(c, 0), (a, v) => rt.mem.m.w32(a, v));
    const value: Out<ConfigValue> = { value: undefined };
    const h = rt.handle(arg(c, 2));
    rt.api.NdisReadConfiguration(status, value, h!, rt.mem.ustr(arg(c, 3)), type === 2 || type === 3 ? 'string' : 'integer');
    const v = value.value;
    if (status.value !== 0 || !v) return 0;
    const P = 'NDIS_CONFIGURATION_PARAMETER';
    const p = rt.mem.alloc(rt.mem.size(P), 'NDIS_CONFIGURATION_PARAMETER');
    const blocks = [p];
    rt.mem.w32(p, P, 'ParameterType', type);
    if (v.ParameterType === 'integer') rt.mem.w32(p, P, 'ParameterData.IntegerData', v.IntegerData);
    else blocks.push(rt.mem.setUstr(p + rt.mem.off(P, 'ParameterData.StringData'), v.StringData, 'configuration string', type === 3));
    let list = configBlocks(rt).get(h!);
    if (!list) configBlocks(rt).set(h!, (list = []));
    list.push(...blocks);
    rt.mem.m.w64(arg(c, 1), p);
    return 0;
  });
  t.set('NdisWriteConfiguration', (c, rt) => {
    const P = 'NDIS_CONFIGURATION_PARAMETER';
    const p = arg(c, 3);
    const type = rt.mem.u32(p, P, 'ParameterType');
    const v: ConfigValue = type === 2 || type === 3
      ? { ParameterType: 'string', StringData: rt.mem.ustr(p + rt.mem.off(P, 'ParameterData.StringData')) }
      : { ParameterType: 'integer', IntegerData: rt.mem.u32(p, P, 'ParameterData.IntegerData') };
    rt.api.NdisWriteConfiguration(outParam<number>(rt, arg(c, 0), (a, s) => rt.mem.m.w32(a, s)), rt.handle(arg(c, 1))!, rt.mem.ustr(arg(c, 2)), v);
    return 0;
  });
  t.set('NdisCloseConfiguration', (c, rt) => {
    const h = rt.handle(arg(c, 0));
    rt.api.NdisCloseConfiguration(h!);
    for (const b of configBlocks(rt).get(h!) ?? []) rt.mem.free(b);
    configBlocks(rt).delete(h!);
    return 0;
  });
}

/** Rtl/NdisInitUnicodeString, remembering where each string was set (for NDIS113/NDIS114 findings). */
const initString: Ddi = (c, rt) => {
  rt.stringSites.set(arg(c, 0), rt.site());
  return standardCall(c, () => undefined) ?? 0;
};

export function registerNdisDdis(t: Map<string, Ddi>): void {
  t.set('RtlInitUnicodeString', initString);
  t.set('NdisInitUnicodeString', initString);
  registrationDdis(t);
  bindingDdis(t);
  adapterDdis(t);
  interfaceDdis(t);
  configurationDdis(t);
}

