/**
 * The IPv4 stack inside the TINYIP protocol, independent of NDIS: ARP (request, reply, a cache
 * and a small queue of packets waiting for resolution), ICMP echo (answers requests, matches
 * replies and reports round-trip times) and UDP (port 7 echoes, other ports are counted).
 */
import { ARP_REPLY, ARP_REQUEST, buildArp, parseArp } from '../../packets/arp';
import { concat, formatIpv4, ipv4ToU32, readU16 } from '../../packets/bytes';
import { BROADCAST_MAC, buildEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../packets/ethernet';
import { buildIcmp, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from '../../packets/icmp';
import { buildIpv4, decodeIpv4, IPPROTO_ICMP, IPPROTO_UDP } from '../../packets/ipv4';
import { internetChecksum } from '../../packets/checksum';
import { buildUdp, decodeUdp } from '../../packets/udp';
import { formatDuration } from '../../engine/units';

/** One bound adapter as the IP layer sees it. */
export interface IpInterface {
  readonly name: string;
  readonly mac: Uint8Array;
  addr: Uint8Array | null;
  prefix: number;
  readonly arp: Map<number, Uint8Array>;
  readonly waiting: Map<number, Uint8Array[]>;
}

/** What the stack needs from its NDIS side. */
export interface StackEnv {
  /** Send a frame on an interface; false when it cannot be sent now. */
  transmit(ifc: IpInterface, frame: Uint8Array): boolean;
  log(message: string): void;
  now(): number;
}

export interface StackStats {
  echoRequestsSent: number;
  echoRepliesReceived: number;
  echoRequestsAnswered: number;
  udpSent: number;
  udpReceived: number;
  dropped: number;
}

const MAX_WAITING = 8;

function sameSubnet(a: Uint8Array, b: Uint8Array, prefix: number): boolean {
  if (prefix === 0) return true;
  const mask = prefix >= 32 ? 0xffffffff : ~((1 << (32 - prefix)) - 1) >>> 0;
  return ((ipv4ToU32(a) & mask) >>> 0) === ((ipv4ToU32(b) & mask) >>> 0);
}

export class TinyIpStack {
  readonly interfaces: IpInterface[] = [];
  readonly stats: StackStats = { echoRequestsSent: 0, echoRepliesReceived: 0, echoRequestsAnswered: 0, udpSent: 0, udpReceived: 0, dropped: 0 };
  private readonly pings = new Map<string, number>();
  private ipId = 1;

  constructor(private readonly env: StackEnv) {}

  /** The interface for `dst`: on-link first, else the first with an address (default route). */
  route(dst: Uint8Array): IpInterface | undefined {
    return this.interfaces.find((i) => i.addr && sameSubnet(i.addr, dst, i.prefix)) ?? this.interfaces.find((i) => i.addr);
  }

  /** Build and send an IPv4 packet; resolves the next hop with ARP when needed. */
  sendIpv4(dst: Uint8Array, protocol: number, body: (src: Uint8Array) => Uint8Array): boolean {
    const ifc = this.route(dst);
    if (!ifc || !ifc.addr) {
      this.env.log(`no route to ${formatIpv4(dst)}`);
      return false;
    }
    const payload = body(ifc.addr);
    const packet = concat(buildIpv4({ src: ifc.addr, dst, protocol, ttl: 64, id: this.ipId++ & 0xffff }, payload.length), payload);
    const key = ipv4ToU32(dst);
    const mac = dst[3] === 255 ? BROADCAST_MAC : ifc.arp.get(key);
    if (mac) return this.env.transmit(ifc, concat(buildEthernet({ dst: mac, src: ifc.mac, etherType: ETHERTYPE_IPV4 }), packet));
    let q = ifc.waiting.get(key);
    if (!q) {
      ifc.waiting.set(key, (q = []));
      this.arpRequest(ifc, dst);
    }
    if (q.length < MAX_WAITING) q.push(packet);
    else this.stats.dropped++;
    return true;
  }

  private arpRequest(ifc: IpInterface, target: Uint8Array): void {
    const arp = buildArp({ op: ARP_REQUEST, senderMac: ifc.mac, senderIp: ifc.addr!, targetMac: new Uint8Array(6), targetIp: target });
    this.env.transmit(ifc, concat(buildEthernet({ dst: BROADCAST_MAC, src: ifc.mac, etherType: ETHERTYPE_ARP }), arp));
  }

  /** Send ICMP echo request `seq` with `size` bytes of payload. */
  ping(dst: Uint8Array, id: number, seq: number, size: number): boolean {
    const payload = new Uint8Array(size).map((_, i) => i & 0xff);
    this.pings.set(`${formatIpv4(dst)}/${id}/${seq}`, this.env.now());
    this.stats.echoRequestsSent++;
    return this.sendIpv4(dst, IPPROTO_ICMP, () => buildIcmp({ type: ICMP_ECHO_REQUEST, id, seq, payload }));
  }

  /** Send one UDP datagram. */
  udp(dst: Uint8Array, dstPort: number, srcPort: number, payload: Uint8Array): boolean {
    this.stats.udpSent++;
    return this.sendIpv4(dst, IPPROTO_UDP, (src) => buildUdp({ srcPort, dstPort }, payload, { version: 4, src, dst }));
  }

  /** A frame received on `ifc`. */
  input(ifc: IpInterface, f: Uint8Array): void {
    if (f.length < 14) return;
    const type = readU16(f, 12);
    if (type === ETHERTYPE_ARP) this.arpInput(ifc, f);
    else if (type === ETHERTYPE_IPV4) this.ipInput(ifc, f);
  }

  private arpInput(ifc: IpInterface, f: Uint8Array): void {
    const a = parseArp(f, 14);
    if (!a || !ifc.addr) return;
    const sender = ipv4ToU32(a.senderIp);
    const forUs = ipv4ToU32(a.targetIp) === ipv4ToU32(ifc.addr);
    if (forUs || ifc.arp.has(sender)) ifc.arp.set(sender, a.senderMac);
    if (forUs && a.op === ARP_REQUEST) {
      const reply = buildArp({ op: ARP_REPLY, senderMac: ifc.mac, senderIp: ifc.addr, targetMac: a.senderMac, targetIp: a.senderIp });
      this.env.transmit(ifc, concat(buildEthernet({ dst: a.senderMac, src: ifc.mac, etherType: ETHERTYPE_ARP }), reply));
    }
    const q = ifc.waiting.get(sender);
    if (q && ifc.arp.has(sender)) {
      ifc.waiting.delete(sender);
      for (const p of q) this.env.transmit(ifc, concat(buildEthernet({ dst: a.senderMac, src: ifc.mac, etherType: ETHERTYPE_IPV4 }), p));
    }
  }

  private ipInput(ifc: IpInterface, f: Uint8Array): void {
    const d = decodeIpv4(f, 14, f.length);
    if (d.layer.problems.length || !d.next || !ifc.addr) {
      this.stats.dropped++;
      return;
    }
    const dst = f.subarray(30, 34);
    if (ipv4ToU32(dst) !== ipv4ToU32(ifc.addr) && dst[3] !== 255) return;
    const src = f.slice(26, 30);
    const { offset: o, end } = d.next;
    if (d.next.key === IPPROTO_ICMP && end - o >= 8) {
      if (internetChecksum(f, o, end) !== 0) {
        this.stats.dropped++;
        return;
      }
      const id = readU16(f, o + 4);
      const seq = readU16(f, o + 6);
      if (f[o] === ICMP_ECHO_REQUEST) {
        this.stats.echoRequestsAnswered++;
        const payload = f.slice(o + 8, end);
        this.sendIpv4(src, IPPROTO_ICMP, () => buildIcmp({ type: ICMP_ECHO_REPLY, id, seq, payload }));
      } else if (f[o] === ICMP_ECHO_REPLY) {
        const key = `${formatIpv4(src)}/${id}/${seq}`;
        const sent = this.pings.get(key);
        this.pings.delete(key);
        this.stats.echoRepliesReceived++;
        this.env.log(`${end - o - 8} bytes from ${formatIpv4(src)}: icmp_seq=${seq}${sent !== undefined ? ` time=${formatDuration(this.env.now() - sent)}` : ''}`);
      }
    } else if (d.next.key === IPPROTO_UDP) {
      const u = decodeUdp(f, o, end, d.next.ip);
      if (u.layer.problems.length) {
        this.stats.dropped++;
        return;
      }
      this.stats.udpReceived++;
      const { srcPort, dstPort, length } = u.layer.fields as { srcPort: number; dstPort: number; length: number };
      const payload = f.slice(o + 8, o + length);
      this.env.log(`UDP from ${formatIpv4(src)}:${srcPort} to port ${dstPort}: ${payload.length} bytes`);
      if (dstPort === 7) this.udp(src, srcPort, 7, payload);
    }
  }
}
