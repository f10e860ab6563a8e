/**
 * The driver's characteristics structures as the simulator's objects: every member read at its
 * catalog offset, every non-NULL handler pointer turned into a function NDIS can call. A handler
 * function marshals NDIS's arguments into the driver's memory by the parameter types of its role
 * (catalog role typedefs), runs the C function at the IRQL the role runs at (DISPATCH_LEVEL for
 * roles documented "<= DISPATCH_LEVEL", with the *_DISPATCH_LEVEL flag set in its flags), and
 * converts the result back. It carries the C function's name and definition (`sourceLocation`),
 * so the trace shows the driver's own functions.
 */
import { ROLES, STRUCTS, type CharacteristicsName } from '../../../common/src/catalog';
import type { Num } from '../exec';
import { NDIS_STATUS_PENDING } from '../ndis/status';
import type { DriverFunction } from '../ndis/types';
import type { SourceRef } from '../trace/events';
import { num } from './mem';
import { nblChainToC } from './nbl';
import { oidFromC, oidsInHandler, oidToC } from './oid';
import {
  Arena, attachParameters, bindParameters, initParameters, pauseRestart, pnpNotification, readHeader, statusIndication,
} from './params';
import { DISPATCH_LEVEL, PASSIVE_LEVEL, type UserRuntime } from './runtime';

type AnyFn = (...args: never[]) => unknown;
type Post = (r: Num) => void;

const DISPATCH_FLAG_PARAMS = new Set(['SendFlags', 'ReceiveFlags', 'ReturnFlags', 'SendCompleteFlags']);
const OID_HANDLERS = new Set(['OidRequestHandler', 'DirectOidRequestHandler', 'SynchronousOidRequestHandler']);

/** Where a driver function is defined. */
export function definitionOf(rt: UserRuntime, fn: number): SourceRef | undefined {
  const loc = rt.interp.runtime.slotAt(fn)?.fn?.loc;
  return loc ? { file: loc.file, line: loc.line } : undefined;
}

/** Give a JS function the C function's name and source location. */
export function named<F extends AnyFn>(rt: UserRuntime, fn: number, f: F): DriverFunction<F> {
  Object.defineProperty(f, 'name', { value: rt.interp.functionName(fn) ?? `0x${fn.toString(16)}` });
  const src = definitionOf(rt, fn);
  if (src) Object.defineProperty(f, 'sourceLocation', { value: src });
  return f as DriverFunction<F>;
}

/** Marshal one argument NDIS passes to a handler. */
function marshal(rt: UserRuntime, a: Arena, post: Post[], type: string, name: string, v: unknown, irql: number, member: string): Num {
  switch (type) {
    case 'NDIS_STATUS':
      return num(v as number) | 0;
    case 'PNDIS_BIND_PARAMETERS':
      return bindParameters(rt, a, v as never);
    case 'PNDIS_FILTER_ATTACH_PARAMETERS':
      return attachParameters(rt, a, v as never);
    case 'PNDIS_MINIPORT_INIT_PARAMETERS':
      return initParameters(rt, a, v as never);
    case 'PNDIS_MINIPORT_PAUSE_PARAMETERS':
    case 'PNDIS_MINIPORT_RESTART_PARAMETERS':
    case 'PNDIS_FILTER_PAUSE_PARAMETERS':
    case 'PNDIS_FILTER_RESTART_PARAMETERS':
      return pauseRestart(rt, a, type.slice(1), v);
    case 'PNET_PNP_EVENT_NOTIFICATION':
      return pnpNotification(rt, a, v as never);
    case 'PNDIS_STATUS_INDICATION':
      return statusIndication(rt, a, v as never);
    case 'PNET_BUFFER_LIST':
      return nblChainToC(rt, v as never);
    case 'PNDIS_OID_REQUEST':
    case 'NDIS_OID_REQUEST *': {
      const addr = oidToC(rt, v as never);
      if (OID_HANDLERS.has(member)) {
        const inHandler = oidsInHandler(rt);
        inHandler.add(v as never);
        post.push((r) => {
          inHandler.delete(v as never);
          if (num(r) >>> 0 !== NDIS_STATUS_PENDING) oidFromC(rt, addr, true);
        });
      }
      return addr;
    }
    case 'PDRIVER_OBJECT':
      return rt.driverObjectAddr;
    case 'PBOOLEAN': {
      const out = v as { value: boolean | undefined };
      const b = a.alloc(1, name);
      post.push(() => (out.value = rt.mem.m.u8(b) !== 0));
      return b;
    }
    case 'PULONG': {
      const out = v as { value: number | undefined; capacity: number };
      const b = a.alloc(4, name);
      rt.mem.m.w32(b, out.capacity ?? out.value ?? 0);
      post.push(() => (out.value = rt.mem.m.u32(b)));
      return b;
    }
    case 'PNET_DEVICE_PNP_EVENT': {
      const T = 'NET_DEVICE_PNP_EVENT';
      const b = a.alloc(rt.mem.size(T), T);
      rt.mem.w32(b, T, 'DevicePnPEvent', typeof v === 'number' ? v : ((v as { DevicePnPEvent?: number } | null)?.DevicePnPEvent ?? 0));
      return b;
    }
    case 'NDIS_STATUS *':
    case 'PVOID *': {
      const b = a.alloc(8, name);
      const out = v as { value?: unknown } | null;
      if (out && typeof out === 'object' && 'value' in out) post.push(() => (out.value = type === 'NDIS_STATUS *' ? rt.mem.m.u32(b) : rt.mem.m.ptr(b)));
      return b;
    }
    case 'PVOID':
      if (v instanceof Uint8Array) {
        const b = a.alloc(v.length, name);
        rt.mem.m.write(b, v);
        if (name === 'pOutputBuffer') post.push(() => v.set(rt.mem.m.read(b, v.length)));
        return b;
      }
      return rt.toC(v);
    default:
      if (typeof v === 'number' || typeof v === 'bigint') return irql === DISPATCH_LEVEL && DISPATCH_FLAG_PARAMS.has(name) ? num(v) | 1 : v;
      return rt.toC(v);
  }
}

/** The IRQL NDIS runs a role's handlers at: the worst case the role allows (DISPATCH_LEVEL for "<= DISPATCH"). */
export function roleIrql(roleName: string): number {
  const r = ROLES.get(roleName);
  return r?.irql.max === 'DISPATCH_LEVEL' ? DISPATCH_LEVEL : PASSIVE_LEVEL;
}

/** A function NDIS calls for characteristics member `member` (role `roleName`) that runs C function `fn`. */
export function handler(rt: UserRuntime, member: string, roleName: string, fn: number): DriverFunction<AnyFn> {
  const cache = rt.st('handlers', () => new Map<string, DriverFunction<AnyFn>>());
  const key = `${member}:${fn}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const role = ROLES.get(roleName);
  if (!role) throw new Error(`no role ${roleName}`);
  const irql = roleIrql(roleName);
  const f = named(rt, fn, (...args: unknown[]): unknown => {
    const arena = new Arena(rt.mem);
    const post: Post[] = [];
    const cargs = role.params.map((p, i) => marshal(rt, arena, post, p.type, p.name, args[i], irql, member));
    const r = rt.invoke(member, irql, fn, cargs);
    for (const p of post) p(r);
    arena.release();
    rt.after.get(member)?.(args, r);
    if (role.returnType === 'NDIS_STATUS') return num(r) >>> 0;
    if (role.returnType === 'BOOLEAN') return num(r) !== 0;
    return undefined;
  });
  cache.set(key, f);
  return f;
}

/** A characteristics structure at `at` as data, handlers as functions (NULL members: null). */
export function readCharacteristics(rt: UserRuntime, name: CharacteristicsName, at: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const m = rt.mem.m;
  for (const mem of STRUCTS[name].members) {
    const a = at + mem.offsetX64;
    if (mem.struct === 'NDIS_OBJECT_HEADER') out[mem.name] = readHeader(rt.mem, a);
    else if (mem.role) {
      const p = m.ptr(a);
      out[mem.name] = p ? handler(rt, mem.name, mem.role, p) : null;
    } else if (mem.cType === 'NDIS_STRING') {
      let s = '';
      try {
        s = m.unicodeString(a);
      } catch {
        s = '';
      }
      out[mem.name] = s;
    } else if (mem.cType === 'UCHAR') out[mem.name] = m.u8(a);
    else if (mem.cType === 'USHORT') out[mem.name] = m.u16(a);
    else if (mem.cType === 'ULONG') out[mem.name] = m.u32(a);
    else out[mem.name] = m.ptr(a) || null;
  }
  return out;
}
