/**
 * Miniport-side DDIs that are not data path (ndis-facts §3.11–3.12, 3.16, 3.17, 5.2):
 * attributes in their required order, pause/restart completion (0x7C/0x1F when nothing is
 * pending), status indications, interrupts, and the IM device-instance calls.
 */
import { revisionDef, STRUCTS } from '../../../common/src/catalog';
import { AdapterBlock, InterruptBlock, MiniportDriverBlock } from './blocks';
import { pointerText, paramText, P1 } from './bugcheck';
import { block } from './handles';
import type { NdisHost } from './host';
import { finishMiniportPause, haltAdapter, setAdapterState, startAdapter } from './adapters';
import {
  NDIS_STATUS_BAD_VERSION, NDIS_STATUS_FAILURE, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_LINK_STATE, NDIS_STATUS_NOT_ACCEPTED,
  NDIS_STATUS_SUCCESS, statusName, type NdisStatus,
} from './status';
import {
  HaltAction, out, type InterruptCharacteristics, type LinkState, type MiniportAdapterAttributes, type MiniportAdapterGeneralAttributes,
  type MiniportAdapterRegistrationAttributes, type NdisHandle, type Out, type StatusIndication,
} from './types';

const REGISTRATION = 0x9e;
const GENERAL = 0x9f;

export function setMiniportAttributes(host: NdisHost, h: NdisHandle, attrs: MiniportAdapterAttributes): NdisStatus {
  const a = block(host, h, AdapterBlock, 'NdisMSetMiniportAttributes', 'NdisMiniportHandle');
  if (!a) return NDIS_STATUS_INVALID_PARAMETER;
  if (!a.initializing) host.violation('attributes-outside-initialize', `NdisMSetMiniportAttributes on ${a.name} outside MiniportInitializeEx`);
  const hdr = attrs?.Header;
  if (!hdr) return NDIS_STATUS_INVALID_PARAMETER;
  if (hdr.Type === REGISTRATION) {
    const s = STRUCTS.NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    const rev = revisionDef(s, hdr.Revision);
    if (!rev) return NDIS_STATUS_BAD_VERSION;
    if (hdr.Size < rev.sizeX64) {
      host.log('error', `NdisMSetMiniportAttributes: Header.Size ${hdr.Size} is below ${rev.sizeConstant} (${rev.sizeX64})`);
      return NDIS_STATUS_INVALID_PARAMETER;
    }
    a.context = (attrs as MiniportAdapterRegistrationAttributes).MiniportAdapterContext;
    a.regAttrsSet = true;
    return NDIS_STATUS_SUCCESS;
  }
  if (!a.regAttrsSet) {
    host.violation('attribute-order', `NdisMSetMiniportAttributes on ${a.name}: the registration attributes must be set first (§3.16)`);
    return NDIS_STATUS_FAILURE;
  }
  if (hdr.Type === GENERAL) {
    if (hdr.Revision < 1 || hdr.Revision > 4) return NDIS_STATUS_BAD_VERSION;
    const g = attrs as MiniportAdapterGeneralAttributes;
    a.genAttrs = g;
    a.linkUp = g.MediaConnectState === 'connected';
    return NDIS_STATUS_SUCCESS;
  }
  if (!a.genAttrs) {
    host.violation('attribute-order', `NdisMSetMiniportAttributes on ${a.name}: the general attributes must come before any other attributes (§3.16)`);
    return NDIS_STATUS_FAILURE;
  }
  return NDIS_STATUS_SUCCESS;
}

export function pauseComplete(host: NdisHost, h: NdisHandle): void {
  const a = block(host, h, AdapterBlock, 'NdisMPauseComplete', 'MiniportAdapterHandle');
  if (!a) return;
  if (a.pending !== 'pause') {
    host.bugCheck(P1.ILLEGAL_MINIPORT_STATE_TRANSITION, pointerText(a.id), paramText(0), paramText(0), `${a.name} called NdisMPauseComplete with no pause pending (adapter ${a.state})`);
  }
  finishMiniportPause(host, a);
}

export function restartComplete(host: NdisHost, h: NdisHandle, status: NdisStatus): void {
  const a = block(host, h, AdapterBlock, 'NdisMRestartComplete', 'MiniportAdapterHandle');
  if (!a) return;
  if (a.pending !== 'restart') {
    host.bugCheck(P1.ILLEGAL_MINIPORT_STATE_TRANSITION, pointerText(a.id), paramText(0), paramText(0), `${a.name} called NdisMRestartComplete with no restart pending (adapter ${a.state})`);
  }
  a.pending = null;
  setAdapterState(host, a, status === NDIS_STATUS_SUCCESS ? 'Running' : 'Paused');
}

export function indicateStatus(host: NdisHost, h: NdisHandle, ind: StatusIndication): void {
  const a = block(host, h, AdapterBlock, 'NdisMIndicateStatusEx', 'MiniportAdapterHandle');
  if (!a) return;
  if (a.state === 'Halted' || a.state === 'Initializing') {
    host.violation('status-after-halt', `${a.name} called NdisMIndicateStatusEx while ${a.state} (SDV NdisMIndicateStatusEx)`);
    return;
  }
  if (ind.StatusCode === NDIS_STATUS_LINK_STATE) {
    const up = (ind.StatusBuffer as LinkState | null)?.MediaConnectState === 'connected';
    if (up !== a.linkUp) host.state('link', a.name, a.component, a.linkUp ? 'connected' : 'disconnected', up ? 'connected' : 'disconnected');
    a.linkUp = up;
  }
  statusUp(host, a, 0, ind, a.component);
}

/** Deliver a status indication up from filter level `level`: the next filter with a StatusHandler, else every binding. */
export function statusUp(host: NdisHost, a: AdapterBlock, level: number, ind: StatusIndication, from: string): void {
  const args = { status: statusName(ind.StatusCode), from };
  for (let i = level; i < a.filters.length; i++) {
    const m = a.filters[i]!;
    const fn = m.driver.chars.StatusHandler;
    if (fn && m.state !== 'Attaching' && m.state !== 'Detached') {
      const f = host.enterHandler(m.component, 'StatusHandler', fn, args);
      fn(m.context, ind);
      host.leaveHandler(f);
      return;
    }
  }
  for (const b of [...a.bindings]) {
    const fn = b.protocol.chars.StatusHandlerEx;
    if (!fn || b.state === 'Opening' || b.closed) continue;
    const f = host.enterHandler(b.component, 'StatusHandlerEx', fn, { ...args, binding: b.name });
    fn(b.context, ind);
    host.leaveHandler(f);
  }
}

export function registerInterrupt(host: NdisHost, h: NdisHandle, ctx: unknown, chars: InterruptCharacteristics, handle: Out<NdisHandle>): NdisStatus {
  const a = block(host, h, AdapterBlock, 'NdisMRegisterInterruptEx', 'MiniportAdapterHandle');
  if (!a) return NDIS_STATUS_INVALID_PARAMETER;
  if (!a.initializing) host.violation('interrupt-outside-initialize', `NdisMRegisterInterruptEx on ${a.name} outside MiniportInitializeEx`);
  if (!chars?.InterruptHandler || !chars.InterruptDpcHandler) return NDIS_STATUS_INVALID_PARAMETER;
  const i = new InterruptBlock(a, ctx, chars);
  a.interrupts.add(i);
  a.device?.setInterruptsEnabled(true);
  handle.value = i;
  return NDIS_STATUS_SUCCESS;
}

export function deregisterInterrupt(host: NdisHost, h: NdisHandle): void {
  const i = block(host, h, InterruptBlock, 'NdisMDeregisterInterruptEx', 'NdisInterruptHandle');
  if (!i) return;
  if (i.deregistered) host.violation('double-deregister', `NdisMDeregisterInterruptEx: the interrupt of ${i.adapter.name} is already deregistered`);
  i.deregistered = true;
  i.adapter.interrupts.delete(i);
  if (!i.adapter.interrupts.size) i.adapter.device?.setInterruptsEnabled(false);
}

/** The device behind `a` raised its interrupt line: ISR, then the DPC when the ISR queues it. */
export function raiseInterrupt(host: NdisHost, a: AdapterBlock): void {
  for (const i of a.interrupts) {
    const q = out<boolean>();
    const isr = i.chars.InterruptHandler;
    const f = host.enterHandler(a.component, 'InterruptHandler', isr, undefined);
    const claimed = isr(i.context, q);
    host.leaveHandler(f, undefined, { claimed, queueDpc: q.value === true });
    if (q.value) {
      const dpc = i.chars.InterruptDpcHandler;
      const g = host.enterHandler(a.component, 'InterruptDpcHandler', dpc, undefined);
      dpc(i.context, null);
      host.leaveHandler(g);
    }
    if (claimed) return;
  }
}

/** NdisIMInitializeDeviceInstanceEx: schedules the virtual miniport's MiniportInitializeEx. */
export function imInitializeDeviceInstance(host: NdisHost, h: NdisHandle, instance: string, ctx: unknown): NdisStatus {
  const m = block(host, h, MiniportDriverBlock, 'NdisIMInitializeDeviceInstanceEx', 'DriverHandle');
  if (!m) return NDIS_STATUS_INVALID_PARAMETER;
  const a = host.adapters.get(instance);
  if (!m.intermediate || !a || !a.spec.virtual || a.spec.driver !== m.driver.serviceName) {
    host.log('error', `NdisIMInitializeDeviceInstanceEx: no virtual miniport device instance "${instance}" of ${m.driver.serviceName} is installed`);
    return NDIS_STATUS_FAILURE;
  }
  if (a.imInitRequested || a.state !== 'Halted') return NDIS_STATUS_NOT_ACCEPTED;
  a.imInitRequested = true;
  a.imContext = ctx;
  a.driver = m;
  // PnP starts the device later (IRP_MN_START_DEVICE), in its own PnP operation.
  host.at(host.now, () => host.pnp(`start ${a.name}`, () => {
    if (a.imInitRequested && a.state === 'Halted' && !m.deregistered) startAdapter(host, a);
  }));
  return NDIS_STATUS_SUCCESS;
}

export function imCancelInitializeDeviceInstance(host: NdisHost, h: NdisHandle, instance: string): NdisStatus {
  const m = block(host, h, MiniportDriverBlock, 'NdisIMCancelInitializeDeviceInstance', 'DriverHandle');
  const a = host.adapters.get(instance);
  if (!m || !a || !a.imInitRequested || a.state !== 'Halted') return NDIS_STATUS_FAILURE;
  a.imInitRequested = false;
  return NDIS_STATUS_SUCCESS;
}

export function imDeInitializeDeviceInstance(host: NdisHost, h: NdisHandle): NdisStatus {
  if (!(h instanceof AdapterBlock) || !h.spec.virtual || h.state === 'Halted') return NDIS_STATUS_FAILURE;
  haltAdapter(host, h, HaltAction.NdisHaltDeviceInstanceDeInitialized);
  return NDIS_STATUS_SUCCESS;
}
