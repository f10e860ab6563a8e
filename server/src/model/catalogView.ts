/**
 * The server's single entry point to the NDIS catalog in `common/`: re-exports what the model and
 * the rules use, plus small derived lookups.
 */
import * as catalog from '../../../common/src/catalog';

export { catalog };
export type {
  CharacteristicsName,
  DdiDef,
  MemberDef,
  NdisVersion,
  RoleDef,
  StructDef,
} from '../../../common/src/catalog/types';

/** Is this type name a handler role typedef (PROTOCOL_BIND_ADAPTER_EX, DRIVER_UNLOAD ...)? */
export function isRoleName(type: string): boolean {
  return catalog.role(type) !== undefined;
}

/** Zeroing calls: name → index of the size argument and of the fill value (memset) if any. */
export const ZEROING_CALLS: ReadonlyMap<string, { readonly fillArg?: number }> = new Map([
  ['NdisZeroMemory', {}],
  ['RtlZeroMemory', {}],
  ['RtlSecureZeroMemory', {}],
  ['ZeroMemory', {}],
  ['memset', { fillArg: 1 }],
  ['NdisFillMemory', { fillArg: 2 }],
  ['RtlFillMemory', { fillArg: 2 }],
]);

/** Calls that set an NDIS_STRING member: first argument `&obj.Member`, second the string. */
export const STRING_INIT_CALLS: ReadonlySet<string> = new Set([
  'NdisInitUnicodeString',
  'RtlInitUnicodeString',
  'NdisInitializeString',
]);

/** Calls that copy a whole struct into the object (the object's contents become unknown). */
export const COPY_CALLS: ReadonlySet<string> = new Set(['NdisMoveMemory', 'RtlCopyMemory', 'RtlMoveMemory', 'memcpy', 'memmove', 'CopyMemory']);
