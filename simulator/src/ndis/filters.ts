/**
 * Filter modules (ndis-facts §3.5, 3.6, 5.4): attach (NdisFSetAttributes inside FilterAttach),
 * pause/restart with optional pending completion, detach, and the filter DDIs that are not data
 * path. NDIS always pauses the stack before attaching or detaching a module.
 */
import { AdapterBlock, FilterDriverBlock, FilterModuleBlock } from './blocks';
import { pointerText, paramText, P1 } from './bugcheck';
import { block } from './handles';
import type { NdisHost } from './host';
import { FILTER_TRANSITIONS, legal, type FilterModuleState } from './stateMachines';
import { NDIS_STATUS_FAILURE, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS, type NdisStatus } from './status';
import type { FilterAttributes, NdisHandle, StatusIndication } from './types';
import { pauseStack, restartStack } from './adapters';
import { statusUp } from './miniportDdis';

export function setModuleState(host: NdisHost, m: FilterModuleBlock, to: FilterModuleState): void {
  if (!legal(FILTER_TRANSITIONS, m.state, to)) host.violation('illegal-state-transition', `filter module ${m.name}: ${m.state} → ${to} is not a legal transition`, m.component);
  host.state('filter-module', m.name, m.component, m.state, to);
  m.state = to;
}

/** Whether NDIS attaches filter driver `f` to adapter `a`. */
export function canAttach(host: NdisHost, f: FilterDriverBlock, a: AdapterBlock): boolean {
  if (f.deregistered || [...f.modules].some((m) => m.adapter === a)) return false;
  const only = host.config.bindTo.get(f.driver.serviceName);
  return !only || only.has(a.name);
}

/** FilterAttach; on success the module sits on top of the adapter's filter stack, Paused. */
export function attachModule(host: NdisHost, f: FilterDriverBlock, a: AdapterBlock): FilterModuleBlock | undefined {
  const m = new FilterModuleBlock(f, a);
  m.luid = { IfType: 6, NetLuidIndex: host.persistent.ndisLuidIndex(`filter:${m.name}`, 6) };
  m.ifIndex = host.interfaces.allocateIfIndex();
  host.interfaces.add({ ifIndex: m.ifIndex, luid: m.luid, provider: 'ndis', context: m, info: undefined, name: m.name });
  setModuleState(host, m, 'Attaching');
  const fn = f.chars.AttachHandler!;
  const fr = host.enterHandler(m.component, 'AttachHandler', fn, { adapter: a.name });
  const st = fn(m, f.context, {
    Header: { Type: 0x99, Revision: 1, Size: 0 }, IfIndex: m.ifIndex, NetLuid: m.luid, FilterModuleGuidName: `{${f.chars.UniqueName}}-${a.name}`,
    BaseMiniportIfIndex: a.ifIndex, BaseMiniportName: `\\DEVICE\\${a.name}`, MiniportMediaType: a.genAttrs!.MediaType, MtuSize: a.genAttrs!.MtuSize,
    CurrentMacAddress: a.mac, MediaConnectState: a.linkUp ? 'connected' : 'disconnected',
  });
  host.leaveHandler(fr, st, { ifIndex: m.ifIndex });
  let ok = st === NDIS_STATUS_SUCCESS;
  if (ok && !m.attributesSet) {
    host.violation('attach-without-attributes', `${m.name}: FilterAttach returned success without calling NdisFSetAttributes; NDIS fails the attach`, m.component);
    ok = false;
  }
  if (!ok) {
    setModuleState(host, m, 'Detached');
    host.interfaces.remove(host.interfaces.byIndex.get(m.ifIndex)!);
    return undefined;
  }
  setModuleState(host, m, 'Paused');
  f.modules.add(m);
  a.filters.push(m);
  return m;
}

/** FilterPause; PENDING waits for NdisFPauseComplete. */
export function pauseModule(host: NdisHost, m: FilterModuleBlock): void {
  if (m.state !== 'Running') return;
  setModuleState(host, m, 'Pausing');
  const fn = m.driver.chars.PauseHandler!;
  const f = host.enterHandler(m.component, 'PauseHandler', fn, undefined);
  const st = fn(m.context, { Flags: 0, PauseReason: 0 });
  host.leaveHandler(f, st);
  if (st === NDIS_STATUS_PENDING) {
    m.pending = 'pause';
    host.waitFor('NdisFPauseComplete', () => m.state === 'Paused', m.component);
    return;
  }
  if (st !== NDIS_STATUS_SUCCESS) host.violation('pause-must-not-fail', `${m.name}: FilterPause returned a failure; a pause cannot fail`, m.component);
  finishPause(host, m);
}

function finishPause(host: NdisHost, m: FilterModuleBlock): void {
  if (m.held > 0) host.violation('pause-with-outstanding-nbls', `${m.name} finished pausing while holding ${m.held} NBL(s)`, m.component);
  m.pending = null;
  setModuleState(host, m, 'Paused');
}

/** FilterRestart; PENDING waits for NdisFRestartComplete. */
export function restartModule(host: NdisHost, m: FilterModuleBlock): void {
  if (m.state !== 'Paused') return;
  setModuleState(host, m, 'Restarting');
  const fn = m.driver.chars.RestartHandler!;
  const f = host.enterHandler(m.component, 'RestartHandler', fn, undefined);
  const st = fn(m.context, { Flags: 0 });
  host.leaveHandler(f, st);
  if (st === NDIS_STATUS_PENDING) {
    m.pending = 'restart';
    host.waitFor('NdisFRestartComplete', () => m.state !== 'Restarting', m.component);
    return;
  }
  setModuleState(host, m, st === NDIS_STATUS_SUCCESS ? 'Running' : 'Paused');
}

/** Pause the stack (unless halting), FilterDetach, restart. Holding NBLs at detach is 0x7C/0x27. */
export function detachModule(host: NdisHost, m: FilterModuleBlock, restart: boolean): void {
  const a = m.adapter;
  pauseStack(host, a);
  const fn = m.driver.chars.DetachHandler!;
  const f = host.enterHandler(m.component, 'DetachHandler', fn, undefined);
  fn(m.context);
  host.leaveHandler(f);
  if (m.held > 0) host.bugCheck(P1.LEAKED_NBL, pointerText(m.id), paramText(m.held), paramText(0), `${m.name} was detached while holding ${m.held} NBL(s)`);
  setModuleState(host, m, 'Detached');
  a.filters = a.filters.filter((x) => x !== m);
  m.driver.modules.delete(m);
  const e = host.interfaces.byIndex.get(m.ifIndex);
  if (e) host.interfaces.remove(e);
  if (restart) restartStack(host, a);
}

export function setAttributes(host: NdisHost, h: NdisHandle, ctx: unknown, attrs: FilterAttributes): NdisStatus {
  const m = block(host, h, FilterModuleBlock, 'NdisFSetAttributes', 'NdisFilterHandle');
  if (!m) return NDIS_STATUS_INVALID_PARAMETER;
  if (m.state !== 'Attaching') {
    host.violation('set-attributes-outside-attach', `NdisFSetAttributes on ${m.name} outside FilterAttach`);
    return NDIS_STATUS_FAILURE;
  }
  if (!attrs?.Header || attrs.Header.Type !== 0x8d || attrs.Header.Revision !== 1) {
    host.log('error', 'NdisFSetAttributes: FilterAttributes->Header must be NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES (0x8D), revision 1');
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  m.context = ctx;
  m.attributesSet = true;
  return NDIS_STATUS_SUCCESS;
}

export function pauseComplete(host: NdisHost, h: NdisHandle): void {
  const m = block(host, h, FilterModuleBlock, 'NdisFPauseComplete', 'NdisFilterHandle');
  if (!m) return;
  if (m.pending !== 'pause') {
    host.violation('unexpected-completion', `NdisFPauseComplete on ${m.name} with no pause pending (NdisFilterTimedPauseComplete: never complete twice)`);
    return;
  }
  finishPause(host, m);
}

export function restartComplete(host: NdisHost, h: NdisHandle, status: NdisStatus): void {
  const m = block(host, h, FilterModuleBlock, 'NdisFRestartComplete', 'NdisFilterHandle');
  if (!m) return;
  if (m.pending !== 'restart') {
    host.violation('unexpected-completion', `NdisFRestartComplete on ${m.name} with no restart pending`);
    return;
  }
  m.pending = null;
  setModuleState(host, m, status === NDIS_STATUS_SUCCESS ? 'Running' : 'Paused');
}

export function indicateStatus(host: NdisHost, h: NdisHandle, ind: StatusIndication): void {
  const m = block(host, h, FilterModuleBlock, 'NdisFIndicateStatus', 'NdisFilterHandle');
  if (!m) return;
  if (m.state === 'Attaching' || m.state === 'Detached') {
    host.violation('status-in-state', `${m.name} indicated status while ${m.state}`);
    return;
  }
  statusUp(host, m.adapter, m.adapter.filters.indexOf(m) + 1, ind, m.component);
}
