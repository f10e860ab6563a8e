/**
 * Reading pcapng (draft-ietf-opsawg-pcapng) for the trace viewer: walking blocks incrementally
 * (a capture that is still being written ends in a partial block, which is left for later),
 * Enhanced Packet Blocks with their comment and direction, Interface Description Blocks with
 * their name and timestamp resolution, and turning a capture into trace events: the ndiswb
 * writer's comments ("alice send protocol:TINYIP -> filter:TINYLWF@eth0 nbl#7: summary") give
 * back host, hop, components and NBL; any other capture becomes packet hops on its interfaces.
 */
import type { TraceEventData } from '../traceProtocol';

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 1;
export const BT_EPB = 6;
export const BT_SPB = 3;

export interface BlockRef {
  readonly type: number;
  /** Offset of the block in the file. */
  readonly offset: number;
  readonly length: number;
}

export interface Interface {
  readonly name?: string;
  readonly description?: string;
  /** Nanoseconds per timestamp unit. */
  readonly nsPerUnit: number;
}

export interface PacketRecord {
  readonly iface: number;
  /** Timestamp in units of the interface's resolution, as a number of nanoseconds. */
  readonly tNs: number;
  readonly frame: Uint8Array;
  readonly origLength: number;
  readonly comment?: string;
  /** epb_flags direction: 1 inbound, 2 outbound, 0 unknown. */
  readonly direction: 0 | 1 | 2;
}

export class PcapngError extends Error {}

/** UTF-8 bytes to a string (common/ has no TextDecoder: it runs without DOM or Node types). */
export function decodeUtf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i++]!;
    let cp = c;
    if (c >= 0xf0) cp = ((c & 0x07) << 18) | ((b[i++]! & 0x3f) << 12) | ((b[i++]! & 0x3f) << 6) | (b[i++]! & 0x3f);
    else if (c >= 0xe0) cp = ((c & 0x0f) << 12) | ((b[i++]! & 0x3f) << 6) | (b[i++]! & 0x3f);
    else if (c >= 0xc0) cp = ((c & 0x1f) << 6) | (b[i++]! & 0x3f);
    s += String.fromCodePoint(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp);
  }
  return s;
}
const utf8 = { decode: decodeUtf8 };

/** Byte order of a section from its header block (true: little-endian). */
export function sectionByteOrder(buf: Uint8Array, offset = 0): boolean {
  if (buf.length < offset + 12) throw new PcapngError('file too short for a pcapng section header');
  const dv = new DataView(buf.buffer, buf.byteOffset + offset);
  if (dv.getUint32(0, true) !== BT_SHB) throw new PcapngError('not a pcapng file (no section header block)');
  const magic = dv.getUint32(8, true);
  if (magic === 0x1a2b3c4d) return true;
  if (magic === 0x4d3c2b1a) return false;
  throw new PcapngError(`bad byte-order magic 0x${magic.toString(16)}`);
}

/**
 * The complete blocks in `buf` (which starts at file offset `base` on a block boundary); `consumed`
 * is where the first incomplete block starts.
 */
export function scanBlocks(buf: Uint8Array, base: number, littleEndian: boolean): { blocks: BlockRef[]; consumed: number } {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const blocks: BlockRef[] = [];
  let o = 0;
  while (o + 12 <= buf.length) {
    const type = dv.getUint32(o, littleEndian);
    const length = type === BT_SHB ? dv.getUint32(o + 4, sectionByteOrder(buf, o)) : dv.getUint32(o + 4, littleEndian);
    if (length < 12 || length % 4 !== 0) throw new PcapngError(`bad block length ${length} at offset ${base + o}`);
    if (o + length > buf.length) break;
    blocks.push({ type, offset: base + o, length });
    o += length;
  }
  return { blocks, consumed: o };
}

function options(dv: DataView, from: number, to: number, le: boolean, each: (code: number, value: Uint8Array) => void): void {
  let o = from;
  while (o + 4 <= to) {
    const code = dv.getUint16(o, le);
    const len = dv.getUint16(o + 2, le);
    if (code === 0) return;
    if (o + 4 + len > to) return;
    each(code, new Uint8Array(dv.buffer, dv.byteOffset + o + 4, len));
    o += 4 + ((len + 3) & ~3);
  }
}

/** An Interface Description Block (the block's bytes). */
export function parseIdb(block: Uint8Array, le: boolean): Interface {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  let name: string | undefined;
  let description: string | undefined;
  let nsPerUnit = 1000; // default resolution: microseconds
  options(dv, 16, block.length - 4, le, (code, v) => {
    if (code === 2) name = utf8.decode(v);
    else if (code === 3) description = utf8.decode(v);
    else if (code === 9 && v.length >= 1) {
      const r = v[0]!;
      const exp = r & 0x7f;
      const unitsPerSecond = r & 0x80 ? 2 ** exp : 10 ** exp;
      nsPerUnit = 1e9 / unitsPerSecond;
    }
  });
  return { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}), nsPerUnit };
}

/** An Enhanced Packet Block (the block's bytes); the frame is a view into `block`. */
export function parseEpb(block: Uint8Array, le: boolean, ifaces: readonly Interface[]): PacketRecord {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  if (block.length < 32) throw new PcapngError('truncated enhanced packet block');
  const iface = dv.getUint32(8, le);
  const units = dv.getUint32(12, le) * 4294967296 + dv.getUint32(16, le);
  const cap = dv.getUint32(20, le);
  const origLength = dv.getUint32(24, le);
  if (28 + cap > block.length - 4) throw new PcapngError('packet longer than its block');
  const frame = block.subarray(28, 28 + cap);
  let comment: string | undefined;
  let direction: 0 | 1 | 2 = 0;
  options(dv, 28 + ((cap + 3) & ~3), block.length - 4, le, (code, v) => {
    if (code === 1 && comment === undefined) comment = utf8.decode(v);
    else if (code === 2 && v.length >= 4) direction = (new DataView(v.buffer, v.byteOffset, 4).getUint32(0, le) & 3) as 0 | 1 | 2;
  });
  const nsPerUnit = ifaces[iface]?.nsPerUnit ?? 1000;
  return { iface, tNs: Math.round(units * nsPerUnit), frame, origLength, ...(comment !== undefined ? { comment } : {}), direction };
}

/** A Simple Packet Block: interface 0, no timestamp. */
export function parseSpb(block: Uint8Array, le: boolean): PacketRecord {
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const origLength = dv.getUint32(8, le);
  const cap = Math.min(origLength, block.length - 16);
  return { iface: 0, tNs: 0, frame: block.subarray(12, 12 + cap), origLength, direction: 0 };
}

const COMMENT = /^(\S+) (send|indicate|send-complete|return) (\S+) -> (\S+?)(?: nbl#(\d+))?: (.*)$/s;

/**
 * A trace event for the `ordinal`-th packet of a capture. ndiswb's own comments are parsed back;
 * other captures give `host` "capture" and the interface as the component; `summarize` decodes the
 * frame when there is no comment to take the summary from.
 */
export function packetEvent(p: PacketRecord, ordinal: number, t0: number, ifaces: readonly Interface[], summarize: (frame: Uint8Array) => string): TraceEventData {
  const m = p.comment ? COMMENT.exec(p.comment) : null;
  const t = Math.max(0, p.tNs - t0);
  if (m) {
    const [, host, hop, from, to, nbl, summary] = m;
    return { seq: ordinal + 1, t, kind: 'packet', host: host!, component: from!, nbl: nbl !== undefined ? Number(nbl) : null, hop: hop!, from: from!, to: to!, bytes: p.origLength, summary: summary! };
  }
  const iface = ifaces[p.iface];
  const name = iface?.name ?? `interface ${p.iface}`;
  return {
    seq: ordinal + 1, t, kind: 'packet', host: 'capture', component: name, nbl: null, hop: p.direction === 2 ? 'send' : 'indicate',
    from: p.direction === 2 ? name : 'wire', to: p.direction === 2 ? 'wire' : name, bytes: p.origLength, summary: p.comment ?? summarize(p.frame),
  };
}

/** Every packet of a whole capture held in memory (reports): records and the interfaces. */
export function readAllPackets(buf: Uint8Array): { packets: PacketRecord[]; ifaces: Interface[] } {
  const packets: PacketRecord[] = [];
  let ifaces: Interface[] = [];
  let le = sectionByteOrder(buf, 0);
  const { blocks } = scanBlocks(buf, 0, le);
  for (const b of blocks) {
    const bytes = buf.subarray(b.offset, b.offset + b.length);
    if (b.type === BT_SHB) {
      le = sectionByteOrder(buf, b.offset);
      ifaces = [];
    } else if (b.type === BT_IDB) ifaces.push(parseIdb(bytes, le));
    else if (b.type === BT_EPB) packets.push(parseEpb(bytes, le, ifaces));
    else if (b.type === BT_SPB) packets.push(parseSpb(bytes, le));
  }
  return { packets, ifaces };
}
