/** Ethernet II header: destination MAC, source MAC, EtherType (or an 802.3 length below 0x0600). */
import { formatMac, readU16, writeU16 } from './bytes';
import { truncated, type Decoded } from './layer';

export const ETHERNET_HEADER_LENGTH = 14;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_IPV6 = 0x86dd;
export const BROADCAST_MAC: Uint8Array = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

export interface EthernetHeader {
  readonly dst: Uint8Array;
  readonly src: Uint8Array;
  readonly etherType: number;
}

/** The 14-byte header. */
export function buildEthernet(h: EthernetHeader): Uint8Array {
  const b = new Uint8Array(ETHERNET_HEADER_LENGTH);
  b.set(h.dst.subarray(0, 6), 0);
  b.set(h.src.subarray(0, 6), 6);
  writeU16(b, 12, h.etherType);
  return b;
}

export function decodeEthernet(b: Uint8Array, o: number, end: number): Decoded {
  if (end - o < ETHERNET_HEADER_LENGTH) return truncated('eth', o, ETHERNET_HEADER_LENGTH, end - o);
  const dst = formatMac(b, o);
  const src = formatMac(b, o + 6);
  const type = readU16(b, o + 12);
  const fields = { dst, src, etherType: type };
  if (type < 0x0600) {
    return { layer: { name: 'eth', offset: o, length: 14, fields, summary: `802.3 ${src} > ${dst} len=${type}`, problems: [] } };
  }
  return {
    layer: { name: 'eth', offset: o, length: 14, fields, summary: `Ethernet ${src} > ${dst} type=0x${type.toString(16).padStart(4, '0')}`, problems: [] },
    next: { table: 'ethertype', key: type, offset: o + 14, end },
  };
}
