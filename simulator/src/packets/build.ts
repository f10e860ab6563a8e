/**
 * Frame builder: a layered description (the `frame:` of a scenario) → Ethernet frame bytes, with
 * lengths and checksums computed. Errors name the key path of the bad value so the scenario
 * loader can point at it.
 */
import { ARP_REPLY, ARP_REQUEST, buildArp } from './arp';
import { fromHex, parseIpv4, parseIpv6, parseMac, concat } from './bytes';
import { BROADCAST_MAC, buildEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_VLAN } from './ethernet';
import { buildIcmp, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from './icmp';
import { buildIcmpv6, ICMPV6_ECHO_REPLY, ICMPV6_ECHO_REQUEST, ICMPV6_NEIGHBOR_ADVERTISEMENT, ICMPV6_NEIGHBOR_SOLICITATION } from './icmpv6';
import { buildIpv4, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './ipv4';
import { buildIpv6 } from './ipv6';
import type { IpContext } from './layer';
import { buildTcp, tcpFlagBits } from './tcp';
import { buildUdp } from './udp';
import { buildVlan } from './vlan';

/** A frame described layer by layer (every address as text). */
export interface FrameSpec {
  readonly eth?: { readonly src?: string; readonly dst?: string; readonly type?: number };
  readonly vlan?: { readonly vid: number; readonly pcp?: number; readonly dei?: boolean };
  readonly arp?: { readonly op: 'request' | 'reply' | number; readonly senderMac?: string; readonly senderIp: string; readonly targetMac?: string; readonly targetIp: string };
  readonly ipv4?: { readonly src: string; readonly dst: string; readonly ttl?: number; readonly id?: number; readonly protocol?: number; readonly dscp?: number; readonly df?: boolean };
  readonly ipv6?: { readonly src: string; readonly dst: string; readonly hopLimit?: number; readonly nextHeader?: number; readonly trafficClass?: number; readonly flowLabel?: number };
  readonly icmp?: { readonly type: number | 'echo-request' | 'echo-reply'; readonly code?: number; readonly id?: number; readonly seq?: number };
  readonly icmpv6?: { readonly type: number | 'echo-request' | 'echo-reply' | 'neighbor-solicitation' | 'neighbor-advertisement'; readonly code?: number; readonly id?: number; readonly seq?: number; readonly target?: string };
  readonly udp?: { readonly src: number; readonly dst: number };
  readonly tcp?: { readonly src: number; readonly dst: number; readonly seq?: number; readonly ack?: number; readonly flags?: readonly string[]; readonly window?: number };
  /** Payload as text (UTF-8). */
  readonly payload?: string;
  /** Payload as hex. */
  readonly payloadHex?: string;
  /** Pad the frame with zeros to at least this many bytes (default 60, the Ethernet minimum without FCS). */
  readonly padTo?: number;
}

/** A bad value in a FrameSpec; `path` is the key path under the frame, e.g. ["ipv4", "src"]. */
export class FrameSpecError extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
    this.name = 'FrameSpecError';
  }
}

function need<T>(v: T | undefined, path: (string | number)[], what: string): T {
  if (v === undefined) throw new FrameSpecError(path, `not a valid ${what}`);
  return v;
}

const ICMP_TYPES: Readonly<Record<string, number>> = { 'echo-request': ICMP_ECHO_REQUEST, 'echo-reply': ICMP_ECHO_REPLY };
const ICMPV6_TYPES: Readonly<Record<string, number>> = {
  'echo-request': ICMPV6_ECHO_REQUEST, 'echo-reply': ICMPV6_ECHO_REPLY,
  'neighbor-solicitation': ICMPV6_NEIGHBOR_SOLICITATION, 'neighbor-advertisement': ICMPV6_NEIGHBOR_ADVERTISEMENT,
};

/** Build the frame. `defaultSrcMac` fills eth.src when the spec leaves it out. */
export function buildFrame(spec: FrameSpec, defaultSrcMac?: Uint8Array): Uint8Array {
  const l3Count = [spec.arp, spec.ipv4, spec.ipv6].filter(Boolean).length;
  if (l3Count > 1) throw new FrameSpecError([], 'a frame has at most one of arp, ipv4, ipv6');
  const l4Count = [spec.icmp, spec.icmpv6, spec.udp, spec.tcp].filter(Boolean).length;
  if (l4Count > 1) throw new FrameSpecError([], 'a frame has at most one of icmp, icmpv6, udp, tcp');
  if (l4Count && !spec.ipv4 && !spec.ipv6) throw new FrameSpecError([], 'icmp, icmpv6, udp and tcp need an ipv4 or ipv6 layer');
  if (spec.payload !== undefined && spec.payloadHex !== undefined) throw new FrameSpecError(['payloadHex'], 'give payload or payloadHex, not both');

  let body: Uint8Array = spec.payloadHex !== undefined ? need(fromHex(spec.payloadHex), ['payloadHex'], 'hex string') : new TextEncoder().encode(spec.payload ?? '');
  let etherType = spec.eth?.type ?? 0x88b5; // IEEE local experimental EtherType for bare payloads

  let ip: IpContext | undefined;
  if (spec.ipv4) ip = { version: 4, src: need(parseIpv4(spec.ipv4.src), ['ipv4', 'src'], 'IPv4 address'), dst: need(parseIpv4(spec.ipv4.dst), ['ipv4', 'dst'], 'IPv4 address') };
  if (spec.ipv6) ip = { version: 6, src: need(parseIpv6(spec.ipv6.src), ['ipv6', 'src'], 'IPv6 address'), dst: need(parseIpv6(spec.ipv6.dst), ['ipv6', 'dst'], 'IPv6 address') };

  let proto: number | undefined;
  if (spec.icmp) {
    const t = typeof spec.icmp.type === 'number' ? spec.icmp.type : need(ICMP_TYPES[spec.icmp.type], ['icmp', 'type'], 'ICMP type');
    body = buildIcmp({ type: t, code: spec.icmp.code ?? 0, id: spec.icmp.id ?? 0, seq: spec.icmp.seq ?? 0, payload: body });
    proto = IPPROTO_ICMP;
  } else if (spec.icmpv6) {
    const t = typeof spec.icmpv6.type === 'number' ? spec.icmpv6.type : need(ICMPV6_TYPES[spec.icmpv6.type], ['icmpv6', 'type'], 'ICMPv6 type');
    const target = spec.icmpv6.target !== undefined ? need(parseIpv6(spec.icmpv6.target), ['icmpv6', 'target'], 'IPv6 address') : undefined;
    body = buildIcmpv6({ type: t, code: spec.icmpv6.code ?? 0, id: spec.icmpv6.id ?? 0, seq: spec.icmpv6.seq ?? 0, payload: body, ...(target ? { target } : {}) }, ip!.src, ip!.dst);
    proto = IPPROTO_ICMPV6;
  } else if (spec.udp) {
    body = buildUdp({ srcPort: spec.udp.src, dstPort: spec.udp.dst }, body, ip!);
    proto = IPPROTO_UDP;
  } else if (spec.tcp) {
    if (spec.tcp.flags && tcpFlagBits(spec.tcp.flags) === undefined) throw new FrameSpecError(['tcp', 'flags'], 'unknown TCP flag (FIN SYN RST PSH ACK URG ECE CWR)');
    body = buildTcp({ srcPort: spec.tcp.src, dstPort: spec.tcp.dst, seq: spec.tcp.seq ?? 0, ack: spec.tcp.ack ?? 0, flags: spec.tcp.flags ?? [], window: spec.tcp.window ?? 65535 }, body, ip!);
    proto = IPPROTO_TCP;
  }

  if (spec.ipv4) {
    body = concat(buildIpv4({ src: ip!.src, dst: ip!.dst, protocol: spec.ipv4.protocol ?? proto ?? 253, ttl: spec.ipv4.ttl ?? 64, id: spec.ipv4.id ?? 0, dscp: spec.ipv4.dscp ?? 0, df: spec.ipv4.df ?? false }, body.length), body);
    etherType = ETHERTYPE_IPV4;
  } else if (spec.ipv6) {
    body = concat(buildIpv6({ src: ip!.src, dst: ip!.dst, nextHeader: spec.ipv6.nextHeader ?? proto ?? 59, hopLimit: spec.ipv6.hopLimit ?? 64, trafficClass: spec.ipv6.trafficClass ?? 0, flowLabel: spec.ipv6.flowLabel ?? 0 }, body.length), body);
    etherType = ETHERTYPE_IPV6;
  } else if (spec.arp) {
    const op = spec.arp.op === 'request' ? ARP_REQUEST : spec.arp.op === 'reply' ? ARP_REPLY : spec.arp.op;
    const senderMac = spec.arp.senderMac !== undefined ? need(parseMac(spec.arp.senderMac), ['arp', 'senderMac'], 'MAC address') : defaultSrcMac ?? new Uint8Array(6);
    body = buildArp({
      op, senderMac,
      senderIp: need(parseIpv4(spec.arp.senderIp), ['arp', 'senderIp'], 'IPv4 address'),
      targetMac: spec.arp.targetMac !== undefined ? need(parseMac(spec.arp.targetMac), ['arp', 'targetMac'], 'MAC address') : new Uint8Array(6),
      targetIp: need(parseIpv4(spec.arp.targetIp), ['arp', 'targetIp'], 'IPv4 address'),
    });
    etherType = ETHERTYPE_ARP;
  }

  if (spec.eth?.type !== undefined) etherType = spec.eth.type;
  if (spec.vlan) {
    body = concat(buildVlan({ vid: spec.vlan.vid, pcp: spec.vlan.pcp ?? 0, dei: spec.vlan.dei ?? false, etherType }), body);
    etherType = ETHERTYPE_VLAN;
  }
  const dst = spec.eth?.dst !== undefined ? need(parseMac(spec.eth.dst), ['eth', 'dst'], 'MAC address') : BROADCAST_MAC;
  const src = spec.eth?.src !== undefined ? need(parseMac(spec.eth.src), ['eth', 'src'], 'MAC address') : defaultSrcMac ?? new Uint8Array(6);
  const frame = concat(buildEthernet({ dst, src, etherType }), body);
  const padTo = spec.padTo ?? 60;
  if (frame.length >= padTo) return frame;
  const padded = new Uint8Array(padTo);
  padded.set(frame);
  return padded;
}
