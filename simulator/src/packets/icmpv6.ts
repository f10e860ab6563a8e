/**
 * ICMPv6 (RFC 4443): type, code, checksum over the IPv6 pseudo-header and the message. Echo
 * (128/129) and neighbour solicitation/advertisement (135/136) bodies are decoded.
 */
import { formatIpv6, readU16, writeU16 } from './bytes';
import { internetChecksum, ipv6PseudoSum } from './checksum';
import { IPPROTO_ICMPV6 } from './ipv4';
import { truncated, type Decoded, type IpContext } from './layer';

export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;
export const ICMPV6_NEIGHBOR_SOLICITATION = 135;
export const ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;

const NAMES: Readonly<Record<number, string>> = {
  1: 'destination unreachable', 2: 'packet too big', 3: 'time exceeded', 128: 'echo request', 129: 'echo reply',
  133: 'router solicitation', 134: 'router advertisement', 135: 'neighbor solicitation', 136: 'neighbor advertisement',
};

export interface Icmpv6Message {
  readonly type: number;
  readonly code?: number;
  /** Echo identifier / sequence (128/129). */
  readonly id?: number;
  readonly seq?: number;
  /** Target address (135/136). */
  readonly target?: Uint8Array;
  readonly payload?: Uint8Array;
}

/** The whole message with its checksum computed over the pseudo-header of src → dst. */
export function buildIcmpv6(m: Icmpv6Message, src: Uint8Array, dst: Uint8Array): Uint8Array {
  const payload = m.payload ?? new Uint8Array(0);
  const nd = m.type === ICMPV6_NEIGHBOR_SOLICITATION || m.type === ICMPV6_NEIGHBOR_ADVERTISEMENT;
  const body = nd ? 20 : 4;
  const b = new Uint8Array(4 + body + payload.length);
  b[0] = m.type;
  b[1] = m.code ?? 0;
  if (nd) {
    if (m.type === ICMPV6_NEIGHBOR_ADVERTISEMENT) b[4] = 0x60; // solicited + override
    if (m.target) b.set(m.target.subarray(0, 16), 8);
  } else {
    writeU16(b, 4, m.id ?? 0);
    writeU16(b, 6, m.seq ?? 0);
  }
  b.set(payload, 4 + body);
  writeU16(b, 2, internetChecksum(b, 0, b.length, ipv6PseudoSum(src, dst, IPPROTO_ICMPV6, b.length)));
  return b;
}

export function decodeIcmpv6(b: Uint8Array, o: number, end: number, ip: IpContext | undefined): Decoded {
  if (end - o < 8) return truncated('icmpv6', o, 8, end - o);
  const type = b[o]!;
  const code = b[o + 1]!;
  const checksum = readU16(b, o + 2);
  const problems: string[] = [];
  if (ip?.version === 6 && internetChecksum(b, o, end, ipv6PseudoSum(ip.src, ip.dst, IPPROTO_ICMPV6, end - o)) !== 0) {
    problems.push(`bad checksum 0x${checksum.toString(16).padStart(4, '0')}`);
  }
  const fields: Record<string, string | number> = { type, code, checksum };
  let summary = `ICMPv6 ${NAMES[type] ?? `type=${type}`}`;
  if (type === ICMPV6_ECHO_REQUEST || type === ICMPV6_ECHO_REPLY) {
    fields.id = readU16(b, o + 4);
    fields.seq = readU16(b, o + 6);
    summary += ` id=${fields.id} seq=${fields.seq}`;
  } else if ((type === ICMPV6_NEIGHBOR_SOLICITATION || type === ICMPV6_NEIGHBOR_ADVERTISEMENT) && end - o >= 24) {
    fields.target = formatIpv6(b, o + 8);
    summary += ` ${fields.target}`;
  }
  return { layer: { name: 'icmpv6', offset: o, length: 8, fields, summary, problems } };
}
