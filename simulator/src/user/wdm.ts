/**
 * The WDM calls NDIS drivers make for a control device, with their documented behaviour:
 * IoCreateDevice / IoCreateDeviceSecure (a DEVICE_OBJECT with its extension, linked into the
 * DRIVER_OBJECT; a name already in use is STATUS_OBJECT_NAME_COLLISION), IoDeleteDevice,
 * IoCreateSymbolicLink / IoDeleteSymbolicLink, IoCompleteRequest, NdisRegisterDeviceEx /
 * NdisDeregisterDeviceEx (NDIS copies the dispatch table). "User mode" reaches the driver
 * through `deviceControl`: an IRP_MJ_DEVICE_CONTROL built in the driver's memory and sent to
 * the dispatch routine of its device (a scenario `ioctl` event).
 */
import type { ExternalCall } from '../exec';
import type { IoControlRequest } from '../ndis/types';
import { named } from './characteristics';
import { num } from './mem';
import { PASSIVE_LEVEL, type Ddi, type UserRuntime } from './runtime';

const STATUS_OBJECT_NAME_COLLISION = 0xc0000035 | 0;
const IRP_MJ_DEVICE_CONTROL = 0x0e;
const MAJOR_COUNT = 0x1c;

interface Device {
  readonly addr: number;
  readonly name: string;
  readonly extension: number;
  readonly site: string;
  /** NdisRegisterDeviceEx: NDIS's copy of the dispatch table. */
  readonly dispatch: number[] | null;
  deleted: boolean;
}

class WdmState {
  readonly devices = new Map<number, Device>();
  readonly links = new Map<string, { target: string; site: string }>();
  readonly ndisDevices = new Map<number, Device>();
  readonly completed = new Set<number>();
}

const state = (rt: UserRuntime): WdmState => rt.st('wdm', () => new WdmState());
const arg = (c: ExternalCall, i: number): number => num(c.args[i]?.value ?? 0);
const names = new WeakMap<object, { gen: number; set: Set<string> }>();

/** Device names are machine-wide (and forgotten at a reboot). */
function machineNames(rt: UserRuntime): Set<string> {
  let s = names.get(rt.ndis);
  if (!s || s.gen !== rt.ndis.generation) names.set(rt.ndis, (s = { gen: rt.ndis.generation, set: new Set() }));
  return s.set;
}

function createDevice(rt: UserRuntime, api: string, drv: number, extSize: number, name: string, type: number, dispatch: number[] | null): { status: number; device?: Device } {
  const taken = machineNames(rt);
  if (name && taken.has(name.toLowerCase())) return { status: STATUS_OBJECT_NAME_COLLISION };
  const D = 'DEVICE_OBJECT';
  const addr = rt.mem.alloc(rt.mem.size(D), `DEVICE_OBJECT ${name}`);
  const ext = extSize ? rt.mem.alloc(extSize, `device extension of ${name}`) : 0;
  rt.mem.w16(addr, D, 'Type', 3);
  rt.mem.w16(addr, D, 'Size', rt.mem.size(D) + extSize);
  rt.mem.w64(addr, D, 'DriverObject', drv);
  rt.mem.w64(addr, D, 'DeviceExtension', ext);
  rt.mem.w32(addr, D, 'DeviceType', type);
  rt.mem.w8(addr, D, 'StackSize', 1);
  if (drv) {
    rt.mem.w64(addr, D, 'NextDevice', rt.mem.ptr(drv, 'DRIVER_OBJECT', 'DeviceObject'));
    rt.mem.w64(drv, 'DRIVER_OBJECT', 'DeviceObject', addr);
  }
  if (name) taken.add(name.toLowerCase());
  const s = rt.site();
  const device: Device = { addr, name, extension: ext, site: s ? `${s.file}:${s.line}` : api, dispatch, deleted: false };
  state(rt).devices.set(addr, device);
  return { status: 0, device };
}

function deleteDevice(rt: UserRuntime, api: string, addr: number): void {
  const st = state(rt);
  const d = st.devices.get(addr);
  if (!d || d.deleted) {
    rt.violation('invalid-device', `${api}: 0x${addr.toString(16)} is not a device object this driver created (or it was deleted)`);
    return;
  }
  d.deleted = true;
  if (d.name) machineNames(rt).delete(d.name.toLowerCase());
  const drv = rt.mem.ptr(addr, 'DEVICE_OBJECT', 'DriverObject');
  if (drv) {
    let link = drv + rt.mem.off('DRIVER_OBJECT', 'DeviceObject');
    for (let i = 0; i < 1024; i++) {
      const cur = rt.mem.m.ptr(link);
      if (!cur) break;
      if (cur === addr) {
        rt.mem.m.w64(link, rt.mem.ptr(addr, 'DEVICE_OBJECT', 'NextDevice'));
        break;
      }
      link = cur + rt.mem.off('DEVICE_OBJECT', 'NextDevice');
    }
  }
  if (d.extension) rt.mem.free(d.extension);
  rt.mem.free(addr);
}

const ioCreateDevice: Ddi = (c, rt) =>
  rt.traced(c.name, { name: rt.mem.ustr(arg(c, 2)) }, () => {
    const r = createDevice(rt, c.name, arg(c, 0), arg(c, 1), rt.mem.ustr(arg(c, 2)), arg(c, 3), null);
    if (r.device) rt.mem.m.w64(arg(c, c.name === 'IoCreateDeviceSecure' ? 8 : 6), r.device.addr);
    return r.status;
  }, (s) => s >>> 0);

const ndisRegisterDevice: Ddi = (c, rt) => {
  const A = 'NDIS_DEVICE_OBJECT_ATTRIBUTES';
  const at = arg(c, 1);
  const name = rt.mem.ustr(rt.mem.ptr(at, A, 'DeviceName'));
  const link = rt.mem.ustr(rt.mem.ptr(at, A, 'SymbolicName'));
  return rt.traced(c.name, { name, link }, () => {
    rt.checkNotDeregistered(arg(c, 0), c.name);
    if (!rt.isHandle(arg(c, 0))) return 0xc000000d | 0;
    const table = rt.mem.ptr(at, A, 'MajorFunctions');
    const dispatch: number[] = [];
    for (let i = 0; i < MAJOR_COUNT; i++) dispatch.push(table ? rt.mem.m.ptr(table + 8 * i) : 0);
    const r = createDevice(rt, c.name, rt.driverObjectAddr, rt.mem.u32(at, A, 'ExtensionSize'), name, 0x12, dispatch);
    if (!r.device) return r.status;
    const st = state(rt);
    if (link) st.links.set(link.toLowerCase(), { target: name, site: r.device.site });
    const h = rt.interp.memory.newHandle();
    st.ndisDevices.set(h, r.device);
    rt.mem.m.w64(arg(c, 2), r.device.addr);
    rt.mem.m.w64(arg(c, 3), h);
    return 0;
  }, (s) => s >>> 0);
};

/** Devices and symbolic links the driver has not deleted. */
export function wdmLeftovers(rt: UserRuntime): string[] {
  const st = rt.state.get('wdm') as WdmState | undefined;
  if (!st) return [];
  const out = [...st.devices.values()].filter((d) => !d.deleted).map((d) => `device ${d.name || `0x${d.addr.toString(16)}`} (created at ${d.site})`);
  for (const [l, v] of st.links) out.push(`symbolic link ${l} (created at ${v.site})`);
  return out;
}

/** The IRP_MJ_DEVICE_CONTROL routine the driver set up, if any: NDIS device first, then the driver object's. */
function dispatchRoutine(rt: UserRuntime): { fn: number; device: number } | undefined {
  const st = rt.state.get('wdm') as WdmState | undefined;
  for (const d of st?.ndisDevices.values() ?? []) if (!d.deleted && d.dispatch?.[IRP_MJ_DEVICE_CONTROL]) return { fn: d.dispatch[IRP_MJ_DEVICE_CONTROL]!, device: d.addr };
  if (!rt.driverObjectAddr) return undefined;
  const fn = rt.mem.m.ptr(rt.driverObjectAddr + rt.mem.off('DRIVER_OBJECT', 'MajorFunction') + 8 * IRP_MJ_DEVICE_CONTROL);
  const dev = [...(st?.devices.values() ?? [])].find((d) => !d.deleted && !d.dispatch);
  return fn ? { fn, device: dev?.addr ?? 0 } : undefined;
}

/**
 * The simulator's DeviceControl entry for this driver: `Input` is `{ code, input (bytes), outputLength }`.
 * Returns null when the driver has no IRP_MJ_DEVICE_CONTROL routine.
 */
export function deviceControlEntry(rt: UserRuntime): ((d: unknown, req: IoControlRequest) => number) | null {
  const r = dispatchRoutine(rt);
  if (!r) return null;
  return named(rt, r.fn, (_d: unknown, req: IoControlRequest): number => {
    const code = Number(req.Input.code ?? req.Code) >>> 0;
    const input = req.Input.input instanceof Uint8Array ? req.Input.input : new Uint8Array(0);
    const outLen = Number(req.Input.outputLength ?? 0);
    const I = 'IRP';
    const S = 'IO_STACK_LOCATION';
    const irp = rt.mem.alloc(rt.mem.size(I), 'IRP');
    const sl = rt.mem.alloc(rt.mem.size(S), 'IO_STACK_LOCATION');
    const buf = rt.mem.alloc(Math.max(input.length, outLen, 1), 'SystemBuffer');
    rt.mem.m.write(buf, input);
    rt.mem.w64(irp, I, 'AssociatedIrp.SystemBuffer', buf);
    rt.mem.w64(irp, I, 'Tail.Overlay.CurrentStackLocation', sl);
    rt.mem.w8(irp, I, 'StackCount', 1);
    rt.mem.w8(irp, I, 'CurrentLocation', 1);
    rt.mem.w8(sl, S, 'MajorFunction', IRP_MJ_DEVICE_CONTROL);
    rt.mem.w32(sl, S, 'Parameters.DeviceIoControl.OutputBufferLength', outLen);
    rt.mem.w32(sl, S, 'Parameters.DeviceIoControl.InputBufferLength', input.length);
    rt.mem.w32(sl, S, 'Parameters.DeviceIoControl.IoControlCode', code);
    rt.mem.w64(sl, S, 'DeviceObject', r.device);
    const status = num(rt.invoke('IRP_MJ_DEVICE_CONTROL', PASSIVE_LEVEL, r.fn, [r.device, irp])) >>> 0;
    const info = rt.mem.u64(irp, I, 'IoStatus.Information');
    const completed = state(rt).completed.delete(irp);
    if (!completed && status !== 0x103) rt.violation('irp-not-completed', `the IRP_MJ_DEVICE_CONTROL routine returned 0x${status.toString(16)} without IoCompleteRequest`);
    const out = rt.mem.m.read(buf, Math.min(info, Math.max(outLen, input.length)));
    rt.log('info', `IOCTL 0x${code.toString(16)} → 0x${status.toString(16).padStart(8, '0')}${info ? `, ${info} byte(s): ${[...out].map((b) => b.toString(16).padStart(2, '0')).join('')}` : ''}`);
    for (const b of [irp, sl, buf]) rt.mem.free(b);
    return status;
  });
}

export function registerWdmDdis(t: Map<string, Ddi>): void {
  t.set('IoCreateDevice', ioCreateDevice);
  t.set('IoCreateDeviceSecure', ioCreateDevice);
  t.set('IoDeleteDevice', (c, rt) => (rt.traced(c.name, undefined, () => deleteDevice(rt, c.name, arg(c, 0))), 0));
  t.set('IoCreateSymbolicLink', (c, rt) => {
    const link = rt.mem.ustr(arg(c, 0));
    const target = rt.mem.ustr(arg(c, 1));
    return rt.traced(c.name, { link, target }, () => {
      const st = state(rt);
      if (st.links.has(link.toLowerCase())) return STATUS_OBJECT_NAME_COLLISION;
      const s = rt.site();
      st.links.set(link.toLowerCase(), { target, site: s ? `${s.file}:${s.line}` : c.name });
      return 0;
    }, (s) => s >>> 0);
  });
  t.set('IoDeleteSymbolicLink', (c, rt) => {
    const link = rt.mem.ustr(arg(c, 0));
    return rt.traced(c.name, { link }, () => (state(rt).links.delete(link.toLowerCase()) ? 0 : 0xc0000034 | 0), (s) => s >>> 0);
  });
  t.set('IoCompleteRequest', (c, rt) => (state(rt).completed.add(arg(c, 0)), 0));
  t.set('NdisRegisterDeviceEx', ndisRegisterDevice);
  t.set('NdisDeregisterDeviceEx', (c, rt) => {
    const st = state(rt);
    const d = st.ndisDevices.get(arg(c, 0));
    rt.traced(c.name, undefined, () => {
      if (!d) return rt.violation('invalid-handle', `NdisDeregisterDeviceEx: 0x${arg(c, 0).toString(16)} is not a device handle NdisRegisterDeviceEx returned`);
      st.ndisDevices.delete(arg(c, 0));
      for (const [l, v] of st.links) if (v.target === d.name) st.links.delete(l);
      deleteDevice(rt, c.name, d.addr);
    });
    return 0;
  });
}
