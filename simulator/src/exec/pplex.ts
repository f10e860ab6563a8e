/**
 * Preprocessing-token lexer (C11 6.4 "pp-tokens"): identifiers, pp-numbers, character and string
 * literals (with L/u/U/u8 prefixes), punctuators, and one `eol` token per logical line end.
 * Comments become whitespace; backslash-newline splices lines. One linear scan, no regex
 * backtracking, so any input lexes in linear time.
 */

/** `pragma` tokens are emitted by the preprocessor for `#pragma pack` (they become output lines). */
export type TokKind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other' | 'eol' | 'pragma';

/** A preprocessing token. `file`/`off` are where it maps to in the original sources. */
export interface PPToken {
  readonly k: TokKind;
  readonly v: string;
  readonly file: number;
  readonly off: number;
  /** Whitespace precedes it (for stringizing and readable output). */
  readonly sp: boolean;
  /** Macros that must not expand this token again (hide set). */
  readonly hide?: ReadonlySet<string>;
}

const PUNCTS3 = ['>>=', '<<=', '...'];
const PUNCTS2 = ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '##'];

const isIdStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Lex one file. */
export function lex(text: string, file: number): PPToken[] {
  const out: PPToken[] = [];
  const n = text.length;
  let i = 0;
  let sp = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    // Line splice.
    if (c === 92 /* \ */) {
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      if (text.charCodeAt(j) === 13 && text.charCodeAt(j + 1) === 10) j++;
      if (text.charCodeAt(j) === 10) {
        i = j + 1;
        sp = true;
        continue;
      }
    }
    if (c === 10) {
      out.push({ k: 'eol', v: '\n', file, off: i, sp });
      i++;
      sp = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
      i++;
      sp = true;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      // Line comment (a splice continues it).
      i += 2;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10) {
          if (text.charCodeAt(i - 1) === 92 || (text.charCodeAt(i - 1) === 13 && text.charCodeAt(i - 2) === 92)) {
            i++;
            continue;
          }
          break;
        }
        i++;
      }
      sp = true;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      sp = true;
      continue;
    }
    const start = i;
    // String / char literal, possibly prefixed.
    let q = -1;
    if (c === 34 || c === 39) q = i;
    else if ((c === 76 || c === 85) && (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 39)) q = i + 1; // L" U"
    else if (c === 117) {
      if (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 39) q = i + 1; // u"
      else if (text.charCodeAt(i + 1) === 56 && text.charCodeAt(i + 2) === 34) q = i + 2; // u8"
    }
    if (q >= 0) {
      const quote = text.charCodeAt(q);
      let j = q + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          j += 2;
          continue;
        }
        if (d === quote || d === 10) break;
        j++;
      }
      const end = Math.min(j + 1, n);
      out.push({ k: quote === 34 ? 'str' : 'chr', v: text.slice(start, end), file, off: start, sp });
      i = end;
      sp = false;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(text.charCodeAt(j))) j++;
      out.push({ k: 'id', v: text.slice(i, j), file, off: start, sp });
      i = j;
      sp = false;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d === 43 || d === 45) && /[eEpP]/.test(text[j - 1]!)) j++;
        else if (isIdChar(d) || d === 46) j++;
        else break;
      }
      out.push({ k: 'num', v: text.slice(i, j), file, off: start, sp });
      i = j;
      sp = false;
      continue;
    }
    let p = '';
    const s3 = text.slice(i, i + 3);
    const s2 = text.slice(i, i + 2);
    if (PUNCTS3.includes(s3)) p = s3;
    else if (PUNCTS2.includes(s2)) p = s2;
    else p = text[i]!;
    const kind = '{}[]()#;:,.?~!%^&*-+=<>|/'.includes(p[0]!) ? 'punct' : 'other';
    out.push({ k: kind, v: p, file, off: start, sp });
    i += p.length;
    sp = false;
  }
  out.push({ k: 'eol', v: '\n', file, off: n, sp });
  return out;
}

/** Line-start offsets of a text, for offset → line/column. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of `off` given the line starts. */
export function lineCol(starts: readonly number[], off: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= off) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: off - starts[lo]! + 1 };
}

/** Quote a string for `#x` stringizing. */
export function stringize(toks: readonly PPToken[]): string {
  let s = '';
  toks.forEach((t, i) => {
    if (i > 0 && t.sp) s += ' ';
    s += t.k === 'str' || t.k === 'chr' ? t.v.replace(/[\\"]/g, (m) => `\\${m}`) : t.v;
  });
  return `"${s}"`;
}
