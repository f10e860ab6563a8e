/**
 * Timers (NdisAllocateTimerObject …), configuration (NdisOpenConfigurationEx …) and NBL pools.
 * Timers fire as scheduler events on the virtual clock; a miniport's timers set at halt are
 * checked by the halt. Configuration reads the scenario's registry and what drivers persisted.
 */
import { AdapterBlock, BindingBlock, ConfigBlock, DriverBlock, FilterDriverBlock, FilterModuleBlock, MiniportDriverBlock, PoolBlock, ProtocolBlock, ProviderBlock, TimerBlock } from './blocks';
import { block } from './handles';
import type { NdisHost } from './host';
import { Nbl } from './nbl';
import { NDIS_STATUS_FAILURE, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_SUCCESS, type NdisStatus } from './status';
import type { ConfigurationObject, ConfigValue, NblPoolParameters, NdisHandle, NetBufferList, Out, TimerCharacteristics } from './types';

export function allocateTimer(host: NdisHost, h: NdisHandle, chars: TimerCharacteristics, out: Out<NdisHandle>): NdisStatus {
  if (!chars?.TimerFunction) return NDIS_STATUS_INVALID_PARAMETER;
  const t = new TimerBlock(h, host.currentComponent(), chars, h instanceof AdapterBlock ? h : undefined);
  t.adapter?.timers.add(t);
  out.value = t;
  return NDIS_STATUS_SUCCESS;
}

export function setTimer(host: NdisHost, h: NdisHandle, dueTime: number, periodMs: number, ctx: unknown): boolean {
  const t = block(host, h, TimerBlock, 'NdisSetTimerObject', 'TimerObject');
  if (!t || t.freed) return false;
  const wasSet = cancel(host, t);
  const delay = dueTime < 0 ? -dueTime * 100 : Math.max(0, dueTime * 100 - (host.now - host.bootedAt));
  const arm = (at: number): void => {
    const gen = host.generation;
    t.event = host.env.sched.at(at, () => {
      if (gen !== host.generation || t.freed) return;
      t.event = null;
      if (periodMs > 0) arm(host.now + periodMs * 1e6);
      const fn = t.chars.TimerFunction;
      const f = host.enterHandler(t.component, 'TimerFunction', fn, undefined);
      fn(null, ctx ?? t.chars.FunctionContext);
      host.leaveHandler(f);
    });
  };
  arm(host.now + delay);
  return wasSet;
}

function cancel(host: NdisHost, t: TimerBlock): boolean {
  if (!t.event || t.event.cancelled) return false;
  host.env.sched.cancel(t.event);
  t.event = null;
  return true;
}

export function cancelTimer(host: NdisHost, h: NdisHandle): boolean {
  const t = block(host, h, TimerBlock, 'NdisCancelTimerObject', 'TimerObject');
  return t ? cancel(host, t) : false;
}

export function freeTimer(host: NdisHost, h: NdisHandle): void {
  const t = block(host, h, TimerBlock, 'NdisFreeTimerObject', 'TimerObject');
  if (!t) return;
  if (t.event && !t.event.cancelled) host.violation('free-set-timer', 'NdisFreeTimerObject on a timer that is still set (cancel it first)');
  cancel(host, t);
  t.freed = true;
  t.adapter?.timers.delete(t);
}

/** The registry section a handle's configuration lives in. */
function sectionOf(h: NdisHandle): string | undefined {
  if (h instanceof DriverBlock) return h.serviceName;
  if (h instanceof ProtocolBlock || h instanceof ProviderBlock) return h.driver.serviceName;
  if (h instanceof MiniportDriverBlock || h instanceof FilterDriverBlock) return h.driver.serviceName;
  if (h instanceof BindingBlock) return `${h.protocol.driver.serviceName}\\Adapters\\${h.adapter.name}`;
  if (h instanceof AdapterBlock) return h.name;
  if (h instanceof FilterModuleBlock) return `${h.driver.driver.serviceName}\\${h.adapter.name}`;
  return undefined;
}

export function openConfiguration(host: NdisHost, obj: ConfigurationObject, out: Out<NdisHandle>): NdisStatus {
  const path = obj?.NdisHandle ? sectionOf(obj.NdisHandle) : undefined;
  if (!path) return NDIS_STATUS_INVALID_PARAMETER;
  const section = new Map(host.config.registry.get(path) ?? []);
  for (const [k, v] of host.persistent.registry.get(path) ?? []) section.set(k, v);
  out.value = new ConfigBlock(section, path);
  return NDIS_STATUS_SUCCESS;
}

export function readConfiguration(host: NdisHost, status: Out<NdisStatus>, value: Out<ConfigValue>, h: NdisHandle, keyword: string, type: 'integer' | 'string'): void {
  const c = block(host, h, ConfigBlock, 'NdisReadConfiguration', 'ConfigurationHandle');
  const v = c && !c.closed ? c.section.get(keyword) : undefined;
  status.value = NDIS_STATUS_FAILURE;
  if (!v) return;
  if (type === 'integer') {
    const n = v.ParameterType === 'integer' ? v.IntegerData : Number(v.StringData);
    if (!Number.isInteger(n)) return;
    value.value = { ParameterType: 'integer', IntegerData: n };
  } else {
    value.value = { ParameterType: 'string', StringData: v.ParameterType === 'string' ? v.StringData : String(v.IntegerData) };
  }
  status.value = NDIS_STATUS_SUCCESS;
}

export function writeConfiguration(host: NdisHost, status: Out<NdisStatus>, h: NdisHandle, keyword: string, value: ConfigValue): void {
  const c = block(host, h, ConfigBlock, 'NdisWriteConfiguration', 'ConfigurationHandle');
  status.value = NDIS_STATUS_FAILURE;
  if (!c || c.closed) return;
  c.section.set(keyword, value);
  let p = host.persistent.registry.get(c.path);
  if (!p) host.persistent.registry.set(c.path, (p = new Map()));
  p.set(keyword, value);
  status.value = NDIS_STATUS_SUCCESS;
}

export function closeConfiguration(host: NdisHost, h: NdisHandle): void {
  const c = block(host, h, ConfigBlock, 'NdisCloseConfiguration', 'ConfigurationHandle');
  if (c) c.closed = true;
}

export function allocatePool(host: NdisHost, h: NdisHandle, params: NblPoolParameters): NdisHandle | null {
  if (!h) return null;
  return new PoolBlock(h, host.currentComponent(), params?.PoolTag ?? 0);
}

export function freePool(host: NdisHost, h: NdisHandle): void {
  const p = block(host, h, PoolBlock, 'NdisFreeNetBufferListPool', 'PoolHandle');
  if (!p) return;
  if (p.outstanding > 0) host.violation('free-pool-in-use', `NdisFreeNetBufferListPool: ${p.outstanding} NBL(s) from this pool were never freed`);
  p.freed = true;
}

export function allocateNbl(host: NdisHost, driver: DriverBlock, h: NdisHandle, mdl: Uint8Array, offset: number, length: number): NetBufferList | null {
  const p = block(host, h, PoolBlock, 'NdisAllocateNetBufferAndNetBufferList', 'PoolHandle');
  if (!p || p.freed) return null;
  p.outstanding++;
  const data = offset === 0 && length === mdl.length ? mdl : mdl.subarray(offset, offset + length);
  return new Nbl(p, data, driver, host.currentComponent());
}

export function freeNbl(host: NdisHost, driver: DriverBlock, nbl: NetBufferList): void {
  if (!(nbl instanceof Nbl)) {
    host.violation('invalid-handle', 'NdisFreeNetBufferList: not an NBL NDIS allocated');
    return;
  }
  if (nbl.phase === 'free') {
    host.violation('nbl-double-free', `NdisFreeNetBufferList: NBL #${nbl.id} is already freed`);
    return;
  }
  if (nbl.phase !== 'idle' || nbl.holder !== driver) {
    host.violation('nbl-free-in-use', `NdisFreeNetBufferList: NBL #${nbl.id} is ${nbl.phase === 'idle' ? `held by ${nbl.holderComponent}` : `still in flight (${nbl.phase}, held by ${nbl.holderComponent})`}`);
    return;
  }
  nbl.phase = 'free';
  nbl.pool.outstanding--;
}
