/** IPv4 header (RFC 791): 20 bytes plus options; header checksum verified on decode. */
import { formatIpv4, readU16, writeU16 } from './bytes';
import { internetChecksum } from './checksum';
import { truncated, type Decoded } from './layer';

export const IPV4_HEADER_LENGTH = 20;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_ICMPV6 = 58;

export interface Ipv4Header {
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly protocol: number;
  readonly ttl?: number;
  readonly id?: number;
  readonly dscp?: number;
  /** Don't Fragment. */
  readonly df?: boolean;
}

/** The 20-byte header for `payloadLength` bytes of payload, checksum filled in. */
export function buildIpv4(h: Ipv4Header, payloadLength: number): Uint8Array {
  const b = new Uint8Array(IPV4_HEADER_LENGTH);
  b[0] = 0x45;
  b[1] = (h.dscp ?? 0) << 2;
  writeU16(b, 2, IPV4_HEADER_LENGTH + payloadLength);
  writeU16(b, 4, h.id ?? 0);
  writeU16(b, 6, h.df ? 0x4000 : 0);
  b[8] = h.ttl ?? 64;
  b[9] = h.protocol;
  b.set(h.src.subarray(0, 4), 12);
  b.set(h.dst.subarray(0, 4), 16);
  writeU16(b, 10, internetChecksum(b, 0, IPV4_HEADER_LENGTH));
  return b;
}

export function decodeIpv4(b: Uint8Array, o: number, end: number): Decoded {
  if (end - o < IPV4_HEADER_LENGTH) return truncated('ipv4', o, IPV4_HEADER_LENGTH, end - o);
  const version = b[o]! >>> 4;
  const ihl = (b[o]! & 0x0f) * 4;
  const totalLength = readU16(b, o + 2);
  const flagsFrag = readU16(b, o + 6);
  const src = b.slice(o + 12, o + 16);
  const dst = b.slice(o + 16, o + 20);
  const protocol = b[o + 9]!;
  const problems: string[] = [];
  if (version !== 4) problems.push(`version ${version} in an IPv4 header`);
  if (ihl < IPV4_HEADER_LENGTH || o + ihl > end) problems.push(`bad header length ${ihl}`);
  if (totalLength < ihl || o + totalLength > end) problems.push(`total length ${totalLength} does not fit the ${end - o} bytes present`);
  const checksum = readU16(b, o + 10);
  if (!problems.length && internetChecksum(b, o, o + ihl) !== 0) problems.push(`bad header checksum 0x${checksum.toString(16).padStart(4, '0')}`);
  const fields = {
    version, ihl, dscp: b[o + 1]! >>> 2, totalLength, id: readU16(b, o + 4),
    df: (flagsFrag & 0x4000) !== 0, mf: (flagsFrag & 0x2000) !== 0, fragmentOffset: (flagsFrag & 0x1fff) * 8,
    ttl: b[o + 8]!, protocol, checksum, src: formatIpv4(src), dst: formatIpv4(dst),
  };
  const layer = { name: 'ipv4', offset: o, length: Math.max(ihl, IPV4_HEADER_LENGTH), fields, summary: `IPv4 ${fields.src} > ${fields.dst} proto=${protocol} ttl=${fields.ttl}`, problems };
  if (problems.length || fields.mf || fields.fragmentOffset) return { layer };
  return { layer, next: { table: 'ipproto', key: protocol, offset: o + ihl, end: o + totalLength, ip: { version: 4, src, dst } } };
}
