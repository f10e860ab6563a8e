/** ICMPv4 (RFC 792): type, code, checksum over the whole message, then type-specific words. */
import { readU16, writeU16 } from './bytes';
import { internetChecksum } from './checksum';
import { truncated, type Decoded } from './layer';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_DEST_UNREACHABLE = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;

const NAMES: Readonly<Record<number, string>> = { 0: 'echo reply', 3: 'destination unreachable', 8: 'echo request', 11: 'time exceeded' };

export interface IcmpMessage {
  readonly type: number;
  readonly code?: number;
  /** Echo identifier / sequence number (types 0 and 8). */
  readonly id?: number;
  readonly seq?: number;
  readonly payload?: Uint8Array;
}

/** The whole ICMP message (header + payload), checksum filled in. */
export function buildIcmp(m: IcmpMessage): Uint8Array {
  const payload = m.payload ?? new Uint8Array(0);
  const b = new Uint8Array(8 + payload.length);
  b[0] = m.type;
  b[1] = m.code ?? 0;
  writeU16(b, 4, m.id ?? 0);
  writeU16(b, 6, m.seq ?? 0);
  b.set(payload, 8);
  writeU16(b, 2, internetChecksum(b));
  return b;
}

export function decodeIcmp(b: Uint8Array, o: number, end: number): Decoded {
  if (end - o < 8) return truncated('icmp', o, 8, end - o);
  const type = b[o]!;
  const code = b[o + 1]!;
  const checksum = readU16(b, o + 2);
  const problems = internetChecksum(b, o, end) !== 0 ? [`bad checksum 0x${checksum.toString(16).padStart(4, '0')}`] : [];
  const echo = type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
  const fields: Record<string, number> = { type, code, checksum };
  let summary = `ICMP ${NAMES[type] ?? `type=${type}`}${type === ICMP_DEST_UNREACHABLE || code ? ` code=${code}` : ''}`;
  if (echo) {
    fields.id = readU16(b, o + 4);
    fields.seq = readU16(b, o + 6);
    summary += ` id=${fields.id} seq=${fields.seq} len=${end - o - 8}`;
  }
  return { layer: { name: 'icmp', offset: o, length: 8, fields, summary, problems } };
}
