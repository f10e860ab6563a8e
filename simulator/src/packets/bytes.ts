/**
 * Byte helpers shared by the layer modules: big-endian field access, hex, and the textual forms
 * of MAC, IPv4 and IPv6 addresses. Parsers return undefined for malformed text.
 */

/** Bytes → lowercase hex, no separators. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? '0' : '') + b[i]!.toString(16);
  return s;
}

/**
 * Hex text → bytes. Whitespace, ':' and '-' separators and `#` comments to the end of a line are
 * ignored, so annotated fixtures (`"0800 # EtherType IPv4"`) parse. Odd length or a non-hex
 * character → undefined.
 */
export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/#[^\n]*/g, '').replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function readU16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function readU32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function writeU16(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

export function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 24) & 0xff;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/** Concatenate byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** "02:00:00:00:00:01" (or with '-') → 6 bytes. */
export function parseMac(text: string): Uint8Array | undefined {
  const m = /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(text.trim());
  return m ? Uint8Array.from(m.slice(1).map((x) => parseInt(x, 16))) : undefined;
}

export function formatMac(b: Uint8Array, o = 0): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(b[o + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** "10.0.0.1" → 4 bytes. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const v = m.slice(1).map(Number);
  return v.every((x) => x <= 255) ? Uint8Array.from(v) : undefined;
}

export function formatIpv4(b: Uint8Array, o = 0): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

/** IPv4 address bytes → 32-bit unsigned integer. */
export function ipv4ToU32(b: Uint8Array, o = 0): number {
  return readU32(b, o);
}

/** IPv6 text ("fe80::1", "2001:db8::a:b", "::ffff:10.0.0.1") → 16 bytes. */
export function parseIpv6(text: string): Uint8Array | undefined {
  let s = text.trim();
  const out = new Uint8Array(16);
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  let tail4: Uint8Array | undefined;
  if (v4) {
    tail4 = parseIpv4(v4[1]!);
    if (!tail4) return undefined;
    s = s.slice(0, -v4[1]!.length) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = head.length + tail.length;
  if (halves.length === 1 ? groups !== 8 : groups > 7) return undefined;
  const all = [...head, ...new Array<string>(8 - groups).fill('0'), ...tail];
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-f]{1,4}$/i.test(all[i]!)) return undefined;
    writeU16(out, i * 2, parseInt(all[i]!, 16));
  }
  if (tail4) out.set(tail4, 12);
  return out;
}

/** 16 bytes → RFC 5952 text (longest zero run compressed, lowercase). */
export function formatIpv6(b: Uint8Array, o = 0): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(readU16(b, o + i * 2));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
