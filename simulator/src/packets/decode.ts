/**
 * Whole-frame decoding: Ethernet first, then the decoder each layer names through the numeric
 * dispatch tables (EtherType, IP protocol), like node_pcap. Unknown keys end the walk with a
 * `data` layer; the frame summary is the most specific layer's summary.
 */
import { decodeArp } from './arp';
import { decodeEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_VLAN } from './ethernet';
import { decodeIcmp } from './icmp';
import { decodeIcmpv6 } from './icmpv6';
import { decodeIpv4, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './ipv4';
import { decodeIpv6 } from './ipv6';
import type { Layer, LayerDecoder } from './layer';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';
import { decodeVlan } from './vlan';

/** EtherType → decoder. */
export const ETHERTYPE_DECODERS: ReadonlyMap<number, LayerDecoder> = new Map<number, LayerDecoder>([
  [ETHERTYPE_IPV4, decodeIpv4],
  [ETHERTYPE_ARP, decodeArp],
  [ETHERTYPE_VLAN, decodeVlan],
  [ETHERTYPE_IPV6, decodeIpv6],
]);

/** IP protocol / IPv6 next header → decoder. */
export const IP_PROTOCOL_DECODERS: ReadonlyMap<number, LayerDecoder> = new Map<number, LayerDecoder>([
  [IPPROTO_ICMP, decodeIcmp],
  [IPPROTO_TCP, decodeTcp],
  [IPPROTO_UDP, decodeUdp],
  [IPPROTO_ICMPV6, decodeIcmpv6],
]);

export interface DecodedFrame {
  readonly layers: readonly Layer[];
  /** One line: IP endpoints (when present) and the innermost layer's summary. */
  readonly summary: string;
  /** Every problem of every layer, prefixed with the layer name. */
  readonly problems: readonly string[];
}

/** Decode an Ethernet frame layer by layer. Never throws. */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  const layers: Layer[] = [];
  let d = decodeEthernet(frame, 0, frame.length);
  for (let guard = 0; guard < 16; guard++) {
    layers.push(d.layer);
    const n = d.next;
    if (!n) break;
    const dec = (n.table === 'ethertype' ? ETHERTYPE_DECODERS : IP_PROTOCOL_DECODERS).get(n.key);
    if (!dec) {
      if (n.end > n.offset) layers.push({ name: 'data', offset: n.offset, length: n.end - n.offset, fields: { [n.table]: n.key }, summary: `${n.table === 'ethertype' ? 'EtherType' : 'IP protocol'} 0x${n.key.toString(16)} (${n.end - n.offset} bytes)`, problems: [] });
      break;
    }
    d = dec(frame, n.offset, n.end, n.ip);
  }
  const problems = layers.flatMap((l) => l.problems.map((p) => `${l.name}: ${p}`));
  return { layers, summary: summarize(layers), problems };
}

function summarize(layers: readonly Layer[]): string {
  const last = layers[layers.length - 1]!;
  const ip = layers.find((l) => l.name === 'ipv4' || l.name === 'ipv6');
  const vlan = layers.find((l) => l.name === 'vlan');
  const prefix = vlan ? `[vlan ${vlan.fields.vid}] ` : '';
  if (ip && last !== ip) return `${prefix}${ip.fields.src} > ${ip.fields.dst} ${last.summary}`;
  return prefix + last.summary;
}

const summaries = new WeakMap<Uint8Array, string>();

/**
 * Just the summary line, cached per buffer (the hot path of packet trace events: one frame is
 * summarised at every hop). A buffer changed in place after its first summary keeps the old one.
 */
export function summarizeFrame(frame: Uint8Array): string {
  let s = summaries.get(frame);
  if (s === undefined) {
    s = decodeFrame(frame).summary;
    summaries.set(frame, s);
  }
  return s;
}

/** Remember the summary of a copy of an already summarised frame. */
export function shareSummary(from: Uint8Array, to: Uint8Array): void {
  const s = summaries.get(from);
  if (s !== undefined) summaries.set(to, s);
}
