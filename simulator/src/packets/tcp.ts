/** TCP header (RFC 9293): 20 bytes plus options; checksum over the pseudo-header. No TCP state. */
import { readU16, readU32, writeU16, writeU32 } from './bytes';
import { internetChecksum, ipv4PseudoSum, ipv6PseudoSum } from './checksum';
import { IPPROTO_TCP } from './ipv4';
import { truncated, type Decoded, type IpContext } from './layer';

export const TCP_HEADER_LENGTH = 20;
const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'] as const;

export interface TcpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq?: number;
  readonly ack?: number;
  /** Flag names, e.g. ["SYN"] or ["ACK", "PSH"]. */
  readonly flags?: readonly string[];
  readonly window?: number;
}

function pseudo(ip: IpContext, length: number): number {
  return ip.version === 4 ? ipv4PseudoSum(ip.src, ip.dst, IPPROTO_TCP, length) : ipv6PseudoSum(ip.src, ip.dst, IPPROTO_TCP, length);
}

/** Flag names → the flags byte; undefined for an unknown name. */
export function tcpFlagBits(names: readonly string[]): number | undefined {
  let v = 0;
  for (const n of names) {
    const i = FLAG_NAMES.indexOf(n.toUpperCase() as (typeof FLAG_NAMES)[number]);
    if (i < 0) return undefined;
    v |= 1 << i;
  }
  return v;
}

export function buildTcp(h: TcpHeader, payload: Uint8Array, ip: IpContext): Uint8Array {
  const b = new Uint8Array(TCP_HEADER_LENGTH + payload.length);
  writeU16(b, 0, h.srcPort);
  writeU16(b, 2, h.dstPort);
  writeU32(b, 4, h.seq ?? 0);
  writeU32(b, 8, h.ack ?? 0);
  b[12] = 5 << 4;
  b[13] = tcpFlagBits(h.flags ?? []) ?? 0;
  writeU16(b, 14, h.window ?? 65535);
  b.set(payload, TCP_HEADER_LENGTH);
  writeU16(b, 16, internetChecksum(b, 0, b.length, pseudo(ip, b.length)));
  return b;
}

export function decodeTcp(b: Uint8Array, o: number, end: number, ip: IpContext | undefined): Decoded {
  if (end - o < TCP_HEADER_LENGTH) return truncated('tcp', o, TCP_HEADER_LENGTH, end - o);
  const dataOffset = (b[o + 12]! >>> 4) * 4;
  const flagBits = b[o + 13]!;
  const flags = FLAG_NAMES.filter((_, i) => flagBits & (1 << i));
  const checksum = readU16(b, o + 16);
  const problems: string[] = [];
  if (dataOffset < TCP_HEADER_LENGTH || o + dataOffset > end) problems.push(`bad data offset ${dataOffset}`);
  else if (ip && internetChecksum(b, o, end, pseudo(ip, end - o)) !== 0) problems.push(`bad checksum 0x${checksum.toString(16).padStart(4, '0')}`);
  const fields = {
    srcPort: readU16(b, o), dstPort: readU16(b, o + 2), seq: readU32(b, o + 4), ack: readU32(b, o + 8),
    dataOffset, flags: flags.join(','), window: readU16(b, o + 14), checksum, urgent: readU16(b, o + 18),
  };
  const summary = `TCP ${fields.srcPort} > ${fields.dstPort} [${fields.flags}] seq=${fields.seq}${flagBits & 0x10 ? ` ack=${fields.ack}` : ''} len=${Math.max(0, end - o - dataOffset)}`;
  return { layer: { name: 'tcp', offset: o, length: Math.max(TCP_HEADER_LENGTH, dataOffset), fields, summary, problems } };
}
