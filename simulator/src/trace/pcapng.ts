/**
 * pcapng writer (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description
 * Block per component edge (like pktmon: "protocol:TINYIP <-> filter:TINYLWF@eth0"), one Enhanced
 * Packet Block per frame that moves down (`send`, outbound) or up (`indicate`, inbound) an edge,
 * with a comment naming the hop. Timestamps are virtual nanoseconds (if_tsresol = 9), so two
 * runs with the same seed produce identical files. Little-endian throughout.
 */
import * as fs from 'node:fs';
import type { PacketEvent, TraceEvent, TraceSink } from './events';
import { writeAll } from './jsonl';

const LINKTYPE_ETHERNET = 1;
const SNAPLEN = 262144;

/** Accumulates little-endian block bytes. */
class BlockBuilder {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  u16(v: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, v, true);
    return this.bytes(b);
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    return this.bytes(b);
  }
  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.length += b.length;
    return this;
  }
  /** Pad to a multiple of 4 with zeros. */
  pad(): this {
    const r = this.length % 4;
    return r ? this.bytes(new Uint8Array(4 - r)) : this;
  }
  /** An option: code, length, value, padding. */
  option(code: number, value: Uint8Array): this {
    return this.u16(code).u16(value.length).bytes(value).pad();
  }
  endOfOptions(): this {
    return this.u16(0).u16(0);
  }
  /** Wrap the body into a block: type, total length, body, total length. */
  block(type: number): Uint8Array {
    const total = 12 + this.length;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, type, true);
    dv.setUint32(4, total, true);
    let o = 8;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    dv.setUint32(total - 4, total, true);
    return out;
  }
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The Section Header Block. */
export function sectionHeaderBlock(application: string): Uint8Array {
  return new BlockBuilder()
    .u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff) // byte-order magic, version 1.0, section length unknown
    .option(4, utf8(application)) // shb_userappl
    .endOfOptions()
    .block(0x0a0d0d0a);
}

/** An Interface Description Block for an Ethernet edge with nanosecond timestamps. */
export function interfaceBlock(name: string, description: string): Uint8Array {
  return new BlockBuilder()
    .u16(LINKTYPE_ETHERNET).u16(0).u32(SNAPLEN)
    .option(2, utf8(name)) // if_name
    .option(3, utf8(description)) // if_description
    .option(9, Uint8Array.of(9)) // if_tsresol: 10^-9 s
    .endOfOptions()
    .block(1);
}

/** An Enhanced Packet Block. `inbound` sets the direction bits of epb_flags. */
export function enhancedPacketBlock(iface: number, tNs: number, frame: Uint8Array, comment: string, inbound: boolean): Uint8Array {
  const hi = Math.floor(tNs / 4294967296);
  const lo = tNs - hi * 4294967296;
  const cap = Math.min(frame.length, SNAPLEN);
  return new BlockBuilder()
    .u32(iface).u32(hi).u32(lo).u32(cap).u32(frame.length)
    .bytes(frame.subarray(0, cap)).pad()
    .option(1, utf8(comment)) // opt_comment
    .option(2, Uint8Array.of(inbound ? 1 : 2, 0, 0, 0)) // epb_flags: direction inbound=01, outbound=10
    .endOfOptions()
    .block(6);
}

/** Streams packet events to a pcapng file; every other event kind is ignored. */
export class PcapngSink implements TraceSink {
  private readonly fd: number;
  private readonly ifaces = new Map<string, number>();
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Frames written (for the run summary). */
  packets = 0;

  constructor(
    path: string,
    private readonly bufferBytes = 1 << 20,
  ) {
    this.fd = fs.openSync(path, 'w');
    this.push(sectionHeaderBlock('ndiswb (NDIS Workbench simulator)'));
  }

  write(e: TraceEvent): void {
    if (e.kind !== 'packet' || !e.frame || (e.hop !== 'send' && e.hop !== 'indicate')) return;
    const inbound = e.hop === 'indicate';
    // An edge is named upper <-> lower whichever way the frame moves.
    const upper = inbound ? e.to : e.from;
    const lower = inbound ? e.from : e.to;
    const key = `${e.host}\u0000${upper}\u0000${lower}`;
    let id = this.ifaces.get(key);
    if (id === undefined) {
      id = this.ifaces.size;
      this.ifaces.set(key, id);
      this.push(interfaceBlock(`${e.host}:${upper}<->${lower}`, `NDIS Workbench edge on host ${e.host}: ${upper} (above) and ${lower} (below)`));
    }
    this.push(enhancedPacketBlock(id, e.t, e.frame, comment(e), inbound));
    this.packets++;
  }

  private push(b: Uint8Array): void {
    this.pending.push(b);
    this.pendingBytes += b.length;
    if (this.pendingBytes >= this.bufferBytes) this.flush();
  }

  flush(): void {
    if (!this.pending.length) return;
    writeAll(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

function comment(e: PacketEvent): string {
  return `${e.host} ${e.hop} ${e.from} -> ${e.to}${e.nbl !== null ? ` nbl#${e.nbl}` : ''}: ${e.summary}`;
}
