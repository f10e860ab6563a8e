/**
 * Frames from a pcapng file on disk, by ordinal (the k-th packet block): the file is scanned
 * block header by block header, lazily and only as far as asked, remembering where each packet
 * block starts. A capture still being written (a running simulation) is scanned again from where
 * the last scan stopped; its partial last block is left for later.
 */
import * as fs from 'node:fs';
import { BT_EPB, BT_IDB, BT_SHB, BT_SPB, packetEvent, parseEpb, parseIdb, parseSpb, scanBlocks, sectionByteOrder, type Interface, type PacketRecord } from '../../../common/src/trace/pcapng';
import type { FrameStore } from '../../../common/src/trace/session';
import type { TraceEventData } from '../../../common/src/traceProtocol';

const SCAN_CHUNK = 1 << 20;

export class PcapngFileFrames implements FrameStore {
  private le = true;
  private ifaces: Interface[] = [];
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private types = new Uint8Array(1024);
  private packets = 0;
  private scanPos = 0;
  private scanning: Promise<void> | undefined;

  constructor(readonly file: string) {}

  /** Packets found so far. */
  get count(): number {
    return this.packets;
  }

  async frame(ordinal: number): Promise<Uint8Array | undefined> {
    while (ordinal >= this.packets) {
      const before = this.scanPos;
      await this.scanMore();
      if (this.scanPos === before) break; // nothing more in the file (yet)
    }
    if (ordinal >= this.packets) return undefined;
    return (await this.record(ordinal))?.frame;
  }

  /** The packet block `ordinal` (frame copied out of the read buffer). */
  async record(ordinal: number): Promise<PacketRecord | undefined> {
    const off = this.offsets[ordinal]!;
    const len = this.lengths[ordinal]!;
    const buf = Buffer.alloc(len);
    const fh = await fs.promises.open(this.file, 'r');
    try {
      await fh.read(buf, 0, len, off);
    } finally {
      await fh.close();
    }
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, len);
    const r = this.types[ordinal] === 1 ? parseEpb(bytes, this.le, this.ifaces) : parseSpb(bytes, this.le);
    return { ...r, frame: Uint8Array.from(r.frame) };
  }

  /** Scans the next chunk of the file (one scan at a time). */
  scanMore(): Promise<void> {
    this.scanning ??= this.scan().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async scan(): Promise<void> {
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(this.file, 'r');
    } catch {
      return; // not created yet
    }
    try {
      let want = SCAN_CHUNK;
      for (;;) {
        const buf = Buffer.alloc(want);
        const { bytesRead } = await fh.read(buf, 0, want, this.scanPos);
        if (bytesRead < 12) return;
        const data = new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
        if (this.scanPos === 0) this.le = sectionByteOrder(data, 0);
        const { blocks, consumed } = scanBlocks(data, this.scanPos, this.le);
        if (!blocks.length) {
          // one block larger than the chunk: read it whole next time
          const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
          const need = dv.getUint32(4, this.le);
          if (need > want && bytesRead === want) {
            want = need;
            continue;
          }
          return;
        }
        for (const b of blocks) {
          const bytes = data.subarray(b.offset - this.scanPos, b.offset - this.scanPos + b.length);
          if (b.type === BT_SHB) {
            this.le = sectionByteOrder(bytes, 0);
            this.ifaces = [];
          } else if (b.type === BT_IDB) this.ifaces.push(parseIdb(bytes, this.le));
          else if (b.type === BT_EPB || b.type === BT_SPB) this.addPacket(b.offset, b.length, b.type === BT_EPB ? 1 : 2);
        }
        this.scanPos += consumed;
        return;
      }
    } finally {
      await fh.close();
    }
  }

  private addPacket(offset: number, length: number, type: number): void {
    if (this.packets >= this.offsets.length) {
      const n = this.offsets.length * 2;
      const o = new Float64Array(n);
      o.set(this.offsets);
      this.offsets = o;
      const l = new Uint32Array(n);
      l.set(this.lengths);
      this.lengths = l;
      const t = new Uint8Array(n);
      t.set(this.types);
      this.types = t;
    }
    this.offsets[this.packets] = offset;
    this.lengths[this.packets] = length;
    this.types[this.packets] = type;
    this.packets++;
  }

  /**
   * Every packet of the (complete) capture as a trace event, in chunks: for opening a .pcapng as a
   * trace. `summarize` decodes frames that carry no ndiswb comment. Reads the file on its own,
   * sequentially, independent of the frame index.
   */
  async *events(summarize: (frame: Uint8Array) => string): AsyncGenerator<TraceEventData[]> {
    const fh = await fs.promises.open(this.file, 'r');
    try {
      let pos = 0;
      let le = true;
      let ifaces: Interface[] = [];
      let ordinal = 0;
      let t0: number | undefined;
      let want = SCAN_CHUNK;
      for (;;) {
        const buf = Buffer.alloc(want);
        const { bytesRead } = await fh.read(buf, 0, want, pos);
        if (bytesRead < 12) return;
        const data = new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
        if (pos === 0) le = sectionByteOrder(data, 0);
        const { blocks, consumed } = scanBlocks(data, pos, le);
        if (!blocks.length) {
          const need = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(4, le);
          if (need > want && bytesRead === want) {
            want = need;
            continue;
          }
          return;
        }
        const out: TraceEventData[] = [];
        for (const b of blocks) {
          const bytes = data.subarray(b.offset - pos, b.offset - pos + b.length);
          if (b.type === BT_SHB) {
            le = sectionByteOrder(bytes, 0);
            ifaces = [];
          } else if (b.type === BT_IDB) ifaces.push(parseIdb(bytes, le));
          else if (b.type === BT_EPB || b.type === BT_SPB) {
            const r = b.type === BT_EPB ? parseEpb(bytes, le, ifaces) : parseSpb(bytes, le);
            t0 ??= r.tNs;
            out.push(packetEvent(r, ordinal++, t0, ifaces, summarize));
          }
        }
        pos += consumed;
        want = SCAN_CHUNK;
        if (out.length) yield out;
      }
    } finally {
      await fh.close();
    }
  }
}
