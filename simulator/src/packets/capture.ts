/**
 * Reading captures for replay: classic pcap (microsecond and nanosecond, either byte order) and
 * pcapng (SHB/IDB/EPB/SPB; other blocks skipped). Only Ethernet link types are accepted. Every
 * defect becomes a CaptureError with a one-line reason; nothing here throws anything else.
 */

export interface CapturedFrame {
  /** Time relative to the first frame in the file, ns. */
  readonly t: number;
  readonly data: Uint8Array;
}

export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

const LINKTYPE_ETHERNET = 1;

/** Parse a whole capture file (pcap or pcapng). */
export function readCapture(buf: Uint8Array): CapturedFrame[] {
  if (buf.length < 4) throw new CaptureError('file too short for a pcap or pcapng header');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magicBE = dv.getUint32(0, false);
  if (magicBE === 0x0a0d0d0a) return readPcapng(buf, dv);
  const magicLE = dv.getUint32(0, true);
  for (const [magic, le] of [[magicLE, true], [magicBE, false]] as const) {
    if (magic === 0xa1b2c3d4) return readPcap(buf, dv, le, 1000);
    if (magic === 0xa1b23c4d) return readPcap(buf, dv, le, 1);
  }
  throw new CaptureError(`not a pcap or pcapng file (magic 0x${magicBE.toString(16).padStart(8, '0')})`);
}

function readPcap(buf: Uint8Array, dv: DataView, le: boolean, nsPerTick: number): CapturedFrame[] {
  if (buf.length < 24) throw new CaptureError('truncated pcap file header');
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  if (linkType !== LINKTYPE_ETHERNET) throw new CaptureError(`link type ${linkType} is not Ethernet (1)`);
  const frames: CapturedFrame[] = [];
  let o = 24;
  let first: [number, number] | undefined;
  while (o < buf.length) {
    if (o + 16 > buf.length) throw new CaptureError(`truncated record header at byte ${o}`);
    const sec = dv.getUint32(o, le);
    const frac = dv.getUint32(o + 4, le);
    const incl = dv.getUint32(o + 8, le);
    if (o + 16 + incl > buf.length) throw new CaptureError(`record at byte ${o} claims ${incl} bytes, only ${buf.length - o - 16} left`);
    // Relative to the first record (absolute nanoseconds since 1970 exceed 2^53).
    first ??= [sec, frac];
    const t = (sec - first[0]) * 1e9 + (frac - first[1]) * nsPerTick;
    frames.push({ t: Math.max(0, t), data: buf.slice(o + 16, o + 16 + incl) });
    o += 16 + incl;
  }
  return frames;
}

interface Iface {
  readonly linkType: number;
  /** ns per timestamp unit. */
  readonly nsPerUnit: number;
}

function readPcapng(buf: Uint8Array, dv: DataView): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  let ifaces: Iface[] = [];
  let le = true;
  let first: bigint | undefined;
  let o = 0;
  while (o < buf.length) {
    if (o + 12 > buf.length) throw new CaptureError(`truncated block at byte ${o}`);
    const typeBE = dv.getUint32(o, false);
    if (typeBE === 0x0a0d0d0a) {
      const bom = dv.getUint32(o + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw new CaptureError(`bad byte-order magic in section header at byte ${o}`);
      ifaces = [];
    }
    const type = dv.getUint32(o, le);
    const len = dv.getUint32(o + 4, le);
    if (len < 12 || len % 4 !== 0 || o + len > buf.length) throw new CaptureError(`block at byte ${o} has a bad length ${len}`);
    if (dv.getUint32(o + len - 4, le) !== len) throw new CaptureError(`block at byte ${o}: trailing length does not match`);
    const body = o + 8;
    if (type === 1) {
      const linkType = dv.getUint16(body, le);
      ifaces.push({ linkType, nsPerUnit: tsresol(dv, buf, body + 8, o + len - 4, le) });
    } else if (type === 6 || type === 3) {
      const iface = type === 6 ? ifaces[dv.getUint32(body, le)] : ifaces[0];
      if (!iface) throw new CaptureError(`packet block at byte ${o} names an interface that was not described`);
      if (iface.linkType !== LINKTYPE_ETHERNET) throw new CaptureError(`interface link type ${iface.linkType} is not Ethernet (1)`);
      const capLen = type === 6 ? dv.getUint32(body + 12, le) : Math.min(dv.getUint32(body, le), len - 16);
      const dataAt = type === 6 ? body + 20 : body + 4;
      if (dataAt + capLen > o + len - 4) throw new CaptureError(`packet block at byte ${o} claims ${capLen} bytes, more than the block holds`);
      // 64-bit timestamps in the interface's units, kept exact as BigInt relative to the first.
      const ts = type === 6 ? (BigInt(dv.getUint32(body + 4, le)) << 32n) | BigInt(dv.getUint32(body + 8, le)) : 0n;
      first ??= ts;
      frames.push({ t: Math.max(0, Math.round(Number(ts - first) * iface.nsPerUnit)), data: buf.slice(dataAt, dataAt + capLen) });
    }
    o += len;
  }
  return frames;
}

/** if_tsresol option (code 9) of an IDB; default microseconds. */
function tsresol(dv: DataView, buf: Uint8Array, o: number, end: number, le: boolean): number {
  while (o + 4 <= end) {
    const code = dv.getUint16(o, le);
    const len = dv.getUint16(o + 2, le);
    if (code === 0) break;
    if (code === 9 && len >= 1) {
      const v = buf[o + 4]!;
      return v & 0x80 ? 1e9 / 2 ** (v & 0x7f) : 1e9 / 10 ** v;
    }
    o += 4 + ((len + 3) & ~3);
  }
  return 1000;
}
