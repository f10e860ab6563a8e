/**
 * Helpers the built-in drivers share: NDIS_OBJECT_HEADERs with the catalog's sizes (so the
 * built-ins register exactly as a correct C driver would), configuration reads, and OID answers.
 */
import { constant, revisionDef, STRUCTS } from '../../../common/src/catalog';
import type { StructName } from '../../../common/src/catalog/types';
import type { NdisApi } from '../ndis/api';
import { NDIS_STATUS_BUFFER_TOO_SHORT, NDIS_STATUS_SUCCESS, type NdisStatus } from '../ndis/status';
import { out, type NdisHandle, type NdisObjectHeader, type NdisOidRequest } from '../ndis/types';

/** Header {Type, Revision, Size} for revision `revision` of a catalog struct. */
export function header(struct: StructName, revision: number): NdisObjectHeader {
  const s = STRUCTS[struct];
  return { Type: constant(s.objectType!)!.value, Revision: revision, Size: revisionDef(s, revision)!.sizeX64 };
}

/** Read one registry value of `handle`'s configuration section (undefined when absent). */
export function readConfig(api: NdisApi, handle: NdisHandle, keyword: string, type: 'integer'): number | undefined;
export function readConfig(api: NdisApi, handle: NdisHandle, keyword: string, type: 'string'): string | undefined;
export function readConfig(api: NdisApi, handle: NdisHandle, keyword: string, type: 'integer' | 'string'): number | string | undefined {
  const cfg = out<NdisHandle>();
  if (api.NdisOpenConfigurationEx({ NdisHandle: handle }, cfg) !== NDIS_STATUS_SUCCESS) return undefined;
  const st = out<NdisStatus>();
  const v = out<import('../ndis/types').ConfigValue>();
  api.NdisReadConfiguration(st, v, cfg.value!, keyword, type);
  api.NdisCloseConfiguration(cfg.value!);
  if (st.value !== NDIS_STATUS_SUCCESS || !v.value) return undefined;
  return v.value.ParameterType === 'integer' ? v.value.IntegerData : v.value.StringData;
}

/** Read several registry values with one NdisOpenConfigurationEx; absent values are left out. */
export function readConfigs<K extends string>(api: NdisApi, handle: NdisHandle, wanted: Readonly<Record<K, 'integer' | 'string'>>): Partial<Record<K, number | string>> {
  const cfg = out<NdisHandle>();
  const result: Partial<Record<K, number | string>> = {};
  if (api.NdisOpenConfigurationEx({ NdisHandle: handle }, cfg) !== NDIS_STATUS_SUCCESS) return result;
  for (const k of Object.keys(wanted) as K[]) {
    const st = out<NdisStatus>();
    const v = out<import('../ndis/types').ConfigValue>();
    api.NdisReadConfiguration(st, v, cfg.value!, k, wanted[k]);
    if (st.value === NDIS_STATUS_SUCCESS && v.value) result[k] = v.value.ParameterType === 'integer' ? v.value.IntegerData : v.value.StringData;
  }
  api.NdisCloseConfiguration(cfg.value!);
  return result;
}

/** Answer a query with `data`: SUCCESS and BytesWritten, or BUFFER_TOO_SHORT and BytesNeeded. */
export function answer(req: NdisOidRequest, data: Uint8Array): NdisStatus {
  req.BytesNeeded = data.length;
  if (!req.InformationBuffer || req.InformationBufferLength < data.length) return NDIS_STATUS_BUFFER_TOO_SHORT;
  req.InformationBuffer.set(data);
  req.BytesWritten = data.length;
  return NDIS_STATUS_SUCCESS;
}

export function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

export function u64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(Math.max(0, Math.floor(v))), true);
  return b;
}

/** The ULONG of a set request, or undefined when the buffer is too short. */
export function setValue(req: NdisOidRequest): number | undefined {
  if (!req.InformationBuffer || req.InformationBufferLength < 4) return undefined;
  req.BytesRead = 4;
  return new DataView(req.InformationBuffer.buffer, req.InformationBuffer.byteOffset).getUint32(0, true);
}

/** Walk an NBL chain into an array (driver side: plain Next pointers). */
export function nblArray<T extends { Next: unknown }>(head: T | null): T[] {
  const a: T[] = [];
  for (let n = head; n; n = n.Next as T | null) a.push(n);
  return a;
}

/** Link NBLs through Next and return the head. */
export function nblChain<T extends { Next: unknown }>(nbls: readonly T[]): T {
  nbls.forEach((n, i) => (n.Next = i + 1 < nbls.length ? nbls[i + 1]! : null));
  return nbls[0]!;
}

/** Pool tag from four characters, as in C ('VETH'). */
export function tag(s: string): number {
  return ((s.charCodeAt(3) << 24) | (s.charCodeAt(2) << 16) | (s.charCodeAt(1) << 8) | s.charCodeAt(0)) >>> 0;
}
