/**
 * IPv6 header (RFC 8200): 40 bytes; hop-by-hop, routing and destination-options extension headers
 * are stepped over, a fragment header ends decoding.
 */
import { formatIpv6, readU16, readU32, writeU16, writeU32 } from './bytes';
import { truncated, type Decoded } from './layer';

export const IPV6_HEADER_LENGTH = 40;
const EXTENSION_HEADERS = new Set([0, 43, 60]);
const FRAGMENT_HEADER = 44;

export interface Ipv6Header {
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
  readonly nextHeader: number;
  readonly hopLimit?: number;
  readonly trafficClass?: number;
  readonly flowLabel?: number;
}

export function buildIpv6(h: Ipv6Header, payloadLength: number): Uint8Array {
  const b = new Uint8Array(IPV6_HEADER_LENGTH);
  writeU32(b, 0, ((6 << 28) | (((h.trafficClass ?? 0) & 0xff) << 20) | ((h.flowLabel ?? 0) & 0xfffff)) >>> 0);
  writeU16(b, 4, payloadLength);
  b[6] = h.nextHeader;
  b[7] = h.hopLimit ?? 64;
  b.set(h.src.subarray(0, 16), 8);
  b.set(h.dst.subarray(0, 16), 24);
  return b;
}

export function decodeIpv6(b: Uint8Array, o: number, end: number): Decoded {
  if (end - o < IPV6_HEADER_LENGTH) return truncated('ipv6', o, IPV6_HEADER_LENGTH, end - o);
  const w = readU32(b, o);
  const payloadLength = readU16(b, o + 4);
  const src = b.slice(o + 8, o + 24);
  const dst = b.slice(o + 24, o + 40);
  const problems: string[] = [];
  if (w >>> 28 !== 6) problems.push(`version ${w >>> 28} in an IPv6 header`);
  const payloadEnd = o + IPV6_HEADER_LENGTH + payloadLength;
  if (payloadEnd > end) problems.push(`payload length ${payloadLength} does not fit the ${end - o - IPV6_HEADER_LENGTH} bytes present`);
  let next = b[o + 6]!;
  let p = o + IPV6_HEADER_LENGTH;
  while (!problems.length && EXTENSION_HEADERS.has(next)) {
    if (payloadEnd - p < 8) {
      problems.push('truncated extension header');
      break;
    }
    const len = (b[p + 1]! + 1) * 8;
    next = b[p]!;
    p += len;
  }
  const fields = {
    version: w >>> 28, trafficClass: (w >>> 20) & 0xff, flowLabel: w & 0xfffff, payloadLength,
    nextHeader: b[o + 6]!, hopLimit: b[o + 7]!, src: formatIpv6(src), dst: formatIpv6(dst),
  };
  const layer = { name: 'ipv6', offset: o, length: p - o, fields, summary: `IPv6 ${fields.src} > ${fields.dst} next=${next} hlim=${fields.hopLimit}`, problems };
  if (problems.length || next === FRAGMENT_HEADER || p > payloadEnd) return { layer };
  return { layer, next: { table: 'ipproto', key: next, offset: p, end: payloadEnd, ip: { version: 6, src, dst } } };
}
