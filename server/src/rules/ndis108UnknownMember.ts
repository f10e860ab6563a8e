/**
 * NDIS108 unknown-member: a member written to the structure does not exist in it — typically a
 * handler of another driver type (a miniport handler on protocol characteristics), which also
 * means the handler the driver meant to set is missing.
 */
import type { MemberValue } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { Span } from '../model/facts';
import type { Rule } from './framework';
import { objectContext } from './util';

/** The struct member with the smallest edit distance, if it is close. */
function suggest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/**
 * The range of path element `badIndex` as written: `Typ` in `c.Header.Typ = ...` or in the
 * designator `.Header.Typ = ...`, `HaltHandler` in `.HaltHandler = ...`. Falls back to the
 * recorded member range when the text does not show the path (a macro, say).
 */
function memberNameSpan(v: MemberValue, parts: readonly string[], badIndex: number, raw: string | undefined): Span {
  const fallback = v.memberSpan ?? v.expr;
  if (badIndex === parts.length - 1 && v.memberSpan) return v.memberSpan;
  if (raw === undefined || !v.memberSpan) return fallback;
  let from = v.assignSpan.start;
  const to = v.memberSpan.end;
  const text = raw.slice(0, to);
  if (v.source === 'write') {
    // Skip the object (or pointer) the path starts from: `Chars` in `Chars->Header.Typ`.
    const root = /[A-Za-z_]\w*/g;
    root.lastIndex = from;
    const r = root.exec(text);
    if (!r) return fallback;
    from = r.index + r[0].length;
  }
  for (let i = 0; i <= badIndex; i++) {
    const re = new RegExp(`\\b${parts[i]}\\b`, 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return fallback;
    if (i === badIndex) return { start: m.index, end: m.index + m[0].length };
    from = m.index + m[0].length;
  }
  return fallback;
}

export const rule: Rule = {
  meta: {
    id: 'NDIS108',
    name: 'unknown-member',
    severity: 'error',
    description: 'Only members of the characteristics structure are set.',
    messages: {
      unknown: '{member} is not a member of {struct}.{hint}',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        for (const v of obj.strayWrites) {
          const parts = v.path.split('.');
          // Report the first path element that is not a member.
          let s = obj.struct;
          let bad = parts[0]!;
          let badIndex = 0;
          for (const [i, p] of parts.entries()) {
            const m = catalog.member(s, p);
            if (!m) {
              bad = p;
              badIndex = i;
              break;
            }
            if (!m.struct) break;
            s = catalog.STRUCTS[m.struct];
          }
          const close = suggest(bad, s.members.map((m) => m.name));
          const span = memberNameSpan(v, parts, badIndex, obj.driver.getIndex().fileOf(v.uri)?.raw);
          ctx.report({
            uri: v.uri, start: span.start, end: span.end, messageId: 'unknown',
            data: { member: bad, struct: s.name, hint: close ? ` Did you mean ${close}?` : '' },
            related: objectContext(obj),
          });
        }
      },
    };
  },
};
