/**
 * The C-runtime and string/memory routines every host needs in the same form: memset, memcpy,
 * memmove, memcmp, strlen/wcslen, NdisZeroMemory / NdisMoveMemory / NdisFillMemory,
 * RtlCompareMemory, Rtl/NdisInitUnicodeString, RtlCopy/Compare/EqualUnicodeString,
 * DbgPrint/DbgPrintEx (printf formatting, `%wZ` included), and the failure paths
 * KeBugCheckEx, RtlAssert and ExRaiseStatus. Hosts call `standardCall` first and model the rest.
 */
import { ExecError, hex, type SourceLocation } from './errors';
import type { CValue, ExternalCall } from './host';
import type { Memory } from './memory';
import { big, toNumber, type Num } from './values';

/** A bug check (the driver crashed the simulated machine); not catchable by `__except`. */
export class BugCheck extends ExecError {
  constructor(
    readonly code: number,
    readonly params: readonly Num[],
    site: SourceLocation | undefined,
  ) {
    super('exception', `bug check ${hex(code)} (${params.map((p) => hex(p)).join(', ')})`, site);
    this.name = 'BugCheck';
  }
}

const n = (v: CValue | undefined): number => (v ? toNumber(v.value) : 0);

/** printf-style formatting as DbgPrint does it (d i u x X o c s S Z wZ p e f g, flags, width, precision, h l ll I64 w z). */
export function formatPrintf(mem: Memory, fmt: string, args: readonly CValue[]): string {
  let out = '';
  let ai = 0;
  const next = (): CValue | undefined => args[ai++];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|I64|I32|I|w|z|j|t|L)?([diuxXocsSZpeEfgGn%])/.exec(fmt.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    i += m[0].length;
    const [, flags = '', w, p, len = '', conv] = m;
    if (conv === '%') {
      out += '%';
      continue;
    }
    const width = w === '*' ? n(next()) : w ? Number(w) : 0;
    const prec = p === '*' ? n(next()) : p !== undefined ? Number(p) : undefined;
    const arg = next();
    let s: string;
    try {
      s = convert(mem, conv!, len, flags, prec, arg);
    } catch {
      s = '<bad pointer>';
    }
    if (s.length < width) {
      const pad = flags.includes('0') && !flags.includes('-') && /[diuxXop]/.test(conv!) ? '0' : ' ';
      if (flags.includes('-')) s = s.padEnd(width, ' ');
      else if (pad === '0' && /^[-+]/.test(s)) s = s[0] + s.slice(1).padStart(width - 1, '0');
      else s = s.padStart(width, pad);
    }
    out += s;
  }
  return out;
}

function convert(mem: Memory, conv: string, len: string, flags: string, prec: number | undefined, arg: CValue | undefined): string {
  const v = arg?.value ?? 0;
  const bits = len === 'll' || len === 'I64' || len === 'I' || len === 'z' || len === 'j' || len === 't' ? 64 : len === 'h' ? 16 : len === 'hh' ? 8 : 32;
  const asUnsigned = (): bigint => BigInt.asUintN(bits, big(typeof v === 'number' ? Math.trunc(v) : v));
  const asSigned = (): bigint => BigInt.asIntN(bits, big(typeof v === 'number' ? Math.trunc(v) : v));
  const digits = (s: string): string => (prec !== undefined && s.length < prec ? s.padStart(prec, '0') : s);
  switch (conv) {
    case 'd':
    case 'i': {
      const x = asSigned();
      const sign = x < 0n ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return sign + digits((x < 0n ? -x : x).toString());
    }
    case 'u':
      return digits(asUnsigned().toString());
    case 'x':
      return (flags.includes('#') ? '0x' : '') + digits(asUnsigned().toString(16));
    case 'X':
      return (flags.includes('#') ? '0X' : '') + digits(asUnsigned().toString(16).toUpperCase());
    case 'o':
      return digits(asUnsigned().toString(8));
    case 'p':
      return BigInt.asUintN(64, big(typeof v === 'number' ? Math.trunc(v) : v)).toString(16).toUpperCase().padStart(16, '0');
    case 'c':
      return String.fromCharCode(toNumber(v) & (len === 'l' || len === 'w' ? 0xffff : 0xff));
    case 'C':
      return String.fromCharCode(toNumber(v) & 0xffff);
    case 's':
    case 'S': {
      const a = toNumber(v);
      if (!a) return '(null)';
      const wide = conv === 'S' ? len !== 'h' : len === 'l' || len === 'w';
      const s = wide ? mem.wString(a) : mem.cString(a);
      return prec !== undefined ? s.slice(0, prec) : s;
    }
    case 'Z': {
      const a = toNumber(v);
      if (!a) return '(null)';
      if (len === 'w') return mem.unicodeString(a);
      const l = mem.u16(a);
      const buf = mem.ptr(a + 8);
      return buf ? String.fromCharCode(...mem.read(buf, l)) : '';
    }
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G': {
      const x = Number(v);
      const s = conv === 'f' ? x.toFixed(prec ?? 6) : conv.toLowerCase() === 'e' ? x.toExponential(prec ?? 6) : String(x);
      return conv === conv.toUpperCase() ? s.toUpperCase() : s;
    }
    case 'n':
      return '';
  }
  return '';
}

/** Write a UNICODE_STRING pointing at a NUL-terminated wide string (or NULL). */
function initUnicode(mem: Memory, dst: number, src: number): void {
  const chars = src ? mem.wString(src).length : 0;
  mem.w16(dst, Math.min(chars * 2, 0xfffc));
  mem.w16(dst + 2, src ? Math.min(chars * 2 + 2, 0xfffe) : 0);
  mem.w64(dst + 8, src);
}

/**
 * The standard routines. Returns the result, `0` for VOID routines, or undefined when `call` is
 * not one of them. DbgPrint output goes to `print`.
 */
export function standardCall(call: ExternalCall, print: (text: string, site: SourceLocation | undefined) => void): Num | undefined {
  const mem = call.exec.memory;
  const a = call.args;
  switch (call.name) {
    case 'memset':
      mem.fill(n(a[0]), n(a[1]), n(a[2]));
      return n(a[0]);
    case 'memcpy':
    case 'memmove':
      mem.copy(n(a[0]), n(a[1]), n(a[2]));
      return n(a[0]);
    case 'memcmp':
      return mem.compare(n(a[0]), n(a[1]), n(a[2]));
    case 'RtlCompareMemory': {
      const x = mem.read(n(a[0]), n(a[2]));
      const y = mem.read(n(a[1]), n(a[2]));
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      return i;
    }
    case 'NdisZeroMemory':
      mem.fill(n(a[0]), 0, n(a[1]));
      return 0;
    case 'NdisMoveMemory':
      mem.copy(n(a[0]), n(a[1]), n(a[2]));
      return 0;
    case 'NdisFillMemory':
      mem.fill(n(a[0]), n(a[2]), n(a[1]));
      return 0;
    case 'strlen':
      return mem.cString(n(a[0])).length;
    case 'wcslen':
      return mem.wString(n(a[0])).length;
    case 'strcmp': {
      const x = mem.cString(n(a[0]));
      const y = mem.cString(n(a[1]));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'wcscmp': {
      const x = mem.wString(n(a[0]));
      const y = mem.wString(n(a[1]));
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'RtlInitUnicodeString':
    case 'NdisInitUnicodeString':
      initUnicode(mem, n(a[0]), n(a[1]));
      return 0;
    case 'RtlInitAnsiString': {
      const src = n(a[1]);
      const len = src ? mem.cString(src).length : 0;
      mem.w16(n(a[0]), len);
      mem.w16(n(a[0]) + 2, src ? len + 1 : 0);
      mem.w64(n(a[0]) + 8, src);
      return 0;
    }
    case 'RtlCopyUnicodeString': {
      const dst = n(a[0]);
      const src = n(a[1]);
      const max = mem.u16(dst + 2);
      const len = src ? Math.min(mem.u16(src), max) : 0;
      if (len) mem.copy(mem.ptr(dst + 8), mem.ptr(src + 8), len);
      mem.w16(dst, len);
      return 0;
    }
    case 'RtlCompareUnicodeString':
    case 'RtlEqualUnicodeString':
    case 'NdisEqualString': {
      let x = mem.unicodeString(n(a[0]));
      let y = mem.unicodeString(n(a[1]));
      if (n(a[2])) {
        x = x.toUpperCase();
        y = y.toUpperCase();
      }
      const cmp = x < y ? -1 : x > y ? 1 : 0;
      return call.name === 'RtlCompareUnicodeString' ? cmp : cmp === 0 ? 1 : 0;
    }
    case 'DbgPrint':
      print(formatPrintf(mem, mem.cString(n(a[0])), a.slice(1)), call.site);
      return 0;
    case 'DbgPrintEx':
      print(formatPrintf(mem, mem.cString(n(a[2])), a.slice(3)), call.site);
      return 0;
    case 'KeBugCheckEx':
      throw new BugCheck(n(a[0]) >>> 0, a.slice(1).map((x) => x.value), call.site);
    case 'RtlAssert': {
      const what = n(a[0]) ? mem.cString(n(a[0])) : '?';
      const file = n(a[1]) ? mem.cString(n(a[1])) : '?';
      const msg = n(a[3]) ? `: ${mem.cString(n(a[3]))}` : '';
      throw new ExecError('exception', `assertion failed: ${what} (${file}:${n(a[2])})${msg}`, call.site);
    }
    case 'ExRaiseStatus':
      return call.exec.raise(n(a[0]) >>> 0, `ExRaiseStatus(${hex(n(a[0]) >>> 0)})`);
  }
  return undefined;
}
