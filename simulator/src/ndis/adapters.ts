/**
 * Miniport adapters (ndis-facts §5.1, 5.2): initialisation, the stack pause/restart order
 * (bindings, then filters top-down, then the miniport; restart the other way round), halt with
 * its leak checks (interrupts 0x08, timers 0x09, NBLs 0x27), and shutdown.
 */
import type { AdapterBlock } from './blocks';
import { bindProtocol, canBind, pauseBinding, restartBinding, unbindBinding } from './bindings';
import { pointerText, paramText, P1 } from './bugcheck';
import { attachModule, canAttach, detachModule, pauseModule, restartModule } from './filters';
import type { NdisHost } from './host';
import { ADAPTER_TRANSITIONS, legal, type AdapterState } from './stateMachines';
import { NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS } from './status';
import { HaltAction, ShutdownAction } from './types';

export function setAdapterState(host: NdisHost, a: AdapterBlock, to: AdapterState): void {
  if (!legal(ADAPTER_TRANSITIONS, a.state, to)) host.violation('illegal-state-transition', `adapter ${a.name}: ${a.state} → ${to} is not a legal transition`, a.component);
  host.state('adapter', a.name, a.component, a.state, to);
  a.state = to;
}

/** MiniportInitializeEx; true when the adapter reached Paused. */
export function initializeAdapter(host: NdisHost, a: AdapterBlock): boolean {
  const d = a.driver!;
  a.luid = { IfType: 6, NetLuidIndex: host.persistent.ndisLuidIndex(`adapter:${a.name}`, 6) };
  a.ifIndex = host.interfaces.allocateIfIndex();
  host.interfaces.add({ ifIndex: a.ifIndex, luid: a.luid, provider: 'ndis', context: a, info: undefined, name: a.name });
  a.device = a.spec.virtual ? null : host.config.deviceFor(a.name);
  d.adapters.add(a);
  setAdapterState(host, a, 'Initializing');
  a.initializing = true;
  const fn = d.chars.InitializeHandlerEx!;
  const f = host.enterHandler(a.component, 'InitializeHandlerEx', fn, { adapter: a.name, ifIndex: a.ifIndex });
  let st = fn(a, d.context, {
    Header: { Type: 0x81, Revision: 2, Size: 0 }, Flags: 0, IMDeviceInstanceContext: a.imContext, IfIndex: a.ifIndex, NetLuid: a.luid,
    AllocatedResources: a.device,
  });
  host.leaveHandler(f, st);
  a.initializing = false;
  if (st === NDIS_STATUS_PENDING) {
    host.violation('initialize-pending', `${a.name}: MiniportInitializeEx cannot return NDIS_STATUS_PENDING`, a.component);
    st = 0xc0000001;
  }
  if (st === NDIS_STATUS_SUCCESS && (!a.regAttrsSet || !a.genAttrs)) {
    host.violation('missing-attributes', `${a.name}: MiniportInitializeEx succeeded without setting the ${a.regAttrsSet ? 'general' : 'registration'} attributes (NdisMSetMiniportAttributes); NDIS fails the initialization`, a.component);
    const hf = d.chars.HaltHandlerEx!;
    const h = host.enterHandler(a.component, 'HaltHandlerEx', hf, { action: 'NdisHaltDeviceInitializationFailed' });
    hf(a.context, HaltAction.NdisHaltDeviceInitializationFailed);
    host.leaveHandler(h);
    st = 0xc0000001;
  }
  if (st !== NDIS_STATUS_SUCCESS) {
    if ([...a.interrupts].some((i) => !i.deregistered)) host.bugCheck(0x0b, pointerText(a.id), paramText(0), paramText(0), `${a.name}: MiniportInitializeEx failed without deregistering its interrupt`);
    if ([...a.timers].some((t) => t.event && !t.event.cancelled)) host.bugCheck(0x0c, pointerText(a.id), paramText(0), paramText(0), `${a.name}: MiniportInitializeEx failed without cancelling its timers`);
    setAdapterState(host, a, 'Halted');
    dropInterface(host, a);
    d.adapters.delete(a);
    return false;
  }
  setAdapterState(host, a, 'Paused');
  return true;
}

/** Bring a stack up: initialise, attach filters, restart, bind protocols (§5.1 steps 7–8). */
export function startAdapter(host: NdisHost, a: AdapterBlock): void {
  if (!initializeAdapter(host, a)) return;
  for (const f of host.filterDrivers) if (canAttach(host, f, a)) attachModule(host, f, a);
  restartStack(host, a);
  bindAll(host, a);
}

/** Bind every protocol NDIS would bind to `a`. */
export function bindAll(host: NdisHost, a: AdapterBlock): void {
  for (const p of host.protocols) if (canBind(host, p, a)) bindProtocol(host, p, a);
}

/** MiniportPause; PENDING waits for NdisMPauseComplete. */
export function pauseMiniport(host: NdisHost, a: AdapterBlock): void {
  if (a.state !== 'Running') return;
  setAdapterState(host, a, 'Pausing');
  const fn = a.driver!.chars.PauseHandler!;
  const f = host.enterHandler(a.component, 'PauseHandler', fn, undefined);
  const st = fn(a.context, { Flags: 0, PauseReason: 0 });
  host.leaveHandler(f, st);
  if (st === NDIS_STATUS_PENDING) {
    a.pending = 'pause';
    host.waitFor('NdisMPauseComplete', () => a.state === 'Paused', a.component);
    return;
  }
  if (st !== NDIS_STATUS_SUCCESS) host.violation('pause-must-not-fail', `${a.name}: MiniportPause returned a failure; it may only return SUCCESS or PENDING (SDV MiniportPause_Return)`, a.component);
  finishMiniportPause(host, a);
}

export function finishMiniportPause(host: NdisHost, a: AdapterBlock): void {
  if (a.sendsHeld > 0 || a.receivesOut > 0) {
    host.violation('pause-with-outstanding-nbls', `${a.name} finished pausing with ${a.sendsHeld} send(s) not completed and ${a.receivesOut} receive(s) not returned`, a.component);
  }
  a.pending = null;
  setAdapterState(host, a, 'Paused');
}

/** MiniportRestart; PENDING waits for NdisMRestartComplete. */
export function restartMiniport(host: NdisHost, a: AdapterBlock): void {
  if (a.state !== 'Paused') return;
  setAdapterState(host, a, 'Restarting');
  const fn = a.driver!.chars.RestartHandler!;
  const f = host.enterHandler(a.component, 'RestartHandler', fn, undefined);
  const st = fn(a.context, { Flags: 0 });
  host.leaveHandler(f, st);
  if (st === NDIS_STATUS_PENDING) {
    a.pending = 'restart';
    host.waitFor('NdisMRestartComplete', () => a.state !== 'Restarting', a.component);
    return;
  }
  setAdapterState(host, a, st === NDIS_STATUS_SUCCESS ? 'Running' : 'Paused');
}

/** Pause everything above and including the miniport: bindings, filters top-down, miniport. */
export function pauseStack(host: NdisHost, a: AdapterBlock): void {
  for (const b of [...a.bindings]) pauseBinding(host, b);
  for (let i = a.filters.length - 1; i >= 0; i--) pauseModule(host, a.filters[i]!);
  pauseMiniport(host, a);
}

/** Restart in the other order; SetFilterModuleOptions runs for every module before any FilterRestart. */
export function restartStack(host: NdisHost, a: AdapterBlock): void {
  restartMiniport(host, a);
  for (const m of a.filters) {
    const fn = m.driver.chars.SetFilterModuleOptionsHandler;
    if (fn && m.state === 'Paused') {
      const f = host.enterHandler(m.component, 'SetFilterModuleOptionsHandler', fn, undefined);
      host.leaveHandler(f, fn(m.context));
    }
  }
  for (const m of a.filters) restartModule(host, m);
  for (const b of [...a.bindings]) restartBinding(host, b);
}

/** Tear a stack down and MiniportHaltEx (device removal, IM deinitialisation, driver unload). */
export function haltAdapter(host: NdisHost, a: AdapterBlock, action: number): void {
  if (a.state === 'Halted' || a.state === 'Shutdown') return;
  for (const b of [...a.bindings]) unbindBinding(host, b);
  for (let i = a.filters.length - 1; i >= 0; i--) pauseModule(host, a.filters[i]!);
  pauseMiniport(host, a);
  for (let i = a.filters.length - 1; i >= 0; i--) detachModule(host, a.filters[i]!, false);
  const fn = a.driver!.chars.HaltHandlerEx!;
  const name = Object.keys(HaltAction).find((k) => HaltAction[k as keyof typeof HaltAction] === action) ?? String(action);
  const f = host.enterHandler(a.component, 'HaltHandlerEx', fn, { action: name });
  fn(a.context, action);
  host.leaveHandler(f);
  if ([...a.interrupts].some((i) => !i.deregistered)) host.bugCheck(P1.HALT_WITHOUT_INTERRUPT_DEREGISTER, pointerText(a.id), paramText(0), paramText(0), `${a.name}: MiniportHaltEx returned without deregistering its interrupt (NdisMDeregisterInterruptEx)`);
  if ([...a.timers].some((t) => t.event && !t.event.cancelled)) host.bugCheck(P1.HALT_WITHOUT_CANCEL_TIMER, pointerText(a.id), paramText(0), paramText(0), `${a.name}: MiniportHaltEx returned with a timer still set`);
  if (a.sendsHeld > 0) host.bugCheck(P1.LEAKED_NBL, pointerText(a.id), paramText(a.sendsHeld), paramText(0), `${a.name} halted while holding ${a.sendsHeld} sent NBL(s) it never completed`);
  setAdapterState(host, a, 'Halted');
  dropInterface(host, a);
  a.driver!.adapters.delete(a);
  a.regAttrsSet = false;
  a.genAttrs = undefined;
  a.context = undefined;
  a.imInitRequested = false;
  a.device?.setInterruptsEnabled(false);
}

/** MiniportShutdownEx(NdisShutdownPowerOff) for a running or paused adapter. */
export function shutdownAdapter(host: NdisHost, a: AdapterBlock): void {
  if (a.state === 'Halted' || a.state === 'Shutdown' || a.state === 'Initializing') return;
  const fn = a.driver!.chars.ShutdownHandlerEx!;
  const f = host.enterHandler(a.component, 'ShutdownHandlerEx', fn, { action: 'NdisShutdownPowerOff' });
  fn(a.context, ShutdownAction.NdisShutdownPowerOff);
  host.leaveHandler(f);
  setAdapterState(host, a, 'Shutdown');
  a.device?.setInterruptsEnabled(false);
}

function dropInterface(host: NdisHost, a: AdapterBlock): void {
  const e = host.interfaces.byIndex.get(a.ifIndex);
  if (e && e.context === a) host.interfaces.remove(e);
}
