/**
 * A user driver as the simulator loads it (DriverImage): DriverEntry runs the interpreted
 * DriverEntry with a DRIVER_OBJECT and registry path built in the driver's memory; the
 * simulator's DriverObject reads DriverUnload and the IRP_MJ_DEVICE_CONTROL routine from the C
 * structures. Around the driver's life: NetEventBindsComplete for its protocol after the initial
 * binds, the checks of a failed DriverEntry (NDIS205) and of the unload (NDIS204, pool, MDL, NBL,
 * work-item and device leaks), and "unloaded": NDIS calling into the image afterwards is bug check
 * 0xCE.
 */
import type { Num } from '../exec';
import type { NdisApi } from '../ndis/api';
import type { DriverImage } from '../ndis/driverImage';
import type { NdisHost } from '../ndis/host';
import { ntSuccess, NDIS_STATUS_PENDING, statusName } from '../ndis/status';
import { NT_STATUS } from '../scenario/compile';
import { NetEvent, type DriverObject } from '../ndis/types';
import type { SourceRef } from '../trace/events';
import { afterBind } from './checks';
import { definitionOf, named } from './characteristics';
import { DriverStop } from './faults';
import { liveWorkItems, poolOf, tagText } from './kernel';
import { num } from './mem';
import { ownNblsOutstanding } from './nbl';
import { PASSIVE_LEVEL, type UserRuntime } from './runtime';
import { deviceControlEntry, wdmLeftovers } from './wdm';


/** An NDIS_STATUS name, else an NT status name a driver's DriverEntry may return, else hex. */
export function statusText(v: number): string {
  const n = statusName(v);
  if (!/^0x/i.test(n)) return n;
  const nt = Object.entries(NT_STATUS).find(([, x]) => x === v >>> 0);
  return nt ? nt[0] : n;
}
export class UserImage implements DriverImage {
  readonly serviceName: string;
  readonly DriverEntry: DriverImage['DriverEntry'] & { readonly sourceLocation?: SourceRef };
  private readonly unloadWrappers = new Map<number, DriverObject['DriverUnload']>();
  /** What DriverEntry returned (undefined until it ran), and whether that is a failure. */
  entryStatus: number | undefined;
  entryFailed = false;

  constructor(
    readonly rt: UserRuntime,
    readonly roles: DriverImage['roles'],
    readonly hostName: string,
    private readonly hostOf: () => NdisHost,
  ) {
    this.serviceName = rt.opts.serviceName;
    const entry = rt.interp.functionAddress('DriverEntry');
    const fn = (api: NdisApi, dobj: DriverObject, path: string): number => this.driverEntry(api, dobj, path);
    const src = entry ? definitionOf(rt, entry) : undefined;
    if (src) Object.defineProperty(fn, 'sourceLocation', { value: src });
    this.DriverEntry = fn;
    rt.after.set('BindAdapterHandlerEx', (args, r) => afterBind(rt, num(rt.toC(args[1])), num(r) >>> 0));
    rt.after.set('UnloadHandler', () => this.afterUnload());
  }

  currentSite(): SourceRef | undefined {
    return this.rt.currentSite();
  }

  private driverEntry(api: NdisApi, dobj: DriverObject, path: string): number {
    const rt = this.rt;
    const entry = rt.interp.functionAddress('DriverEntry');
    if (!entry) throw new DriverStop(`${this.serviceName} has no DriverEntry function`);
    rt.bind(this.hostOf(), api, dobj);
    const drv = this.driverObject();
    const reg = rt.mem.newUstr(path, 'RegistryPath').addr;
    Object.defineProperty(dobj, 'DriverUnload', { configurable: true, get: () => this.driverUnload(), set: () => undefined });
    Object.defineProperty(dobj, 'DeviceControl', { configurable: true, get: () => (rt.unloaded ? null : deviceControlEntry(rt)), set: () => undefined });
    const st = num(rt.invoke('DriverEntry', PASSIVE_LEVEL, entry, [drv, reg])) >>> 0;
    this.entryStatus = st;
    if (!ntSuccess(st) || st === NDIS_STATUS_PENDING) {
      this.entryFailed = true;
      const left = rt.registrations.filter((r) => !r.deregistered);
      const at = rt.interp.runtime.lastReturn;
      for (const r of left) {
        rt.violation('NDIS205', `DriverEntry returns ${statusText(st)}${rt.where(at)} while the ${r.what} registered${rt.where(r.site)} is still registered; NDIS keeps it after the image is unloaded`, at);
      }
      this.leaks('DriverEntry failed');
      rt.unloaded = true;
      return st;
    }
    const p = rt.block.protocol;
    if (p?.chars.NetPnPEventHandler) {
      const ndis = rt.ndis;
      ndis.at(ndis.now, () => ndis.pnp(`binds complete ${this.serviceName}`, () => this.bindsComplete()));
    }
    return st;
  }

  /** The DRIVER_OBJECT (with its extension, name and service key) in the driver's memory. */
  private driverObject(): number {
    const rt = this.rt;
    const D = 'DRIVER_OBJECT';
    const X = 'DRIVER_EXTENSION';
    const drv = rt.mem.alloc(rt.mem.size(D), 'DRIVER_OBJECT');
    const ext = rt.mem.alloc(rt.mem.size(X), 'DRIVER_EXTENSION');
    rt.mem.w16(drv, D, 'Type', 4);
    rt.mem.w16(drv, D, 'Size', rt.mem.size(D));
    rt.mem.w64(drv, D, 'DriverExtension', ext);
    rt.mem.setUstr(drv + rt.mem.off(D, 'DriverName'), `\\Driver\\${this.serviceName}`, 'DriverName');
    rt.mem.w64(ext, X, 'DriverObject', drv);
    rt.mem.setUstr(ext + rt.mem.off(X, 'ServiceKeyName'), this.serviceName, 'ServiceKeyName');
    rt.driverObjectAddr = drv;
    return drv;
  }

  private driverUnload(): DriverObject['DriverUnload'] {
    const rt = this.rt;
    if (!rt.driverObjectAddr || rt.unloaded) return null;
    const fn = rt.mem.ptr(rt.driverObjectAddr, 'DRIVER_OBJECT', 'DriverUnload');
    if (!fn) return null;
    let w = this.unloadWrappers.get(fn);
    if (!w) {
      w = named(rt, fn, () => {
        rt.invoke('DriverUnload', PASSIVE_LEVEL, fn, [rt.driverObjectAddr]);
        this.afterUnload();
      });
      this.unloadWrappers.set(fn, w);
    }
    return w;
  }

  /** NetEventBindsComplete (ProtocolBindingContext NULL) once NDIS has made the initial binds. */
  private bindsComplete(): void {
    const rt = this.rt;
    const p = rt.block.protocol;
    const fn = p?.chars.NetPnPEventHandler;
    if (!p || !fn || rt.unloaded || p.deregistered || rt.block.state !== 'loaded') return;
    const f = rt.ndis.enterHandler(p.component, 'NetPnPEventHandler', fn, { event: 'NetEventBindsComplete' });
    const st = fn(null, { PortNumber: 0, NetEvent: NetEvent.NetEventBindsComplete, Buffer: null });
    rt.ndis.leaveHandler(f, st);
  }

  private afterUnload(): void {
    const rt = this.rt;
    if (rt.unloaded) return;
    for (const r of rt.registrations) {
      if (r.deregistered || r.reportedLost) continue;
      rt.violation('NDIS204', `the unload routine returned, but the ${r.what} registered${rt.where(r.site)} was never deregistered; NDIS keeps calling into the unloaded image`, r.site);
    }
    this.leaks('its unload routine returned');
    rt.unloaded = true;
  }

  /** What the driver still holds when it goes away. */
  private leaks(when: string): void {
    const rt = this.rt;
    const byTag = new Map<number, { n: number; bytes: number; site: string }>();
    for (const b of poolOf(rt).values()) {
      const e = byTag.get(b.tag) ?? { n: 0, bytes: 0, site: b.site };
      e.n++;
      e.bytes += b.size;
      byTag.set(b.tag, e);
    }
    for (const [tag, e] of byTag) {
      rt.violation('pool-leak', `${this.serviceName}: ${when} with ${e.n} pool block(s), ${e.bytes} bytes, tag '${tagText(tag)}' still allocated (first at ${e.site}); Driver Verifier reports this as bug check 0xC4 (0x62)`, undefined);
    }
    const other: string[] = [];
    const nbls = ownNblsOutstanding(rt);
    if (nbls) other.push(`${nbls} NET_BUFFER_LIST(s) it allocated`);
    for (const w of liveWorkItems(rt)) other.push(`a work item (NdisAllocateIoWorkItem at ${w.site})`);
    other.push(...wdmLeftovers(rt));
    if (other.length) rt.violation('resource-leak', `${this.serviceName}: ${when} without freeing ${other.join(', ')}`, undefined);
  }
}

export type { Num };
