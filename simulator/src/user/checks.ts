/**
 * Runtime checks that follow a driver across calls, reported with the ids of the static rules
 * (docs/rules): where registrations come from (NDIS201), the IM registration order (NDIS206) and
 * unload order (NDIS213), deregistration from a handler NDIS invoked (NDIS214: NDIS waits for
 * that very handler, a deadlock that ends in the NDIS watchdog, bug check 0x7C/0x25),
 * NdisOpenAdapterEx outside ProtocolBindAdapterEx (NDIS212: bug check 0x7C/0x16), a bind that
 * pends although its open completed synchronously (NDIS202: the status was not examined; NDIS
 * waits for a completion that never comes).
 */
import { P1 } from '../ndis/bugcheck';
import { NDIS_STATUS_PENDING, statusName } from '../ndis/status';
import type { SourceLocation } from '../exec';
import type { Registration, UserRuntime } from './runtime';

/** Entry points that are not characteristics handlers: registering or deregistering from them is fine. */
const NOT_HANDLERS = new Set(['DriverEntry', 'DriverUnload', 'UnloadHandler', 'UninstallHandler']);
/** Contexts that are not handlers NDIS waits for (deregistering there does not deadlock). */
const NOT_WAITED = new Set([...NOT_HANDLERS, 'TimerFunction', 'WorkItemRoutine', 'IRP_MJ_DEVICE_CONTROL', 'InterruptHandler', 'InterruptDpcHandler']);

/** NDIS201: a driver registration outside DriverEntry's call tree. */
export function checkRegisterContext(rt: UserRuntime, api: string): void {
  const ctx = rt.context();
  if (ctx && ctx.api !== 'DriverEntry') {
    rt.violation('NDIS201', `${api} is called from ${ctx.api} (${ctx.fn}), not from DriverEntry; NDIS expects registrations during driver initialization`);
  }
}

/** NDIS206: an intermediate driver registers its miniport edge after its protocol edge. */
export function checkImOrder(rt: UserRuntime, flags: number): void {
  if (!(flags & 0x1)) return;
  const p = rt.liveRegistration('protocol');
  if (p) {
    rt.violation('NDIS206', `${rt.opts.serviceName} registered its protocol edge${rt.where(p.site)} before its miniport edge (NdisMRegisterMiniportDriver with NDIS_INTERMEDIATE_DRIVER${rt.where()}); ProtocolBindAdapterEx can run before the miniport driver handle exists`, p.site);
  }
}

/** NDIS213: the IM miniport edge deregistered while the protocol edge is still registered. */
export function checkImUnloadOrder(rt: UserRuntime, reg: Registration | undefined): void {
  if (!reg?.intermediate) return;
  const p = rt.liveRegistration('protocol');
  if (p) rt.violation('NDIS213', `NdisMDeregisterMiniportDriver runs while the protocol edge registered${rt.where(p.site)} is still registered; deregister the protocol first (it can still bind and start virtual miniports)`);
}

/**
 * NDIS214: a deregistration from a handler NDIS invoked. NDIS waits in the deregistration for
 * the driver's handlers to finish, including the one making the call: a deadlock, which the NDIS
 * watchdog turns into bug check 0x7C/0x25.
 */
export function checkDeregisterContext(rt: UserRuntime, api: string): void {
  const ctx = rt.context();
  if (!ctx || NOT_WAITED.has(ctx.api)) return;
  rt.violation('NDIS214', `${api} is called from ${ctx.api} (${ctx.fn}), a handler NDIS invoked; NDIS waits for that handler to return before the deregistration completes`);
  const ndis = rt.ndis;
  ndis.env.sched.advanceTo(ndis.now + ndis.env.watchdogNs);
  ndis.bugCheck(P1.WATCHDOG, '0x0', '0x0', '0x0', `${ctx.api} of ${rt.opts.serviceName} (${ctx.fn}) never returns: it called ${api}${rt.where()}, which waits for ${ctx.api} to finish (deadlock)`);
}

/** NDIS212: NdisOpenAdapterEx outside ProtocolBindAdapterEx: NDIS fails it with bug check 0x7C/0x16. */
export function checkOpenContext(rt: UserRuntime, protocol: number, bindContext: number): void {
  const ctx = rt.context();
  if (ctx?.api === 'BindAdapterHandlerEx') return;
  rt.violation('NDIS212', `NdisOpenAdapterEx is called from ${ctx?.api ?? 'driver code'}${ctx ? ` (${ctx.fn})` : ''}, outside ProtocolBindAdapterEx`);
  rt.ndis.bugCheck(P1.INVALID_OPEN_IN_BIND_CONTEXT, `0x${protocol.toString(16)}`, `0x${bindContext.toString(16)}`, '0x0',
    `${rt.opts.serviceName} called NdisOpenAdapterEx${rt.where()} from ${ctx?.api ?? 'driver code'}, outside ProtocolBindAdapterEx`);
}

interface OpenRecord {
  status: number;
  site: SourceLocation | undefined;
  completed: boolean;
}

const opens = (rt: UserRuntime): Map<number, OpenRecord> => rt.st('opens', () => new Map<number, OpenRecord>());

export function recordOpen(rt: UserRuntime, bindContext: number, status: number): void {
  opens(rt).set(bindContext, { status, site: rt.site(), completed: false });
}

export function recordBindCompletion(rt: UserRuntime, bindContext: number): void {
  const o = opens(rt).get(bindContext);
  if (o) o.completed = true;
}

/** NDIS202 at run time: the bind pends, but its open did not, so nothing will complete the bind. */
export function afterBind(rt: UserRuntime, bindContext: number, result: number): void {
  const o = opens(rt).get(bindContext);
  opens(rt).delete(bindContext);
  if (!o || result !== NDIS_STATUS_PENDING || o.status === NDIS_STATUS_PENDING || o.completed) return;
  rt.violation('NDIS202', `NdisOpenAdapterEx returned ${statusName(o.status)} synchronously${rt.where(o.site)} and the status was not examined: the bind returned NDIS_STATUS_PENDING, but ProtocolOpenAdapterCompleteEx will never run to complete it`, o.site);
}

/**
 * NDIS113 / NDIS114: the name a driver registers is not what its INF installs. NDIS registers it,
 * but never matches it to the installed service: a protocol is never bound, a filter never
 * attached (modelled by giving the filter no adapters to attach to).
 */
export function checkInfIdentity(rt: UserRuntime, what: 'protocol' | 'filter', name: string, nameSite: SourceLocation | undefined, uniqueName?: string, uniqueSite?: SourceLocation): void {
  const inf = rt.opts.inf;
  if (!inf) return;
  let lost = false;
  if (inf.services.length && !inf.services.some((s) => s.toLowerCase() === name.toLowerCase())) {
    rt.violation('NDIS113', `${what === 'protocol' ? 'Name' : 'ServiceName'} "${name}" is not a service the driver's INF installs (${inf.services.join(', ')}); NDIS never ${what === 'protocol' ? 'binds this protocol' : 'attaches this filter'}`, nameSite ?? rt.site());
    lost = true;
  }
  if (uniqueName !== undefined && inf.instanceIds.length && !inf.instanceIds.some((s) => s.toLowerCase() === uniqueName.toLowerCase())) {
    rt.violation('NDIS114', `UniqueName "${uniqueName}" is not the NetCfgInstanceId of the driver's INF (${inf.instanceIds.join(', ')}); NDIS never attaches this filter`, uniqueSite ?? rt.site());
    lost = true;
  }
  if (lost && what === 'filter') (rt.ndis.config.bindTo as Map<string, ReadonlySet<string>>).set(rt.opts.serviceName, new Set());
}
