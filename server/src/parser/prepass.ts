/**
 * Length-preserving pre-pass over driver C source (see shared/parser-notes.md).
 *
 * tree-sitter-c knows neither SAL annotations nor the WDK's keyword macros, and mis-parses
 * functions around them (sometimes silently, naming a function `_Function_class_`). This pass
 * replaces such text with spaces of the same length, keeping every newline, so every offset in
 * the tree is the offset in the document and LSP ranges need no translation.
 *
 * What it does, in one linear scan (no regex backtracking, no recursion):
 * - SAL: `_Xxx_` identifiers with their balanced parentheses, `__drv_*`, old-style `__in`/`__out`...
 *   are blanked; annotations that carry meaning (IRQL, function class, dispatch type,
 *   `_Use_decl_annotations_`) are recorded first.
 * - keyword macros: `IN`, `OUT`, `OPTIONAL`, `UNALIGNED`, `CALLBACK`, `FAR`, `NEAR`, `NTAPI`,
 *   `DECLSPEC_*(...)`, `EXTERN_C` are blanked; `CONST`, `WHILE`, `FORCEINLINE` become the same-length
 *   C spelling; `1UI64`/`1I64` literal suffixes become `ULL`/`LL`.
 * - `#pragma` lines are blanked (alloc_text / NDIS_INIT_FUNCTION / NDIS_PAGEABLE_FUNCTION kept
 *   as metadata); `__pragma(...)` and `_Pragma(...)` too.
 * - comments inside preprocessor directives are blanked (a block comment that spans lines inside
 *   a `#define` keeps the directive continued with a `\`).
 * - `#if` groups inside an expression (an initializer or an argument list), which tree-sitter
 *   cannot parse, are reduced to one branch: the one the configuration selects, else the first.
 *   The choice is recorded so facts from that region carry their condition.
 */

/** An annotation the analysis cares about, with its source range. */
export interface Annotation {
  /** e.g. "_IRQL_requires_max_", "_Function_class_", "_Use_decl_annotations_". */
  readonly name: string;
  /** Text inside the parentheses, trimmed ("PASSIVE_LEVEL"), or "" when there are none. */
  readonly args: string;
  readonly start: number;
  readonly end: number;
}

export interface PragmaFunction {
  /** "alloc_text", "NDIS_INIT_FUNCTION" or "NDIS_PAGEABLE_FUNCTION". */
  readonly kind: string;
  /** Section for alloc_text ("PAGE", "INIT"), else "". */
  readonly section: string;
  readonly functions: readonly string[];
  readonly start: number;
}

/** A conditional group inside an expression, reduced to one branch. */
export interface ReducedConditional {
  /** Start and end offsets of the chosen branch's text. */
  readonly start: number;
  readonly end: number;
  /** The conditions that hold for the chosen branch (as written; negated for #else). */
  readonly conditions: readonly ConditionTerm[];
  /** True when no configuration was known and the first branch was taken by default. */
  readonly byDefault: boolean;
}

export interface ConditionTerm {
  /** The controlling expression as written (for #ifdef X: "defined(X)"). */
  readonly expr: string;
  /** True when the term holds if the expression is false (#else, earlier #elif siblings). */
  readonly negated: boolean;
}

export interface PrepassResult {
  readonly text: string;
  readonly annotations: readonly Annotation[];
  readonly pragmas: readonly PragmaFunction[];
  readonly reduced: readonly ReducedConditional[];
}

export interface PrepassOptions {
  /** Decide a `#if` expression for the active configuration; undefined = unknown. */
  readonly evaluate?: (expr: string) => boolean | undefined;
  /** Extra identifiers to blank (configurable keyword macros). */
  readonly blankIdentifiers?: readonly string[];
}

/** Identifiers replaced by spaces wherever they occur as tokens in code. */
const BLANK_WORDS = new Set([
  'IN', 'OUT', 'OPTIONAL', 'UNALIGNED', 'CALLBACK', 'FAR', 'NEAR', 'NTAPI', 'EXTERN_C',
  'NDIS_API', 'NTKERNELAPI', 'NTSYSAPI', '__drv_aliasesMem', 'RESTRICTED_POINTER', 'POINTER_64',
  'POINTER_32', '__checkReturn', '__in', '__out', '__inout', '__in_opt', '__out_opt', '__inout_opt',
  '__deref_out', '__deref_out_opt', '__nullterminated', '__reserved',
]);

/** Identifiers replaced by a same-length C spelling. */
const REPLACE_WORDS = new Map<string, string>([
  ['CONST', 'const'],
  ['WHILE', 'while'],
  ['FORCEINLINE', '__inline   '],
  ['__forceinline', '__inline     '],
  ['VOLATILE', 'volatile'],
]);

/** SAL annotations whose meaning the analysis keeps. */
const KEPT_ANNOTATIONS = new Set([
  '_IRQL_requires_', '_IRQL_requires_max_', '_IRQL_requires_min_', '_IRQL_raises_',
  '_IRQL_saves_', '_IRQL_restores_', '_IRQL_saves_global_', '_IRQL_restores_global_',
  '_IRQL_requires_same_', '_Function_class_', '_Dispatch_type_', '_Use_decl_annotations_',
  '_Must_inspect_result_', '_Check_return_', '_Requires_lock_held_', '_Requires_lock_not_held_',
  '_Acquires_lock_', '_Releases_lock_', '_Acquires_exclusive_lock_', '_Releases_exclusive_lock_',
]);

const CH_NL = 10, CH_CR = 13, CH_SLASH = 47, CH_STAR = 42, CH_HASH = 35, CH_BSLASH = 92;
const CH_DQ = 34, CH_SQ = 39, CH_LP = 40, CH_RP = 41, CH_LB = 123, CH_RB = 125, CH_LS = 91, CH_RS = 93;
const CH_SPACE = 32, CH_TAB = 9, CH_EQ = 61, CH_COMMA = 44, CH_UNDERSCORE = 95;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === CH_UNDERSCORE || c > 127;
}
function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** SAL-style identifier: `_In_`, `_Out_writes_bytes_`, `_IRQL_requires_max_`, `__drv_xxx`, `__in_bcount`. */
function isSalName(name: string): boolean {
  const n = name.length;
  if (n >= 3 && name.charCodeAt(0) === CH_UNDERSCORE && name.charCodeAt(n - 1) === CH_UNDERSCORE) {
    const c1 = name.charCodeAt(1);
    // `_In_`, `_Out_`, `_IRQL_...`: second char upper-case letter.
    if (c1 >= 65 && c1 <= 90) return true;
  }
  if (name.startsWith('__drv_')) return true;
  if (/^__(in|out|inout|deref|field|success|range|ecount|bcount|typefix|notnull|maybenull)_/.test(name)) return true;
  if (name === '__success' || name === '__range' || name === '__field_bcount' || name === '__field_ecount') return true;
  return false;
}

/** Open bracket kinds for the expression-context tracker. */
const enum Bracket {
  Paren,
  Square,
  Block,
  Init,
}

interface CondFrame {
  /** Is this group inside an expression (initializer / argument list)? */
  readonly inExpr: boolean;
  /** Conditions of the branch currently being scanned. */
  terms: ConditionTerm[];
  /** Expressions of earlier branches (negated for the current one). */
  earlier: string[];
  /** For expression groups: has a branch been chosen already, and are we inside it? */
  chosen: boolean;
  active: boolean;
  byDefault: boolean;
  branchStart: number;
}

/**
 * Run the pre-pass. Linear in the input; never throws on any input (binary, unterminated
 * comments, unbalanced brackets, deep nesting).
 */
export function prepass(src: string, options: PrepassOptions = {}): PrepassResult {
  const n = src.length;
  const out: string[] = []; // chunks; joined at the end
  let emitted = 0; // src offset up to which `out` has been filled
  const annotations: Annotation[] = [];
  const pragmas: PragmaFunction[] = [];
  const reduced: ReducedConditional[] = [];
  const extraBlank = options.blankIdentifiers ? new Set(options.blankIdentifiers) : undefined;

  const blank = (from: number, to: number, keepBackslashAtLineEnds = false): void => {
    if (from < emitted) from = emitted;
    if (to <= from) return;
    if (from > emitted) out.push(src.slice(emitted, from));
    let chunk = '';
    let runStart = from;
    for (let i = from; i < to; i++) {
      const c = src.charCodeAt(i);
      if (c === CH_NL || c === CH_CR) {
        let spaces = i - runStart;
        if (keepBackslashAtLineEnds && c === CH_NL && spaces > 0 && src.charCodeAt(i - 1) !== CH_CR) {
          chunk += ' '.repeat(spaces - 1) + '\\';
        } else if (keepBackslashAtLineEnds && c === CH_CR && spaces > 0) {
          chunk += ' '.repeat(spaces - 1) + '\\';
        } else {
          chunk += ' '.repeat(spaces);
        }
        chunk += src[i];
        runStart = i + 1;
      }
    }
    chunk += ' '.repeat(to - runStart);
    out.push(chunk);
    emitted = to;
  };
  const replace = (from: number, to: number, text: string): void => {
    if (from < emitted) return;
    if (from > emitted) out.push(src.slice(emitted, from));
    out.push(text);
    emitted = to;
  };

  /**
   * Skip a balanced parenthesised group starting at `i` (src[i] === '('); returns its end offset,
   * or -1 when it does not close within MAX_ANNOTATION_ARGS characters (annotation arguments are
   * short; the cap keeps pathological input linear).
   */
  const skipParens = (i: number): number => {
    let depth = 0;
    const limit = Math.min(n, i + MAX_ANNOTATION_ARGS);
    for (let j = i; j < limit; j++) {
      const c = src.charCodeAt(j);
      if (c === CH_LP) depth++;
      else if (c === CH_RP) {
        depth--;
        if (depth === 0) return j + 1;
      } else if (c === CH_DQ || c === CH_SQ) {
        j = skipQuoted(src, j) - 1;
      }
    }
    return -1;
  };

  const brackets: Bracket[] = [];
  const conds: CondFrame[] = [];
  /** Last significant (non-space, non-comment) character code outside directives. */
  let lastSig = 0;
  let atLineStart = true;
  let i = 0;

  const inExprContext = (): boolean => {
    const top = brackets[brackets.length - 1];
    return top === Bracket.Paren || top === Bracket.Square || top === Bracket.Init;
  };

  while (i < n) {
    const c = src.charCodeAt(i);
    // ---- newline
    if (c === CH_NL) {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === CH_SPACE || c === CH_TAB || c === CH_CR || c === 12 || c === 11) {
      i++;
      continue;
    }
    // ---- comments
    if (c === CH_SLASH && i + 1 < n) {
      const c2 = src.charCodeAt(i + 1);
      if (c2 === CH_SLASH) {
        i = lineEnd(src, i);
        continue;
      }
      if (c2 === CH_STAR) {
        const end = src.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
    }
    // ---- preprocessor directive
    if (c === CH_HASH && atLineStart) {
      const end = directiveEnd(src, i);
      i = handleDirective(i, end);
      continue;
    }
    atLineStart = false;
    // ---- string / char literals
    if (c === CH_DQ || c === CH_SQ) {
      i = skipQuoted(src, i);
      lastSig = c;
      continue;
    }
    // ---- numbers: 1UI64 / 1I64 suffixes
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && (isIdentChar(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) j++;
      const lit = src.slice(i, j);
      const m = /^(.*?)(ui64|UI64|i64|I64)$/.exec(lit);
      if (m && m[1]!.length > 0) {
        const suffix = m[2]!.toLowerCase() === 'ui64' ? 'ULL ' : 'LL ';
        replace(i + m[1]!.length, j, suffix);
      }
      i = j;
      lastSig = c;
      continue;
    }
    // ---- identifiers
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(src.charCodeAt(j))) j++;
      const word = src.slice(i, j);
      handleWord(word, i, j);
      continue;
    }
    // ---- brackets
    if (c === CH_LP) brackets.push(Bracket.Paren);
    else if (c === CH_LS) brackets.push(Bracket.Square);
    else if (c === CH_LB) {
      const init = lastSig === CH_EQ || (lastSig === CH_COMMA && inExprContext()) || (lastSig === CH_LB && inExprContext());
      brackets.push(init ? Bracket.Init : Bracket.Block);
    } else if (c === CH_RP || c === CH_RS || c === CH_RB) {
      if (brackets.length > 0) brackets.pop();
    }
    lastSig = c;
    i++;
  }
  // Close any expression groups left open at EOF (unterminated #if): keep what was chosen.
  if (emitted < n) out.push(src.slice(emitted));
  const text = out.join('');
  return { text: text.length === n ? text : src, annotations, pragmas, reduced };

  // ------------------------------------------------------------------ helpers (closures)

  function handleWord(word: string, start: number, end: number): void {
    i = end;
    lastSig = 65; // identifier-ish
    if (isSalName(word) || word === '__pragma' || word === '_Pragma' || word.startsWith('DECLSPEC_') || word === '__declspec_align') {
      let k = end;
      while (k < n && (src.charCodeAt(k) === CH_SPACE || src.charCodeAt(k) === CH_TAB)) k++;
      let stop = end;
      let args = '';
      if (k < n && src.charCodeAt(k) === CH_LP) {
        const close = skipParens(k);
        if (close > 0) {
          stop = close;
          args = src.slice(k + 1, close - 1).trim();
        }
      }
      if (KEPT_ANNOTATIONS.has(word)) annotations.push({ name: word, args, start, end: stop });
      blank(start, stop);
      i = stop;
      lastSig = 0;
      return;
    }
    if (BLANK_WORDS.has(word) || extraBlank?.has(word)) {
      blank(start, end);
      lastSig = 0;
      return;
    }
    const rep = REPLACE_WORDS.get(word);
    if (rep !== undefined) replace(start, end, rep);
  }

  /** Process one directive; returns where scanning resumes. */
  function handleDirective(start: number, end: number): number {
    // Directive name.
    let k = start + 1;
    while (k < end && (src.charCodeAt(k) === CH_SPACE || src.charCodeAt(k) === CH_TAB)) k++;
    let e = k;
    while (e < end && isIdentChar(src.charCodeAt(e))) e++;
    const name = src.slice(k, e);
    const rest = stripComments(src.slice(e, end)).replace(/\\\r?\n/g, ' ').trim();

    if (name === 'pragma') {
      recordPragma(rest, start);
      blank(start, end);
      return end;
    }
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      const expr = name === 'if' ? rest : name === 'ifdef' ? `defined(${rest})` : `!defined(${rest})`;
      const inExpr = inExprContext();
      const frame: CondFrame = {
        inExpr, terms: [{ expr, negated: false }], earlier: [], chosen: false, active: true, byDefault: false,
        branchStart: end,
      };
      conds.push(frame);
      if (!inExpr) {
        blankCommentsIn(start, end);
        return end;
      }
      chooseBranch(frame, expr, false);
      frame.earlier.push(expr);
      blank(start, end);
      return skipIfInactive(frame, end);
    }
    const top = conds[conds.length - 1];
    if ((name === 'elif' || name === 'else' || name === 'endif') && top) {
      if (top.inExpr) {
        if (top.active) finishBranch(top, start);
        if (name === 'endif') {
          conds.pop();
          blank(start, end);
          return end;
        }
        const expr = name === 'elif' ? rest : '';
        chooseBranch(top, expr, name === 'else');
        top.earlier.push(expr);
        blank(start, end);
        top.branchStart = end;
        return skipIfInactive(top, end);
      }
      if (name === 'endif') conds.pop();
      blankCommentsIn(start, end);
      return end;
    }
    blankCommentsIn(start, end);
    return end;
  }

  /** An unchosen expression branch is blanked whole; scanning resumes at its closing directive. */
  function skipIfInactive(frame: CondFrame, end: number): number {
    if (frame.active) return end;
    const stop = nextSiblingDirective(src, end < n ? end + 1 : n);
    blank(end, stop);
    atLineStart = true;
    return stop;
  }

  /** Decide whether the branch starting now is the one kept for an expression group. */
  function chooseBranch(frame: CondFrame, expr: string, isElse: boolean): void {
    // The branch holds when every earlier branch's condition is false and its own is true.
    const termsFor = (): ConditionTerm[] => {
      const t: ConditionTerm[] = frame.earlier.map((x) => ({ expr: x, negated: true }));
      if (!isElse) t.push({ expr, negated: false });
      return t;
    };
    if (frame.chosen) {
      frame.active = false;
      return;
    }
    const verdict = isElse ? true : options.evaluate?.(expr);
    if (verdict === true) {
      frame.chosen = true;
      frame.active = true;
      frame.byDefault = false;
      frame.terms = termsFor();
    } else if (verdict === undefined && !isElse) {
      // Unknown configuration: keep the first undecided branch.
      frame.chosen = true;
      frame.active = true;
      frame.byDefault = true;
      frame.terms = termsFor();
    } else {
      frame.active = false;
    }
  }

  function finishBranch(frame: CondFrame, at: number): void {
    reduced.push({ start: frame.branchStart, end: at, conditions: frame.terms, byDefault: frame.byDefault });
  }

  function blankCommentsIn(start: number, end: number): void {
    // Blank comments inside a directive; a multi-line block comment keeps the directive continued.
    let j = start;
    while (j < end) {
      const c = src.charCodeAt(j);
      if (c === CH_DQ || c === CH_SQ) {
        j = Math.min(skipQuoted(src, j), end);
        continue;
      }
      if (c === CH_SLASH && j + 1 < end) {
        const c2 = src.charCodeAt(j + 1);
        if (c2 === CH_SLASH) {
          const le = lineEnd(src, j);
          blank(j, Math.min(le, end));
          j = le;
          continue;
        }
        if (c2 === CH_STAR) {
          const ce = src.indexOf('*/', j + 2);
          const stop = ce < 0 ? end : Math.min(ce + 2, end);
          blank(j, stop, true);
          j = stop;
          continue;
        }
      }
      j++;
    }
  }

  function recordPragma(rest: string, start: number): void {
    const m = /^(alloc_text|NDIS_INIT_FUNCTION|NDIS_PAGEABLE_FUNCTION|code_seg)\s*\(([^)]*)\)/.exec(rest);
    if (!m) return;
    const parts = m[2]!.split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean);
    if (m[1] === 'alloc_text') {
      pragmas.push({ kind: 'alloc_text', section: parts[0] ?? '', functions: parts.slice(1), start });
    } else if (m[1] !== 'code_seg') {
      pragmas.push({ kind: m[1]!, section: '', functions: parts, start });
    }
  }
}

/** Longest annotation argument list scanned for its closing parenthesis. */
const MAX_ANNOTATION_ARGS = 4096;

/**
 * Offset of the line holding the `#elif`/`#else`/`#endif` that ends the branch starting at
 * `from` (nested groups skipped), or n when the group is unterminated.
 */
function nextSiblingDirective(src: string, from: number): number {
  const n = src.length;
  let depth = 0;
  let j = from;
  while (j < n) {
    // j is at a line start (or at `from`, just after a directive).
    let k = j;
    while (k < n && (src.charCodeAt(k) === CH_SPACE || src.charCodeAt(k) === CH_TAB || src.charCodeAt(k) === CH_CR)) k++;
    if (k < n && src.charCodeAt(k) === CH_HASH) {
      let a = k + 1;
      while (a < n && (src.charCodeAt(a) === CH_SPACE || src.charCodeAt(a) === CH_TAB)) a++;
      let b = a;
      while (b < n && isIdentChar(src.charCodeAt(b))) b++;
      const name = src.slice(a, b);
      if (name === 'if' || name === 'ifdef' || name === 'ifndef') depth++;
      else if (name === 'endif') {
        if (depth === 0) return j;
        depth--;
      } else if ((name === 'elif' || name === 'else') && depth === 0) return j;
      const e = directiveEnd(src, k);
      j = e < n ? e + 1 : n;
      continue;
    }
    const e = src.indexOf('\n', k);
    j = e < 0 ? n : e + 1;
  }
  return n;
}

/** End offset of a quoted literal starting at `i` (exclusive); stops at an unescaped newline. */
export function skipQuoted(src: string, i: number): number {
  const q = src.charCodeAt(i);
  const n = src.length;
  let j = i + 1;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === CH_BSLASH) {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    if (c === CH_NL) return j;
    j++;
  }
  return n;
}

/** Offset of the newline ending the line containing `i` (or n). */
function lineEnd(src: string, i: number): number {
  const e = src.indexOf('\n', i);
  return e < 0 ? src.length : e;
}

/** End offset of a directive starting at `i`: up to the first newline not preceded by `\` and not inside a block comment. */
export function directiveEnd(src: string, i: number): number {
  const n = src.length;
  let j = i;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (c === CH_NL) {
      let k = j - 1;
      if (k >= 0 && src.charCodeAt(k) === CH_CR) k--;
      if (k >= i && src.charCodeAt(k) === CH_BSLASH) {
        j++;
        continue;
      }
      return j;
    }
    if (c === CH_SLASH && j + 1 < n && src.charCodeAt(j + 1) === CH_STAR) {
      const e = src.indexOf('*/', j + 2);
      j = e < 0 ? n : e + 2;
      continue;
    }
    if (c === CH_SLASH && j + 1 < n && src.charCodeAt(j + 1) === CH_SLASH) {
      // A line comment runs to the end of the (possibly continued) line.
      j = lineEnd(src, j);
      continue;
    }
    if (c === CH_DQ || c === CH_SQ) {
      j = skipQuoted(src, j);
      continue;
    }
    j++;
  }
  return n;
}

/** Remove C comments from a directive's text (for reading its expression). */
export function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ').replace(/\/\/.*$/gm, '');
}
