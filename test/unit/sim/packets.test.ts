/**
 * One decoder and builder per protocol layer, tested with byte fixtures annotated field by field
 * (style: node_pcap). The checksums in the fixtures were computed independently (RFC 1071 over
 * the pseudo-headers, by a separate script) and are checked both ways: the builder must produce
 * them and the decoder must accept them and report a corrupted one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeArp } from '../../../simulator/src/packets/arp';
import { formatIpv6, fromHex, parseIpv4, parseIpv6, parseMac, toHex } from '../../../simulator/src/packets/bytes';
import { buildFrame, FrameSpecError } from '../../../simulator/src/packets/build';
import { internetChecksum } from '../../../simulator/src/packets/checksum';
import { decodeFrame, ETHERTYPE_DECODERS, IP_PROTOCOL_DECODERS } from '../../../simulator/src/packets/decode';
import { decodeEthernet } from '../../../simulator/src/packets/ethernet';
import { buildIpv4 } from '../../../simulator/src/packets/ipv4';

const h = (s: string): Uint8Array => fromHex(s)!;

/** ARP request: 10.0.0.1 asks who has 10.0.0.2 (60 bytes with padding). */
const ARP_REQUEST =
  'ffffffffffff' + // eth dst: broadcast
  '020000000001' + // eth src
  '0806' + //         EtherType ARP
  '0001' + //         hardware type: Ethernet
  '0800' + //         protocol type: IPv4
  '06' + '04' + //    hardware / protocol address lengths
  '0001' + //         operation: request
  '020000000001' + // sender MAC
  '0a000001' + //     sender IP 10.0.0.1
  '000000000000' + // target MAC (unknown)
  '0a000002' + //     target IP 10.0.0.2
  '00'.repeat(18); // padding to 60 bytes

/** ICMP echo request 10.0.0.1 → 10.0.0.2, id 1 seq 1, 4 bytes of payload. */
const ICMP_ECHO =
  '020000000002' + '020000000001' + '0800' + // eth: dst, src, IPv4
  '45' + //     version 4, IHL 5
  '00' + //     DSCP/ECN
  '0020' + //   total length 32
  '0007' + //   id 7
  '0000' + //   flags / fragment offset
  '40' + //     TTL 64
  '01' + //     protocol ICMP
  '66d4' + //   header checksum
  '0a000001' + '0a000002' + // src, dst
  '08' + '00' + // ICMP type 8 (echo request), code 0
  'f3f7' + //   ICMP checksum
  '0001' + '0001' + // identifier 1, sequence 1
  '01020304' + // payload
  '00'.repeat(14); // padding to 60 bytes

/** UDP 10.0.0.2:1234 → 10.0.0.1:7, payload "hi", behind an 802.1Q tag (VLAN 42, PCP 5). */
const VLAN_UDP =
  '020000000001' + '020000000002' +
  '8100' + //   TPID: 802.1Q
  'a02a' + //   TCI: PCP 5, DEI 0, VID 42
  '0800' + //   inner EtherType IPv4
  '4500' + '001e' + '0000' + '0000' + '40' + '11' + '66cd' + '0a000002' + '0a000001' + // IPv4, 30 bytes, UDP
  '04d2' + //   source port 1234
  '0007' + //   destination port 7
  '000a' + //   UDP length 10
  '7e95' + //   UDP checksum (pseudo-header included)
  '6869' + //   payload "hi"
  '00'.repeat(12);

/** IPv6 ICMPv6 echo request fe80::1 → fe80::2, id 5 seq 9, no payload. */
const ICMPV6_ECHO =
  '333300000001' + '020000000001' + '86dd' +
  '60000000' + // version 6, traffic class 0, flow label 0
  '0008' + //     payload length 8
  '3a' + //       next header: ICMPv6
  '40' + //       hop limit 64
  'fe800000000000000000000000000001' + // source fe80::1
  'fe800000000000000000000000000002' + // destination fe80::2
  '80' + '00' + // type 128 echo request, code 0
  '82aa' + //     checksum (over the IPv6 pseudo-header)
  '0005' + '0009'; // identifier 5, sequence 9

/** TCP SYN 10.0.0.9:50000 → 10.0.0.2:80, seq 1000, window 64240. */
const TCP_SYN =
  '020000000002' + '020000000009' + '0800' +
  '4500' + '0028' + '0000' + '0000' + '40' + '06' + '66c6' + '0a000009' + '0a000002' +
  'c350' + //     source port 50000
  '0050' + //     destination port 80
  '000003e8' + // sequence number 1000
  '00000000' + // acknowledgment number
  '50' + //       data offset 5 words
  '02' + //       flags: SYN
  'faf0' + //     window 64240
  'd95e' + //     checksum
  '0000' + //     urgent pointer
  '00'.repeat(6);

describe('packets: byte helpers', () => {
  it('parses hex with separators and # comments, and rejects odd or non-hex text', () => {
    assert.deepEqual(Array.from(h('0a:0b-0c 0d # comment ff\n0e')), [10, 11, 12, 13, 14]);
    assert.equal(fromHex('abc'), undefined);
    assert.equal(fromHex('zz'), undefined);
    assert.equal(toHex(Uint8Array.of(0, 15, 255)), '000fff');
  });

  it('parses and formats addresses', () => {
    assert.deepEqual(Array.from(parseMac('02-00-00-00-00-0A')!), [2, 0, 0, 0, 0, 10]);
    assert.equal(parseMac('02:00:00:00:00'), undefined);
    assert.equal(parseIpv4('10.0.0.256'), undefined);
    assert.equal(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1')!), '2001:db8::1:0:0:1');
    assert.equal(formatIpv6(parseIpv6('::ffff:10.0.0.1')!), '::ffff:a00:1');
    assert.equal(parseIpv6('1::2::3'), undefined);
  });

  it('computes the RFC 1071 checksum (worked example of the RFC)', () => {
    assert.equal(internetChecksum(h('0001f203f4f5f6f7')), ~0xddf2 & 0xffff);
  });
});

describe('packets: builders produce the annotated fixtures', () => {
  it('ARP request', () => {
    const f = buildFrame({ eth: { src: '02:00:00:00:00:01', dst: 'ff:ff:ff:ff:ff:ff' }, arp: { op: 'request', senderMac: '02:00:00:00:00:01', senderIp: '10.0.0.1', targetIp: '10.0.0.2' } });
    assert.equal(toHex(f), ARP_REQUEST);
  });

  it('ICMP echo request with IPv4 and ICMP checksums', () => {
    const f = buildFrame({ eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ipv4: { src: '10.0.0.1', dst: '10.0.0.2', id: 7 }, icmp: { type: 'echo-request', id: 1, seq: 1 }, payloadHex: '01020304' });
    assert.equal(toHex(f), ICMP_ECHO);
  });

  it('802.1Q-tagged UDP with the pseudo-header checksum', () => {
    const f = buildFrame({ eth: { src: '02:00:00:00:00:02', dst: '02:00:00:00:00:01' }, vlan: { vid: 42, pcp: 5 }, ipv4: { src: '10.0.0.2', dst: '10.0.0.1' }, udp: { src: 1234, dst: 7 }, payload: 'hi' });
    assert.equal(toHex(f), VLAN_UDP);
  });

  it('ICMPv6 echo over IPv6 (no padding needed: 62 bytes)', () => {
    const f = buildFrame({ eth: { src: '02:00:00:00:00:01', dst: '33:33:00:00:00:01' }, ipv6: { src: 'fe80::1', dst: 'fe80::2' }, icmpv6: { type: 'echo-request', id: 5, seq: 9 } });
    assert.equal(toHex(f), ICMPV6_ECHO);
  });

  it('TCP SYN', () => {
    const f = buildFrame({ eth: { src: '02:00:00:00:00:09', dst: '02:00:00:00:00:02' }, ipv4: { src: '10.0.0.9', dst: '10.0.0.2' }, tcp: { src: 50000, dst: 80, seq: 1000, flags: ['SYN'], window: 64240 } });
    assert.equal(toHex(f), TCP_SYN);
  });

  it('names the bad key path of an invalid spec', () => {
    assert.throws(() => buildFrame({ ipv4: { src: '10.0.0.1', dst: 'nope' }, udp: { src: 1, dst: 2 } }), (e: unknown) => e instanceof FrameSpecError && e.path.join('.') === 'ipv4.dst');
    assert.throws(() => buildFrame({ udp: { src: 1, dst: 2 } }), /need an ipv4 or ipv6 layer/);
    assert.throws(() => buildFrame({ tcp: { src: 1, dst: 2, flags: ['SYNN'] }, ipv4: { src: '1.1.1.1', dst: '2.2.2.2' } }), /unknown TCP flag/);
  });
});

describe('packets: decoders read the fixtures field by field', () => {
  it('Ethernet and ARP', () => {
    const f = h(ARP_REQUEST);
    const eth = decodeEthernet(f, 0, f.length);
    assert.deepEqual(eth.layer.fields, { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01', etherType: 0x0806 });
    assert.equal(eth.next?.key, 0x0806);
    const arp = decodeArp(f, 14, f.length);
    assert.equal(arp.layer.fields.op, 1);
    assert.equal(arp.layer.fields.targetIp, '10.0.0.2');
    assert.equal(decodeFrame(f).summary, 'ARP who-has 10.0.0.2 tell 10.0.0.1');
  });

  it('IPv4 + ICMP, with checksums verified', () => {
    const d = decodeFrame(h(ICMP_ECHO));
    assert.deepEqual(d.layers.map((l) => l.name), ['eth', 'ipv4', 'icmp']);
    assert.equal(d.layers[1]!.fields.totalLength, 32);
    assert.equal(d.layers[1]!.fields.checksum, 0x66d4);
    assert.equal(d.layers[2]!.fields.seq, 1);
    assert.deepEqual(d.problems, []);
    assert.equal(d.summary, '10.0.0.1 > 10.0.0.2 ICMP echo request id=1 seq=1 len=4');
  });

  it('802.1Q + IPv4 + UDP', () => {
    const d = decodeFrame(h(VLAN_UDP));
    assert.deepEqual(d.layers.map((l) => l.name), ['eth', 'vlan', 'ipv4', 'udp']);
    assert.equal(d.layers[1]!.fields.vid, 42);
    assert.equal(d.layers[1]!.fields.pcp, 5);
    assert.deepEqual(d.layers[3]!.fields, { srcPort: 1234, dstPort: 7, length: 10, checksum: 0x7e95 });
    assert.deepEqual(d.problems, []);
    assert.match(d.summary, /^\[vlan 42\] 10\.0\.0\.2 > 10\.0\.0\.1 UDP 1234 > 7 len=2$/);
  });

  it('IPv6 + ICMPv6 and TCP', () => {
    const v6 = decodeFrame(h(ICMPV6_ECHO));
    assert.deepEqual(v6.layers.map((l) => l.name), ['eth', 'ipv6', 'icmpv6']);
    assert.equal(v6.layers[1]!.fields.src, 'fe80::1');
    assert.deepEqual(v6.problems, []);
    const tcp = decodeFrame(h(TCP_SYN));
    assert.equal(tcp.layers[2]!.fields.flags, 'SYN');
    assert.equal(tcp.layers[2]!.fields.seq, 1000);
    assert.deepEqual(tcp.problems, []);
  });

  it('reports corrupted checksums and truncation instead of throwing', () => {
    const bad = h(ICMP_ECHO);
    bad[24] ^= 0xff; // IPv4 header checksum
    assert.match(decodeFrame(bad).problems.join(), /ipv4: bad header checksum/);
    const badUdp = h(VLAN_UDP);
    badUdp[44] ^= 1; // UDP payload byte
    assert.match(decodeFrame(badUdp).problems.join(), /udp: bad checksum/);
    const badV6 = h(ICMPV6_ECHO);
    badV6[56] ^= 1; // ICMPv6 checksum
    assert.match(decodeFrame(badV6).problems.join(), /icmpv6: bad checksum/);
    assert.match(decodeFrame(h(ICMP_ECHO).subarray(0, 20)).problems.join(), /truncated/);
    assert.equal(decodeFrame(new Uint8Array(3)).layers[0]!.name, 'eth');
  });

  it('chooses decoders through numeric dispatch tables', () => {
    assert.deepEqual([...ETHERTYPE_DECODERS.keys()].sort(), [0x0800, 0x0806, 0x8100, 0x86dd]);
    assert.deepEqual([...IP_PROTOCOL_DECODERS.keys()].sort((a, b) => a - b), [1, 6, 17, 58]);
    const unknown = buildFrame({ eth: { type: 0x88b5 }, payload: 'x' });
    assert.match(decodeFrame(unknown).summary, /EtherType 0x88b5/);
  });

  it('builds IPv4 headers whose checksum verifies', () => {
    const hdr = buildIpv4({ src: parseIpv4('192.168.1.1')!, dst: parseIpv4('192.168.1.2')!, protocol: 17, ttl: 3 }, 100);
    assert.equal(internetChecksum(hdr), 0);
  });
});
