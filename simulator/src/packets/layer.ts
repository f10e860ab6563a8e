/**
 * The shape every per-layer decoder returns, and the context passed down the layers. A decoder
 * reads one header at `offset` and names the table (EtherType or IP protocol) and key under which
 * the next decoder is found, in the manner of node_pcap's decode/ip_protocols.js.
 */

export type FieldValue = string | number | boolean;

/** One decoded header. */
export interface Layer {
  /** Short layer name: eth, vlan, arp, ipv4, ipv6, icmp, icmpv6, udp, tcp, data. */
  readonly name: string;
  /** Offset of the header in the frame. */
  readonly offset: number;
  /** Header length in bytes (payload excluded). */
  readonly length: number;
  /** Field values, by field name, in wire order. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** One-line human summary of this layer. */
  readonly summary: string;
  /** Problems found: truncation, bad checksum, bad length. Empty when the header is sound. */
  readonly problems: readonly string[];
}

/** What an IP layer tells the transport layer above it (for pseudo-header checksums). */
export interface IpContext {
  readonly version: 4 | 6;
  readonly src: Uint8Array;
  readonly dst: Uint8Array;
}

/** Where decoding continues after a layer. */
export interface Next {
  readonly table: 'ethertype' | 'ipproto';
  readonly key: number;
  readonly offset: number;
  /** End of this layer's payload (IP total length can be shorter than the frame: padding). */
  readonly end: number;
  readonly ip?: IpContext;
}

export interface Decoded {
  readonly layer: Layer;
  readonly next?: Next;
}

/** A decoder for one layer. `end` bounds the bytes that belong to this layer and its payload. */
export type LayerDecoder = (b: Uint8Array, offset: number, end: number, ip: IpContext | undefined) => Decoded;

/** The layer returned when a header does not fit in the bytes left. */
export function truncated(name: string, offset: number, need: number, have: number): Decoded {
  return {
    layer: { name, offset, length: Math.max(0, have), fields: {}, summary: `${name} (truncated)`, problems: [`truncated: ${name} needs ${need} bytes, ${have} left`] },
  };
}
