/** ARP for IPv4 over Ethernet (RFC 826): 28 bytes. */
import { formatIpv4, formatMac, readU16, writeU16 } from './bytes';
import { truncated, type Decoded } from './layer';

export const ARP_LENGTH = 28;
export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;

export interface ArpPacket {
  readonly op: number;
  readonly senderMac: Uint8Array;
  readonly senderIp: Uint8Array;
  readonly targetMac: Uint8Array;
  readonly targetIp: Uint8Array;
}

export function buildArp(a: ArpPacket): Uint8Array {
  const b = new Uint8Array(ARP_LENGTH);
  writeU16(b, 0, 1); // hardware type Ethernet
  writeU16(b, 2, 0x0800); // protocol type IPv4
  b[4] = 6;
  b[5] = 4;
  writeU16(b, 6, a.op);
  b.set(a.senderMac.subarray(0, 6), 8);
  b.set(a.senderIp.subarray(0, 4), 14);
  b.set(a.targetMac.subarray(0, 6), 18);
  b.set(a.targetIp.subarray(0, 4), 24);
  return b;
}

/** Parse the fixed fields; undefined when the packet is not Ethernet/IPv4 ARP. */
export function parseArp(b: Uint8Array, o = 0): ArpPacket | undefined {
  if (b.length - o < ARP_LENGTH || readU16(b, o) !== 1 || readU16(b, o + 2) !== 0x0800 || b[o + 4] !== 6 || b[o + 5] !== 4) return undefined;
  return {
    op: readU16(b, o + 6),
    senderMac: b.slice(o + 8, o + 14),
    senderIp: b.slice(o + 14, o + 18),
    targetMac: b.slice(o + 18, o + 24),
    targetIp: b.slice(o + 24, o + 28),
  };
}

export function decodeArp(b: Uint8Array, o: number, end: number): Decoded {
  if (end - o < 8) return truncated('arp', o, ARP_LENGTH, end - o);
  const htype = readU16(b, o);
  const ptype = readU16(b, o + 2);
  if (htype !== 1 || ptype !== 0x0800 || b[o + 4] !== 6 || b[o + 5] !== 4) {
    return { layer: { name: 'arp', offset: o, length: 8, fields: { htype, ptype }, summary: `ARP htype=${htype} ptype=0x${ptype.toString(16)}`, problems: [] } };
  }
  if (end - o < ARP_LENGTH) return truncated('arp', o, ARP_LENGTH, end - o);
  const op = readU16(b, o + 6);
  const fields = {
    htype, ptype, op,
    senderMac: formatMac(b, o + 8), senderIp: formatIpv4(b, o + 14),
    targetMac: formatMac(b, o + 18), targetIp: formatIpv4(b, o + 24),
  };
  const summary =
    op === ARP_REQUEST ? `ARP who-has ${fields.targetIp} tell ${fields.senderIp}`
    : op === ARP_REPLY ? `ARP ${fields.senderIp} is-at ${fields.senderMac}`
    : `ARP op=${op}`;
  return { layer: { name: 'arp', offset: o, length: ARP_LENGTH, fields, summary, problems: [] } };
}
