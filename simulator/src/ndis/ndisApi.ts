/**
 * The NdisApi a driver gets: every DDI traced as a `call` (from the driver function that made it)
 * and a `return` (with the NDIS_STATUS name and output values), then dispatched to the model.
 */
import type { NdisApi } from './api';
import type { DriverBlock } from './blocks';
import { AdapterBlock, BindingBlock, FilterModuleBlock } from './blocks';
import * as bind from './bindings';
import * as dp from './datapath';
import * as flt from './filters';
import { block } from './handles';
import type { NdisHost } from './host';
import * as ifs from './interfaceDdis';
import * as mp from './miniportDdis';
import * as misc from './misc';
import * as oid from './oids';
import * as reg from './registration';
import { statusName } from './status';
import { netLuidText, type NdisHandle } from './types';
import type { JsonValue } from '../trace/events';

type Args = Readonly<Record<string, JsonValue>> | undefined;

/** Hot-path DDIs carry no args (the packet events say what moved), except this flag. */
const RESOURCES_ARGS = { flags: 'NDIS_RECEIVE_FLAGS_RESOURCES' };

/** The NDIS surface for one driver image. `inFlight` is the host's set of NBLs in flight. */
export function createNdisApi(host: NdisHost, driver: DriverBlock, inFlight: dp.InFlight): NdisApi {
  /** A DDI returning an NDIS_STATUS. */
  function st(api: string, args: Args, body: () => number, out?: () => Args): number {
    const f = host.enterDdi(driver, api, args);
    const s = body();
    host.leaveDdi(f, s, s === 0 && out ? out() : undefined);
    return s;
  }
  /** A VOID (or non-status) DDI. */
  function v<R>(api: string, args: Args, body: () => R, out?: (r: R) => Args): R {
    const f = host.enterDdi(driver, api, args);
    const r = body();
    host.leaveDdi(f, undefined, out ? out(r) : undefined);
    return r;
  }
  const binding = (h: NdisHandle, api: string): BindingBlock | undefined => block(host, h, BindingBlock, api, 'NdisBindingHandle');
  const adapter = (h: NdisHandle, api: string): AdapterBlock | undefined => block(host, h, AdapterBlock, api, 'MiniportAdapterHandle');
  const module = (h: NdisHandle, api: string): FilterModuleBlock | undefined => block(host, h, FilterModuleBlock, api, 'NdisFilterHandle');

  return {
    NdisRegisterProtocolDriver: (ctx, chars, h) => st('NdisRegisterProtocolDriver', { name: chars?.Name ?? null }, () => reg.registerProtocol(host, driver, ctx, chars, h)),
    NdisDeregisterProtocolDriver: (h) => v('NdisDeregisterProtocolDriver', undefined, () => reg.deregisterProtocol(host, h)),
    NdisMRegisterMiniportDriver: (dobj, _path, ctx, chars, h) => st('NdisMRegisterMiniportDriver', { flags: chars?.Flags ?? 0 }, () => reg.registerMiniport(host, driver, dobj, ctx, chars, h)),
    NdisMDeregisterMiniportDriver: (h) => v('NdisMDeregisterMiniportDriver', undefined, () => reg.deregisterMiniport(host, h)),
    NdisFRegisterFilterDriver: (dobj, ctx, chars, h) => st('NdisFRegisterFilterDriver', { name: chars?.ServiceName ?? null }, () => reg.registerFilter(host, driver, dobj, ctx, chars, h)),
    NdisFDeregisterFilterDriver: (h) => v('NdisFDeregisterFilterDriver', undefined, () => reg.deregisterFilter(host, h)),
    NdisIMAssociateMiniport: (d, p) => v('NdisIMAssociateMiniport', undefined, () => reg.associateMiniport(host, d, p)),
    NdisIMInitializeDeviceInstanceEx: (d, inst, ctx) => st('NdisIMInitializeDeviceInstanceEx', { instance: inst }, () => mp.imInitializeDeviceInstance(host, d, inst, ctx)),
    NdisIMCancelInitializeDeviceInstance: (d, inst) => st('NdisIMCancelInitializeDeviceInstance', { instance: inst }, () => mp.imCancelInitializeDeviceInstance(host, d, inst)),
    NdisIMDeInitializeDeviceInstance: (h) => st('NdisIMDeInitializeDeviceInstance', h instanceof AdapterBlock ? { adapter: h.name } : undefined, () => mp.imDeInitializeDeviceInstance(host, h)),

    NdisIfRegisterProvider: (chars, ctx, h) => st('NdisIfRegisterProvider', undefined, () => ifs.registerProvider(host, driver, chars, ctx, h)),
    NdisIfDeregisterProvider: (h) => v('NdisIfDeregisterProvider', undefined, () => ifs.deregisterProvider(host, h)),
    NdisIfAllocateNetLuidIndex: (t, o) => st('NdisIfAllocateNetLuidIndex', { ifType: t }, () => ifs.allocateLuidIndex(host, t, o), () => ({ netLuidIndex: o.value ?? null })),
    NdisIfFreeNetLuidIndex: (t, i) => st('NdisIfFreeNetLuidIndex', { ifType: t, netLuidIndex: i }, () => ifs.freeLuidIndex(host, t, i)),
    NdisIfRegisterInterface: (h, luid, ctx, info, o) =>
      st('NdisIfRegisterInterface', { netLuid: luid ? netLuidText(luid) : null, name: info?.FriendlyName ?? null }, () => ifs.registerInterface(host, h, luid, ctx, info, o), () => ({ ifIndex: o.value ?? null })),
    NdisIfDeregisterInterface: (i) => v('NdisIfDeregisterInterface', { ifIndex: i }, () => ifs.deregisterInterface(host, i)),
    NdisIfGetInterfaceIndexFromNetLuid: (l, o) => st('NdisIfGetInterfaceIndexFromNetLuid', { netLuid: l ? netLuidText(l) : null }, () => ifs.indexFromLuid(host, l, o), () => ({ ifIndex: o.value ?? null })),
    NdisIfGetNetLuidFromInterfaceIndex: (i, o) => st('NdisIfGetNetLuidFromInterfaceIndex', { ifIndex: i }, () => ifs.luidFromIndex(host, i, o), () => ({ netLuid: o.value ? netLuidText(o.value) : null })),
    NdisIfQueryBindingIfIndex: (h, a, b, c, d) => st('NdisIfQueryBindingIfIndex', undefined, () => ifs.queryBindingIfIndex(host, h, a, b, c, d), () => ({ boundIfIndex: a.value ?? null, lowestIfIndex: c.value ?? null })),
    NdisIfAddIfStackEntry: (hi, lo) => st('NdisIfAddIfStackEntry', { higher: hi, lower: lo }, () => ifs.addIfStackEntry(host, hi, lo)),
    NdisIfDeleteIfStackEntry: (hi, lo) => v('NdisIfDeleteIfStackEntry', { higher: hi, lower: lo }, () => ifs.deleteIfStackEntry(host, hi, lo)),

    NdisOpenAdapterEx: (p, ctx, params, bc, h) =>
      st('NdisOpenAdapterEx', { adapter: params?.AdapterName ?? null }, () => bind.openAdapter(host, p, ctx, params, bc, h), () => ({ selectedMediumIndex: params.SelectedMediumIndex.value ?? null })),
    NdisCloseAdapterEx: (h) => st('NdisCloseAdapterEx', h instanceof BindingBlock ? { binding: h.name } : undefined, () => bind.closeAdapter(host, h)),
    NdisCompleteBindAdapterEx: (h, s) => v('NdisCompleteBindAdapterEx', { status: statusName(s) }, () => bind.completeBind(host, h, s)),
    NdisCompleteUnbindAdapterEx: (h) => v('NdisCompleteUnbindAdapterEx', undefined, () => bind.completeUnbind(host, h)),
    NdisUnbindAdapter: (h) => st('NdisUnbindAdapter', undefined, () => bind.requestUnbind(host, h)),

    NdisMSetMiniportAttributes: (h, attrs) => st('NdisMSetMiniportAttributes', { type: `0x${(attrs?.Header?.Type ?? 0).toString(16)}` }, () => mp.setMiniportAttributes(host, h, attrs)),
    NdisMPauseComplete: (h) => v('NdisMPauseComplete', undefined, () => mp.pauseComplete(host, h)),
    NdisMRestartComplete: (h, s) => v('NdisMRestartComplete', { status: statusName(s) }, () => mp.restartComplete(host, h, s)),
    NdisMIndicateStatusEx: (h, ind) => v('NdisMIndicateStatusEx', { status: statusName(ind?.StatusCode ?? 0) }, () => mp.indicateStatus(host, h, ind)),
    NdisMRegisterInterruptEx: (h, ctx, chars, o) => st('NdisMRegisterInterruptEx', undefined, () => mp.registerInterrupt(host, h, ctx, chars, o)),
    NdisMDeregisterInterruptEx: (h) => v('NdisMDeregisterInterruptEx', undefined, () => mp.deregisterInterrupt(host, h)),
    NdisFSetAttributes: (h, ctx, attrs) => st('NdisFSetAttributes', undefined, () => flt.setAttributes(host, h, ctx, attrs)),
    NdisFPauseComplete: (h) => v('NdisFPauseComplete', undefined, () => flt.pauseComplete(host, h)),
    NdisFRestartComplete: (h, s) => v('NdisFRestartComplete', { status: statusName(s) }, () => flt.restartComplete(host, h, s)),
    NdisFIndicateStatus: (h, ind) => v('NdisFIndicateStatus', { status: statusName(ind?.StatusCode ?? 0) }, () => flt.indicateStatus(host, h, ind)),

    NdisAllocateNetBufferListPool: (h, params) => v('NdisAllocateNetBufferListPool', undefined, () => misc.allocatePool(host, h, params)),
    NdisFreeNetBufferListPool: (h) => v('NdisFreeNetBufferListPool', undefined, () => misc.freePool(host, h)),
    NdisAllocateNetBufferAndNetBufferList: (pool, _cs, _bf, mdl, off, len) =>
      v('NdisAllocateNetBufferAndNetBufferList', { length: len }, () => misc.allocateNbl(host, driver, pool, mdl, off, len), (n) => ({ nbl: n ? n.id : null })),
    NdisFreeNetBufferList: (n) => v('NdisFreeNetBufferList', { nbl: n?.id ?? null }, () => misc.freeNbl(host, driver, n)),
    NdisSendNetBufferLists(h, nbls, port, flags) {
      const f = host.enterDdi(driver, 'NdisSendNetBufferLists', undefined);
      const b = binding(h, 'NdisSendNetBufferLists');
      if (b) dp.sendFromBinding(host, b, nbls, port, flags, driver, inFlight);
      host.leaveDdi(f);
    },
    NdisMSendNetBufferListsComplete(h, nbls, flags) {
      const f = host.enterDdi(driver, 'NdisMSendNetBufferListsComplete', undefined);
      const a = adapter(h, 'NdisMSendNetBufferListsComplete');
      if (a) dp.completeFromMiniport(host, a, nbls, flags, inFlight);
      host.leaveDdi(f);
    },
    NdisMIndicateReceiveNetBufferLists(h, nbls, port, n, flags) {
      const f = host.enterDdi(driver, 'NdisMIndicateReceiveNetBufferLists', flags & 0x2 ? RESOURCES_ARGS : undefined);
      const a = adapter(h, 'NdisMIndicateReceiveNetBufferLists');
      if (a) dp.indicateFromMiniport(host, a, nbls, port, n, flags, inFlight);
      host.leaveDdi(f);
    },
    NdisReturnNetBufferLists(h, nbls, flags) {
      const f = host.enterDdi(driver, 'NdisReturnNetBufferLists', undefined);
      const b = binding(h, 'NdisReturnNetBufferLists');
      if (b) dp.returnFromBinding(host, b, nbls, flags, inFlight);
      host.leaveDdi(f);
    },
    NdisFSendNetBufferLists(h, nbls, port, flags) {
      const f = host.enterDdi(driver, 'NdisFSendNetBufferLists', undefined);
      const m = module(h, 'NdisFSendNetBufferLists');
      if (m) dp.sendFromFilter(host, m, nbls, port, flags, inFlight);
      host.leaveDdi(f);
    },
    NdisFSendNetBufferListsComplete(h, nbls, flags) {
      const f = host.enterDdi(driver, 'NdisFSendNetBufferListsComplete', undefined);
      const m = module(h, 'NdisFSendNetBufferListsComplete');
      if (m) dp.completeFromFilter(host, m, nbls, flags, inFlight);
      host.leaveDdi(f);
    },
    NdisFIndicateReceiveNetBufferLists(h, nbls, port, n, flags) {
      const f = host.enterDdi(driver, 'NdisFIndicateReceiveNetBufferLists', flags & 0x2 ? RESOURCES_ARGS : undefined);
      const m = module(h, 'NdisFIndicateReceiveNetBufferLists');
      if (m) dp.indicateFromFilter(host, m, nbls, port, n, flags, inFlight);
      host.leaveDdi(f);
    },
    NdisFReturnNetBufferLists(h, nbls, flags) {
      const f = host.enterDdi(driver, 'NdisFReturnNetBufferLists', undefined);
      const m = module(h, 'NdisFReturnNetBufferLists');
      if (m) dp.returnFromFilter(host, m, nbls, flags, inFlight);
      host.leaveDdi(f);
    },

    NdisOidRequest: (h, req) => st('NdisOidRequest', req ? oid.oidArgs(req) : undefined, () => oid.oidFromBinding(host, h, req)),
    NdisMOidRequestComplete: (h, req, s) => v('NdisMOidRequestComplete', { ...(req ? oid.oidArgs(req) : {}), status: statusName(s) }, () => oid.miniportOidComplete(host, h, req, s)),
    NdisFOidRequest: (h, req) => st('NdisFOidRequest', req ? oid.oidArgs(req) : undefined, () => oid.oidFromFilter(host, h, req)),
    NdisFOidRequestComplete: (h, req, s) => v('NdisFOidRequestComplete', { status: statusName(s) }, () => oid.filterOidComplete(host, h, req, s)),
    NdisAllocateCloneOidRequest: (_h, req, _tag, o) => st('NdisAllocateCloneOidRequest', undefined, () => oid.cloneOid(req, o)),
    NdisFreeCloneOidRequest: () => v('NdisFreeCloneOidRequest', undefined, () => undefined),

    NdisAllocateTimerObject: (h, chars, o) => st('NdisAllocateTimerObject', undefined, () => misc.allocateTimer(host, h, chars, o)),
    NdisSetTimerObject: (t, due, period, ctx) => v('NdisSetTimerObject', { dueTime: due, periodMs: period }, () => misc.setTimer(host, t, due, period, ctx), (r) => ({ wasSet: r })),
    NdisCancelTimerObject: (t) => v('NdisCancelTimerObject', undefined, () => misc.cancelTimer(host, t), (r) => ({ cancelled: r })),
    NdisFreeTimerObject: (t) => v('NdisFreeTimerObject', undefined, () => misc.freeTimer(host, t)),
    NdisOpenConfigurationEx: (obj, o) => st('NdisOpenConfigurationEx', undefined, () => misc.openConfiguration(host, obj, o)),
    NdisReadConfiguration: (s, val, h, kw, type) => v('NdisReadConfiguration', { keyword: kw }, () => misc.readConfiguration(host, s, val, h, kw, type), () => ({ status: statusName(s.value ?? 0) })),
    NdisWriteConfiguration: (s, h, kw, val) => v('NdisWriteConfiguration', { keyword: kw }, () => misc.writeConfiguration(host, s, h, kw, val)),
    NdisCloseConfiguration: (h) => v('NdisCloseConfiguration', undefined, () => misc.closeConfiguration(host, h)),
    NdisGetSystemUpTimeEx: () => Math.floor((host.now - host.bootedAt) / 1e6),
    KeQueryInterruptTimePrecise: () => Math.floor((host.now - host.bootedAt) / 100),
    DbgPrint: (msg) => host.log('info', String(msg), host.callerFrame()?.component ?? driver.component),
  };
}
