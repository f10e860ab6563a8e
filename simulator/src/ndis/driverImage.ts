/**
 * A driver the simulator can load: the built-in TypeScript drivers implement it directly; the
 * C interpreter of a later issue will implement it for the user's driver sources (DriverEntry is
 * the interpreted function, `currentSite` the statement being executed).
 */
import type { SourceRef } from '../trace/events';
import type { NdisApi } from './api';
import type { NdisStatus } from './status';
import type { DriverObject } from './types';

export interface DriverImage {
  /** The service name (INF AddService): the key of the driver's registry section. */
  readonly serviceName: string;
  /** What the image registers, for topology checks before the run ("protocol", "miniport" ...). */
  readonly roles: readonly ('protocol' | 'miniport' | 'filter' | 'intermediate' | 'provider')[];
  /** DriverEntry(DriverObject, RegistryPath) with the NDIS surface it may call. */
  DriverEntry(api: NdisApi, DriverObject: DriverObject, RegistryPath: string): NdisStatus;
  /** Where in the driver's source execution is now (for `source` on DDI call events). */
  currentSite?(): SourceRef | undefined;
}
