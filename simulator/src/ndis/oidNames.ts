/**
 * OID values the simulator knows by name (ntddndis.h), how their data is laid out, and a
 * decoder for the trace. The provider OIDs come from the catalog.
 */
import { CONSTANT_LIST } from '../../../common/src/catalog';
import { formatMac } from '../packets/bytes';

/** How an OID's InformationBuffer is interpreted. */
export type OidData = 'ulong' | 'ulong64' | 'mac' | 'link-speed' | 'bytes';

const OIDS: readonly (readonly [string, number, OidData])[] = [
  ['OID_GEN_SUPPORTED_LIST', 0x00010101, 'bytes'],
  ['OID_GEN_HARDWARE_STATUS', 0x00010102, 'ulong'],
  ['OID_GEN_MEDIA_SUPPORTED', 0x00010103, 'ulong'],
  ['OID_GEN_MEDIA_IN_USE', 0x00010104, 'ulong'],
  ['OID_GEN_MAXIMUM_LOOKAHEAD', 0x00010105, 'ulong'],
  ['OID_GEN_MAXIMUM_FRAME_SIZE', 0x00010106, 'ulong'],
  ['OID_GEN_LINK_SPEED', 0x00010107, 'ulong'],
  ['OID_GEN_VENDOR_ID', 0x0001010c, 'ulong'],
  ['OID_GEN_VENDOR_DESCRIPTION', 0x0001010d, 'bytes'],
  ['OID_GEN_CURRENT_PACKET_FILTER', 0x0001010e, 'ulong'],
  ['OID_GEN_CURRENT_LOOKAHEAD', 0x0001010f, 'ulong'],
  ['OID_GEN_DRIVER_VERSION', 0x00010110, 'ulong'],
  ['OID_GEN_MAXIMUM_TOTAL_SIZE', 0x00010111, 'ulong'],
  ['OID_GEN_MAC_OPTIONS', 0x00010113, 'ulong'],
  ['OID_GEN_MEDIA_CONNECT_STATUS', 0x00010114, 'ulong'],
  ['OID_GEN_VENDOR_DRIVER_VERSION', 0x00010116, 'ulong'],
  ['OID_GEN_XMIT_OK', 0x00020101, 'ulong64'],
  ['OID_GEN_RCV_OK', 0x00020102, 'ulong64'],
  ['OID_802_3_PERMANENT_ADDRESS', 0x01010101, 'mac'],
  ['OID_802_3_CURRENT_ADDRESS', 0x01010102, 'mac'],
  ['OID_802_3_MULTICAST_LIST', 0x01010103, 'bytes'],
  ['OID_802_3_MAXIMUM_LIST_SIZE', 0x01010104, 'ulong'],
  ...CONSTANT_LIST.filter((c) => c.name.startsWith('OID_')).map((c) => [c.name, c.value, c.name.includes('LINK_SPEED_EX') ? 'link-speed' : c.name.endsWith('_SPEED') ? 'ulong64' : 'ulong'] as const),
];

const BY_NAME = new Map(OIDS.map(([n, v, d]) => [n, { value: v, data: d }]));
const BY_VALUE = new Map(OIDS.map(([n, v, d]) => [v, { name: n, data: d }]));

/** OID value by name, or undefined. */
export function oidByName(name: string): number | undefined {
  return BY_NAME.get(name)?.value;
}

/** Name of an OID value, or its hex form. */
export function oidName(v: number): string {
  return BY_VALUE.get(v)?.name ?? `0x${v.toString(16).padStart(8, '0')}`;
}

/** Every OID name the simulator knows (for the scenario schema and messages). */
export function knownOidNames(): string[] {
  return [...BY_NAME.keys()];
}

/** Decode the first `len` bytes of an OID's buffer for the trace. */
export function decodeOidData(oid: number, buf: Uint8Array | null, len: number): string | number {
  if (!buf || len <= 0) return '';
  const dv = new DataView(buf.buffer, buf.byteOffset, Math.min(len, buf.length));
  const kind = BY_VALUE.get(oid)?.data ?? 'bytes';
  if (kind === 'ulong' && len >= 4) return dv.getUint32(0, true);
  if (kind === 'ulong64' && len >= 8) return Number(dv.getBigUint64(0, true));
  if (kind === 'mac' && len >= 6) return formatMac(buf);
  if (kind === 'link-speed' && len >= 16) return `xmit=${Number(dv.getBigUint64(0, true))} rcv=${Number(dv.getBigUint64(8, true))}`;
  return Array.from(buf.subarray(0, Math.min(len, 32)), (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Write a ULONG into an OID buffer: the status and BytesWritten/BytesNeeded a miniport reports. */
export function writeUlong(buf: Uint8Array | null, capacity: number, v: number): { ok: boolean; written: number; needed: number } {
  if (!buf || capacity < 4) return { ok: false, written: 0, needed: 4 };
  new DataView(buf.buffer, buf.byteOffset).setUint32(0, v >>> 0, true);
  return { ok: true, written: 4, needed: 4 };
}

/** Write raw bytes into an OID buffer. */
export function writeBytes(buf: Uint8Array | null, capacity: number, data: Uint8Array): { ok: boolean; written: number; needed: number } {
  if (!buf || capacity < data.length) return { ok: false, written: 0, needed: data.length };
  buf.set(data);
  return { ok: true, written: data.length, needed: data.length };
}

/** Read a ULONG from a set request's buffer. */
export function readUlong(buf: Uint8Array | null, len: number): number | undefined {
  if (!buf || len < 4) return undefined;
  return new DataView(buf.buffer, buf.byteOffset).getUint32(0, true);
}
