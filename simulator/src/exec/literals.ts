/**
 * C literal decoding shared by the preprocessor (`#if`) and the compiler: integer constants with
 * their C type (C11 6.4.4.1, LLP64, MSVC `i64`/`ui64` suffixes), character constants (including
 * multi-character ones such as pool tags 'pnuT', and L'x'), and string literals with escapes.
 */

/** An integer constant: exact value and the type C gives it. */
export interface IntLiteral {
  readonly value: bigint;
  readonly size: 4 | 8;
  readonly signed: boolean;
}

/** Parse an integer literal (`0x1F`, `10u`, `1UI64`, `0777`, `0b101`); undefined if malformed. */
export function parseIntLiteral(text: string): IntLiteral | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*|[uU]?[iI]64|[uU]?[iI]32|[uU]?[iI]16|[uU]?[iI]8)$/.exec(text.replace(/'/g, ''));
  if (!m) return undefined;
  const digits = m[1]!;
  const suffix = m[2]!.toLowerCase();
  let value: bigint;
  const decimal = !/^0[xXbB]/.test(digits) && !(digits.length > 1 && digits.startsWith('0'));
  if (/^0[xX]/.test(digits) || /^0[bB]/.test(digits)) value = BigInt(digits);
  else if (!decimal) {
    if (/[89]/.test(digits)) return undefined;
    value = BigInt(`0o${digits.slice(1)}`);
  } else value = BigInt(digits);
  const unsigned = suffix.includes('u');
  const wantLong64 = suffix.includes('ll') || suffix.includes('i64');
  // Candidate types in order (int, unsigned int for non-decimal, long, unsigned long, long long...).
  const cands: [4 | 8, boolean][] = [];
  if (!wantLong64) {
    if (!unsigned) cands.push([4, true]);
    if (unsigned || !decimal) cands.push([4, false]);
  }
  if (!unsigned) cands.push([8, true]);
  if (unsigned || !decimal) cands.push([8, false]);
  for (const [size, signed] of cands) {
    const bits = size * 8 - (signed ? 1 : 0);
    if (value < 1n << BigInt(bits)) return { value, size, signed };
  }
  return { value: BigInt.asUintN(64, value), size: 8, signed: false };
}

const SIMPLE_ESC: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** Decode the body of a quoted literal into code units (UTF-16 units for source characters). */
export function decodeEscapes(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out.push(body.charCodeAt(i));
      continue;
    }
    const d = body[++i];
    if (d === undefined) break;
    if (d === 'x') {
      let j = i + 1;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j]!)) j++;
      out.push(parseInt(body.slice(i + 1, j) || '0', 16));
      i = j - 1;
    } else if (d >= '0' && d <= '7') {
      let j = i;
      while (j < body.length && j < i + 3 && body[j]! >= '0' && body[j]! <= '7') j++;
      out.push(parseInt(body.slice(i, j), 8));
      i = j - 1;
    } else if (d === 'u' || d === 'U') {
      const len = d === 'u' ? 4 : 8;
      out.push(parseInt(body.slice(i + 1, i + 1 + len), 16) || 0);
      i += len;
    } else {
      out.push(SIMPLE_ESC[d] ?? d.charCodeAt(0));
    }
  }
  return out;
}

/** Prefix and body of a quoted literal token (`L"ab"` → ['L', 'ab']). */
export function splitQuoted(text: string): { prefix: string; body: string } {
  const q = text.search(/["']/);
  const body = text.slice(q + 1, text.length - 1);
  return { prefix: text.slice(0, q), body };
}

/**
 * Value of a character constant as an int (MSVC: a multi-character constant packs the characters
 * big-endian into an int, so 'pnuT' is 0x706E7554; a wide one takes the first unit).
 */
export function charLiteralValue(text: string): { value: number; wide: boolean } {
  const { prefix, body } = splitQuoted(text);
  const units = decodeEscapes(body);
  if (prefix) return { value: units[0] ?? 0, wide: true };
  if (units.length <= 1) return { value: ((units[0] ?? 0) << 24) >> 24, wide: false };
  let v = 0;
  for (const u of units.slice(-4)) v = ((v << 8) | (u & 0xff)) >>> 0;
  return { value: v | 0, wide: false };
}

/** A decoded string literal: code units (bytes for narrow, UTF-16 units for wide) and width. */
export interface StringLiteral {
  readonly units: number[];
  /** 1 for "narrow", 2 for L"wide" / u"...". */
  readonly unit: 1 | 2 | 4;
}

/** Decode one or several adjacent string literal tokens (concatenation; any wide part widens). */
export function decodeStrings(parts: readonly string[]): StringLiteral {
  let unit: 1 | 2 | 4 = 1;
  const units: number[] = [];
  for (const p of parts) {
    const { prefix, body } = splitQuoted(p);
    if (prefix === 'L' || prefix === 'u') unit = 2;
    else if (prefix === 'U' && unit === 1) unit = 4;
    const decoded = decodeEscapes(body);
    if (!prefix || prefix === 'u8') {
      // Narrow literal: encode non-ASCII source characters as UTF-8 bytes.
      for (const u of decoded) {
        if (u < 0x80) units.push(u);
        else for (const b of Buffer.from(String.fromCharCode(u), 'utf8')) units.push(b);
      }
    } else units.push(...decoded);
  }
  return { units, unit };
}
