/**
 * What survives a simulated reboot: NET_LUID index allocations (NDIS persists them until
 * NdisIfFreeNetLuidIndex, ndis-facts §4.2), the NET_LUID NDIS gave each adapter and filter
 * module, and registry values drivers wrote. Everything else is rebuilt at boot.
 */
import type { ConfigValue } from './types';

export class PersistentStore {
  /** ifType → allocated NetLuidIndex values. */
  readonly luidIndices = new Map<number, Set<number>>();
  /** NDIS-owned interfaces (adapters, filter modules) → their NetLuidIndex. */
  readonly ndisLuids = new Map<string, number>();
  /** Registry values written with NdisWriteConfiguration: section → keyword → value. */
  readonly registry = new Map<string, Map<string, ConfigValue>>();

  /** Allocate the lowest free 24-bit index for `ifType`; undefined when exhausted. */
  allocateLuidIndex(ifType: number): number | undefined {
    let set = this.luidIndices.get(ifType);
    if (!set) this.luidIndices.set(ifType, (set = new Set()));
    for (let i = 1; i < 0x1000000; i++) {
      if (!set.has(i)) {
        set.add(i);
        return i;
      }
    }
    return undefined;
  }

  /** Free an index; false when it was not allocated for that ifType. */
  freeLuidIndex(ifType: number, index: number): boolean {
    return this.luidIndices.get(ifType)?.delete(index) ?? false;
  }

  isAllocated(ifType: number, index: number): boolean {
    return this.luidIndices.get(ifType)?.has(index) ?? false;
  }

  /** The persisted index of an NDIS-owned interface, allocating one the first time. */
  ndisLuidIndex(key: string, ifType: number): number {
    let i = this.ndisLuids.get(key);
    if (i === undefined) {
      i = this.allocateLuidIndex(ifType) ?? 0;
      this.ndisLuids.set(key, i);
    }
    return i;
  }
}
