/** The DDI table: every NDIS function the catalog describes, keyed by name. */
import { REGISTRATION_DDI_LIST } from './ddiRegistration';
import { RUNTIME_DDI_LIST } from './ddiRuntime';
import type { DdiDef } from './types';

/** All DDIs in declaration order. */
export const DDI_LIST: readonly DdiDef[] = Object.freeze([...REGISTRATION_DDI_LIST, ...RUNTIME_DDI_LIST]);

/** Every DDI, keyed by name. */
export const DDIS: ReadonlyMap<string, DdiDef> = new Map(DDI_LIST.map((d) => [d.name, d]));

/**
 * The DDIs that consume a characteristics structure or NET_IF_INFORMATION and produce a handle
 * (NdisRegisterProtocolDriver, NdisMRegisterMiniportDriver, NdisFRegisterFilterDriver,
 * NdisIfRegisterProvider, NdisIfRegisterInterface).
 */
export const REGISTRATION_DDIS: readonly DdiDef[] = Object.freeze(DDI_LIST.filter((d) => d.registers));

/** Look up a DDI by name. */
export function ddi(name: string): DdiDef | undefined {
  return DDIS.get(name);
}
