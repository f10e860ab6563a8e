/**
 * The binding engine (ndis-facts §3.14, 3.15, 5.1, 5.3): NDIS calls ProtocolBindAdapterEx for
 * each protocol/adapter pair it wants bound; NdisOpenAdapterEx is only legal inside that call
 * (or while the bind it belongs to is pending), anything else is bug check 0x7C/0x16. Opens and
 * closes can complete with PENDING (host option), binds and unbinds can pend too.
 */
import { AdapterBlock, BindingBlock, BindOp, ProtocolBlock, UnbindOp } from './blocks';
import { pointerText, paramText, P1 } from './bugcheck';
import { block } from './handles';
import type { NdisHost } from './host';
import { BINDING_TRANSITIONS, legal, type BindingState } from './stateMachines';
import {
  NDIS_STATUS_ADAPTER_NOT_FOUND, NDIS_STATUS_FAILURE, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS_PENDING, NDIS_STATUS_SUCCESS,
  NDIS_STATUS_UNSUPPORTED_MEDIA, type NdisStatus,
} from './status';
import { NetEvent, type BindParameters, type NdisHandle, type OpenParameters, type Out } from './types';

export function setBindingState(host: NdisHost, b: BindingBlock, to: BindingState): void {
  if (!legal(BINDING_TRANSITIONS, b.state, to)) host.violation('illegal-state-transition', `binding ${b.name}: ${b.state} → ${to} is not a legal transition`, b.component);
  host.state('binding', b.name, b.component, b.state, to);
  b.state = to;
}

/** Whether NDIS would bind `p` to `a` (INF binding rules and scenario `bindTo`). */
export function canBind(host: NdisHost, p: ProtocolBlock, a: AdapterBlock): boolean {
  if (p.deregistered || p.name !== p.driver.serviceName) return false;
  if (!['Paused', 'Restarting', 'Running', 'Pausing'].includes(a.state)) return false;
  if (p.associated && a.driver === p.associated) return false; // an IM never binds to its own virtual miniports
  const only = host.config.bindTo.get(p.driver.serviceName);
  if (only && !only.has(a.name)) return false;
  return ![...p.bindings].some((b) => b.adapter === a);
}

function bindParameters(p: ProtocolBlock, a: AdapterBlock): BindParameters {
  const g = a.genAttrs!;
  return {
    Header: { Type: 0x86, Revision: 3, Size: 0 },
    ProtocolSection: p.driver.serviceName, AdapterName: a.name, PhysicalDeviceName: `\\Device\\${a.name}`,
    MediaType: g.MediaType, MtuSize: g.MtuSize, MaxXmitLinkSpeed: g.MaxXmitLinkSpeed, MaxRcvLinkSpeed: g.MaxRcvLinkSpeed,
    CurrentMacAddress: a.mac, MacAddressLength: 6, BoundIfIndex: a.ifIndex, BoundIfNetluid: a.luid,
    LowestIfIndex: a.ifIndex, LowestIfNetluid: a.luid, MediaConnectState: a.linkUp ? 'connected' : 'disconnected',
  };
}

/** NDIS binds protocol `p` to adapter `a`, then restarts the new binding. */
export function bindProtocol(host: NdisHost, p: ProtocolBlock, a: AdapterBlock): void {
  const fn = p.chars.BindAdapterHandlerEx!;
  const op = new BindOp(p, a);
  p.bindOps.add(op);
  const f = host.enterHandler(p.component, 'BindAdapterHandlerEx', fn, { adapter: a.name });
  const st = fn(p.context, op, bindParameters(p, a));
  host.leaveHandler(f, st);
  let final = st;
  if (st === NDIS_STATUS_PENDING) {
    op.phase = 'pending';
    host.waitFor('NdisCompleteBindAdapterEx', () => op.phase === 'done', p.component);
    final = op.status;
  }
  op.phase = 'done';
  p.bindOps.delete(op);
  const b = op.binding;
  if (b && b.pendingOpen) host.waitFor('the pending open', () => !b.pendingOpen, 'NDIS');
  if (final !== NDIS_STATUS_SUCCESS) {
    if (b && !b.closed) host.violation('bind-failed-open', `${p.name} failed the bind to ${a.name} but left the binding open (close it with NdisCloseAdapterEx before failing)`, p.component);
    return;
  }
  if (!b || b.closed) {
    host.log('warn', `${p.name} returned success from ProtocolBindAdapterEx for ${a.name} without opening the adapter`, p.component);
    return;
  }
  restartBinding(host, b);
}

/** NetEventPause for a running binding; the protocol must have no sends in flight when it finishes. */
export function pauseBinding(host: NdisHost, b: BindingBlock): void {
  if (b.state !== 'Running') return;
  setBindingState(host, b, 'Pausing');
  const st = netPnP(host, b, NetEvent.NetEventPause, 'NetEventPause');
  if (st === NDIS_STATUS_PENDING) host.waitFor('the pause of its binding', () => b.sendsOut === 0, b.component);
  else if (st !== NDIS_STATUS_SUCCESS) host.violation('pause-must-not-fail', `${b.name}: NetEventPause returned a failure; a pause cannot fail`, b.component);
  if (b.sendsOut > 0) host.violation('pause-with-pending-sends', `${b.name} finished its pause with ${b.sendsOut} send(s) not yet completed`, b.component);
  setBindingState(host, b, 'Paused');
}

/** NetEventRestart for a paused binding. */
export function restartBinding(host: NdisHost, b: BindingBlock): void {
  if (b.state !== 'Paused') return;
  setBindingState(host, b, 'Restarting');
  const st = netPnP(host, b, NetEvent.NetEventRestart, 'NetEventRestart');
  setBindingState(host, b, st === NDIS_STATUS_SUCCESS || st === NDIS_STATUS_PENDING ? 'Running' : 'Paused');
}

function netPnP(host: NdisHost, b: BindingBlock, code: number, name: string): NdisStatus {
  const fn = b.protocol.chars.NetPnPEventHandler!;
  const f = host.enterHandler(b.component, 'NetPnPEventHandler', fn, { binding: b.name, event: name });
  const st = fn(b.context, { PortNumber: 0, NetEvent: code, Buffer: null });
  host.leaveHandler(f, st);
  return st;
}

/** NDIS unbinds: pause, ProtocolUnbindAdapterEx, wait for the close. */
export function unbindBinding(host: NdisHost, b: BindingBlock): void {
  if (b.closed) return;
  if (b.state === 'Running') pauseBinding(host, b);
  const op = new UnbindOp(b);
  b.unbinding = op;
  const fn = b.protocol.chars.UnbindAdapterHandlerEx!;
  const f = host.enterHandler(b.component, 'UnbindAdapterHandlerEx', fn, { binding: b.name });
  const st = fn(op, b.context);
  host.leaveHandler(f, st);
  if (st === NDIS_STATUS_PENDING) {
    op.phase = 'pending';
    host.waitFor('NdisCompleteUnbindAdapterEx', () => op.phase === 'done', b.component);
  }
  op.phase = 'done';
  b.unbinding = null;
  if (b.pendingClose) host.waitFor('the pending close', () => !b.pendingClose, 'NDIS');
  if (!b.closed) {
    host.violation('unbind-without-close', `${b.protocol.name} returned from ProtocolUnbindAdapterEx for ${b.adapter.name} without closing the binding`, b.component);
    finishClose(host, b);
  }
}

/** NdisOpenAdapterEx. */
export function openAdapter(host: NdisHost, ph: NdisHandle, ctx: unknown, params: OpenParameters, bindCtx: NdisHandle, handle: Out<NdisHandle>): NdisStatus {
  const p = block(host, ph, ProtocolBlock, 'NdisOpenAdapterEx', 'NdisProtocolHandle');
  if (!p) return NDIS_STATUS_INVALID_PARAMETER;
  const op = bindCtx instanceof BindOp && bindCtx.protocol === p && bindCtx.phase !== 'done' ? bindCtx : undefined;
  if (!op) {
    host.bugCheck(P1.INVALID_OPEN_IN_BIND_CONTEXT, pointerText(p.id), bindCtx ? pointerText((bindCtx as { id?: number }).id ?? 0) : paramText(0), paramText(0),
      `${p.name} called NdisOpenAdapterEx for "${params?.AdapterName ?? '?'}" outside ProtocolBindAdapterEx (no bind in progress with that BindContext)`);
  }
  if (!params?.Header || params.Header.Type !== 0x87 || params.Header.Revision < 1 || params.Header.Size < 52) {
    host.log('error', 'NdisOpenAdapterEx: OpenParameters->Header must be NDIS_OBJECT_TYPE_OPEN_PARAMETERS (0x87), revision 1, size NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1 (52)');
    return NDIS_STATUS_INVALID_PARAMETER;
  }
  const a = op.adapter;
  if (params.AdapterName !== a.name) return NDIS_STATUS_ADAPTER_NOT_FOUND;
  const medium = params.MediumArray.slice(0, params.MediumArraySize).indexOf(a.genAttrs!.MediaType);
  if (medium < 0) return NDIS_STATUS_UNSUPPORTED_MEDIA;
  if (op.binding && !op.binding.closed) {
    host.log('error', `NdisOpenAdapterEx: ${p.name} already opened ${a.name} in this bind`);
    return NDIS_STATUS_FAILURE;
  }
  const b = new BindingBlock(p, a, ctx);
  host.state('binding', b.name, b.component, 'Unbound', 'Opening');
  p.bindings.add(b);
  a.bindings.add(b);
  op.binding = b;
  params.SelectedMediumIndex.value = medium;
  if (!host.config.pendOpens) {
    handle.value = b;
    setBindingState(host, b, 'Paused');
    return NDIS_STATUS_SUCCESS;
  }
  b.pendingOpen = true;
  host.at(host.now + 1000, () => {
    handle.value = b;
    b.pendingOpen = false;
    setBindingState(host, b, 'Paused');
    const fn = p.chars.OpenAdapterCompleteHandlerEx!;
    const f = host.enterHandler(p.component, 'OpenAdapterCompleteHandlerEx', fn, { binding: b.name, status: 'NDIS_STATUS_SUCCESS' });
    fn(ctx, NDIS_STATUS_SUCCESS);
    host.leaveHandler(f);
  });
  return NDIS_STATUS_PENDING;
}

/** NdisCloseAdapterEx. */
export function closeAdapter(host: NdisHost, h: NdisHandle): NdisStatus {
  const b = block(host, h, BindingBlock, 'NdisCloseAdapterEx', 'NdisBindingHandle');
  if (!b) return NDIS_STATUS_INVALID_PARAMETER;
  if (b.closed || b.state === 'Closing') {
    host.violation('double-close', `NdisCloseAdapterEx: ${b.name} is already closed`);
    return NDIS_STATUS_FAILURE;
  }
  const c = host.callerFrame();
  if (c && c.api !== 'UnbindAdapterHandlerEx' && c.api !== 'BindAdapterHandlerEx' && !pendingUnbindOrBind(b)) {
    host.violation('close-outside-unbind', `NdisCloseAdapterEx on ${b.name} from ${c.api}; outside Bind/Unbind use NdisUnbindAdapter`);
  }
  if (b.receivesHeld > 0) {
    host.bugCheck(P1.LEAKED_NBL, pointerText(b.id), paramText(b.receivesHeld), paramText(0), `${b.protocol.name} closed its binding to ${b.adapter.name} while still holding ${b.receivesHeld} received NBL(s) it never returned with NdisReturnNetBufferLists`);
  }
  if (b.sendsOut > 0) host.violation('close-with-pending-sends', `${b.name} closed with ${b.sendsOut} send(s) not yet completed`);
  setBindingState(host, b, 'Closing');
  if (!host.config.pendCloses) {
    finishClose(host, b);
    return NDIS_STATUS_SUCCESS;
  }
  b.pendingClose = true;
  host.at(host.now + 1000, () => {
    finishClose(host, b);
    b.pendingClose = false;
    const fn = b.protocol.chars.CloseAdapterCompleteHandlerEx!;
    const f = host.enterHandler(b.component, 'CloseAdapterCompleteHandlerEx', fn, { binding: b.name });
    fn(b.context);
    host.leaveHandler(f);
  });
  return NDIS_STATUS_PENDING;
}

function pendingUnbindOrBind(b: BindingBlock): boolean {
  return b.unbinding !== null || [...b.protocol.bindOps].some((o) => o.binding === b && o.phase === 'pending');
}

function finishClose(host: NdisHost, b: BindingBlock): void {
  if (b.closed) return;
  host.state('binding', b.name, b.component, b.state, 'Unbound');
  b.state = 'Unbound';
  b.closed = true;
  b.protocol.bindings.delete(b);
  b.adapter.bindings.delete(b);
}

export function completeBind(host: NdisHost, h: NdisHandle, status: NdisStatus): void {
  if (!(h instanceof BindOp) || h.phase !== 'pending') {
    host.violation('unexpected-completion', 'NdisCompleteBindAdapterEx for a bind that is not pending');
    return;
  }
  h.status = status;
  h.phase = 'done';
}

export function completeUnbind(host: NdisHost, h: NdisHandle): void {
  if (!(h instanceof UnbindOp) || h.phase !== 'pending') {
    host.violation('unexpected-completion', 'NdisCompleteUnbindAdapterEx for an unbind that is not pending');
    return;
  }
  h.phase = 'done';
}

/** NdisUnbindAdapter: NDIS unbinds later, in its own PnP context. */
export function requestUnbind(host: NdisHost, h: NdisHandle): NdisStatus {
  const b = block(host, h, BindingBlock, 'NdisUnbindAdapter', 'NdisBindingHandle');
  if (!b || b.closed) return NDIS_STATUS_FAILURE;
  host.at(host.now, () => host.pnp(`unbind ${b.name}`, () => unbindBinding(host, b)));
  return NDIS_STATUS_SUCCESS;
}
