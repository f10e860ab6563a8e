/** UDP (RFC 768): 8-byte header; checksum over the IPv4/IPv6 pseudo-header (0 = none on IPv4). */
import { readU16, writeU16 } from './bytes';
import { internetChecksum, ipv4PseudoSum, ipv6PseudoSum } from './checksum';
import { IPPROTO_UDP } from './ipv4';
import { truncated, type Decoded, type IpContext } from './layer';

export const UDP_HEADER_LENGTH = 8;

export interface UdpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
}

function pseudo(ip: IpContext, length: number): number {
  return ip.version === 4 ? ipv4PseudoSum(ip.src, ip.dst, IPPROTO_UDP, length) : ipv6PseudoSum(ip.src, ip.dst, IPPROTO_UDP, length);
}

/** Header + payload with the checksum computed for the given IP endpoints. */
export function buildUdp(h: UdpHeader, payload: Uint8Array, ip: IpContext): Uint8Array {
  const b = new Uint8Array(UDP_HEADER_LENGTH + payload.length);
  writeU16(b, 0, h.srcPort);
  writeU16(b, 2, h.dstPort);
  writeU16(b, 4, b.length);
  b.set(payload, UDP_HEADER_LENGTH);
  const c = internetChecksum(b, 0, b.length, pseudo(ip, b.length));
  writeU16(b, 6, c === 0 ? 0xffff : c); // a computed 0 is sent as 0xffff (0 means "no checksum")
  return b;
}

export function decodeUdp(b: Uint8Array, o: number, end: number, ip: IpContext | undefined): Decoded {
  if (end - o < UDP_HEADER_LENGTH) return truncated('udp', o, UDP_HEADER_LENGTH, end - o);
  const srcPort = readU16(b, o);
  const dstPort = readU16(b, o + 2);
  const length = readU16(b, o + 4);
  const checksum = readU16(b, o + 6);
  const problems: string[] = [];
  if (length < UDP_HEADER_LENGTH || o + length > end) problems.push(`length ${length} does not fit the ${end - o} bytes present`);
  else if (ip && (checksum !== 0 || ip.version === 6) && internetChecksum(b, o, o + length, pseudo(ip, length)) !== 0) {
    problems.push(`bad checksum 0x${checksum.toString(16).padStart(4, '0')}`);
  }
  return {
    layer: { name: 'udp', offset: o, length: UDP_HEADER_LENGTH, fields: { srcPort, dstPort, length, checksum }, summary: `UDP ${srcPort} > ${dstPort} len=${Math.max(0, length - 8)}`, problems },
  };
}
