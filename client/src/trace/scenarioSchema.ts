/**
 * Completion for scenario YAML from the scenario JSON Schema, without a YAML language server:
 * the path at the cursor is worked out from indentation, `- ` items and flow collections
 * (`{ name: eth0, dri| }`), then the schema is walked along it. Pure functions (tested without
 * VS Code).
 */

export type Segment = string | '[]';

export interface CursorContext {
  /** Keys and sequence items from the document root to the map or value at the cursor. */
  readonly path: readonly Segment[];
  /** Typing a key of the map at `path`, or the value of `key` inside it. */
  readonly mode: 'key' | 'value';
  readonly key?: string;
  /** What is typed so far. */
  readonly prefix: string;
  /** Keys already present in that map (for keys mode, on the same line or sibling lines). */
  readonly present: readonly string[];
}

interface Entry {
  readonly indent: number;
  readonly seg: Segment;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s:#{}[\],'"][^:#{}[\],]*?)\s*:(?=\s|$)/;

function unquote(k: string): string {
  return (k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'")) ? k.slice(1, -1) : k.trim();
}

/** Strips a trailing comment (a # after whitespace, outside quotes). */
function stripComment(line: string): string {
  let q = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** Pushes the block-structure entries of one line onto the stack (after popping what it closes). */
function feedLine(stack: Entry[], line: string): void {
  const text = stripComment(line);
  if (!text.trim()) return;
  let col = text.length - text.trimStart().length;
  const pop = (indent: number): void => {
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
  };
  pop(col);
  let rest = text.slice(col);
  for (;;) {
    const dash = /^-(\s+|$)/.exec(rest);
    if (!dash) break;
    pop(col);
    stack.push({ indent: col, seg: '[]' });
    col += dash[0].length;
    rest = rest.slice(dash[0].length);
  }
  const k = KEY.exec(rest);
  if (k) {
    pop(col);
    stack.push({ indent: col, seg: unquote(k[1]!) });
  }
}

/** The context at (line, character) of `lines`. */
export function cursorContext(lines: readonly string[], line: number, character: number): CursorContext {
  const stack: Entry[] = [];
  for (let l = 0; l < line; l++) feedLine(stack, lines[l] ?? '');
  const before = (lines[line] ?? '').slice(0, character);
  let col = before.length - before.trimStart().length;
  // close the entries this line's indentation closes
  while (stack.length && stack[stack.length - 1]!.indent >= col) stack.pop();
  let rest = before.slice(col);
  for (;;) {
    const dash = /^-\s+/.exec(rest);
    if (!dash) break;
    stack.push({ indent: col, seg: '[]' });
    col += dash[0].length;
    rest = rest.slice(dash[0].length);
  }
  const path: Segment[] = stack.map((e) => e.seg);
  // Flow collections on this line: walk the rest, tracking { [ nesting and the key before each.
  const flow: { kind: '{' | '['; start: number }[] = [];
  let q = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (q) {
      if (c === q) q = '';
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '{' || c === '[') flow.push({ kind: c, start: i + 1 });
    else if ((c === '}' || c === ']') && flow.length) flow.pop();
  }
  if (!flow.length) {
    const k = KEY.exec(rest);
    if (k) {
      const after = rest.slice(k[0].length);
      return { path, mode: 'value', key: unquote(k[1]!), prefix: after.trimStart(), present: siblingKeys(lines, line, col) };
    }
    return { path, mode: 'key', prefix: rest.trim(), present: siblingKeys(lines, line, col) };
  }
  // Segments leading into the innermost flow collection.
  let seg = rest;
  let offset = 0;
  const first = KEY.exec(seg);
  for (const f of flow) {
    const head = rest.slice(offset, f.start - 1);
    const parts = head.split(',');
    const last = parts[parts.length - 1]!.replace(/^[\s{[]+/, '');
    const k = KEY.exec(last);
    if (k) path.push(unquote(k[1]!));
    else if (offset > 0 && flow[flow.indexOf(f) - 1]?.kind === '[') path.push('[]');
    else if (offset === 0 && first && f === flow[0]) path.push(unquote(first[1]!));
    offset = f.start;
  }
  const inner = flow[flow.length - 1]!;
  seg = rest.slice(inner.start);
  const items = seg.split(',');
  const cur = items[items.length - 1]!.trimStart();
  const present = items.slice(0, -1).map((s) => KEY.exec(s.trim())?.[1]).filter((s): s is string => !!s).map(unquote);
  if (inner.kind === '[') return { path: [...path, '[]'], mode: 'value', prefix: cur, present: [] };
  const k = KEY.exec(cur);
  if (k) return { path, mode: 'value', key: unquote(k[1]!), prefix: cur.slice(k[0].length).trimStart(), present };
  return { path, mode: 'key', prefix: cur, present };
}

/** Keys of the map the cursor line belongs to, from lines around it at the same indentation. */
function siblingKeys(lines: readonly string[], line: number, col: number): string[] {
  const out: string[] = [];
  const scan = (l: number, up: boolean): boolean => {
    const t = stripComment(lines[l] ?? '');
    if (!t.trim()) return true;
    let ind = t.length - t.trimStart().length;
    let body = t.slice(ind);
    // "- key: v" opens the map: its first key is a sibling, and nothing above it is
    const dash = /^-\s+/.exec(body);
    if (dash && up && ind + dash[0].length === col) {
      const k = KEY.exec(body.slice(dash[0].length));
      if (k) out.push(unquote(k[1]!));
      return false;
    }
    if (ind < col || dash) return ind > col;
    if (ind > col) return true;
    ind = col;
    body = t.slice(ind);
    const k = KEY.exec(body);
    if (k) out.push(unquote(k[1]!));
    return true;
  };
  for (let l = line - 1; l >= 0 && scan(l, true); l--);
  for (let l = line + 1; l < lines.length && scan(l, false); l++);
  return out;
}

export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly markdownDescription?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly required?: readonly string[];
}

/** The alternatives a node stands for (itself and its anyOf/oneOf/allOf members, flattened). */
function alternatives(n: SchemaNode): SchemaNode[] {
  const out: SchemaNode[] = [n];
  for (const sub of [...(n.anyOf ?? []), ...(n.oneOf ?? []), ...(n.allOf ?? [])]) out.push(...alternatives(sub));
  return out;
}

/** The schema nodes at `path` (every alternative that fits). */
export function schemaAt(root: SchemaNode, path: readonly Segment[]): SchemaNode[] {
  let nodes = [root];
  for (const seg of path) {
    const next: SchemaNode[] = [];
    for (const n of nodes.flatMap(alternatives)) {
      if (seg === '[]') {
        if (n.items) next.push(n.items);
      } else if (n.properties?.[seg]) next.push(n.properties[seg]!);
      else {
        const pattern = Object.entries(n.patternProperties ?? {}).find(([re]) => new RegExp(re).test(seg));
        if (pattern) next.push(pattern[1]);
        else if (typeof n.additionalProperties === 'object') next.push(n.additionalProperties);
      }
    }
    nodes = next;
    if (!nodes.length) break;
  }
  return nodes;
}

export interface Suggestion {
  readonly label: string;
  readonly insert: string;
  readonly detail?: string;
  readonly documentation?: string;
  readonly kind: 'property' | 'value';
}

function typeText(n: SchemaNode): string | undefined {
  if (n.enum) return n.enum.map((v) => String(v)).join(' | ');
  if (Array.isArray(n.type)) return n.type.join(' | ');
  return typeof n.type === 'string' ? n.type : undefined;
}

/** Suggestions for a cursor context. */
export function suggest(root: SchemaNode, ctx: CursorContext): Suggestion[] {
  const out = new Map<string, Suggestion>();
  if (ctx.mode === 'key') {
    for (const n of schemaAt(root, ctx.path).flatMap(alternatives)) {
      for (const [k, p] of Object.entries(n.properties ?? {})) {
        if (ctx.present.includes(k) || out.has(k)) continue;
        const d = p.description ?? p.markdownDescription ?? alternatives(p).find((a) => a.description)?.description;
        const t = typeText(p);
        out.set(k, { label: k, insert: `${k}: `, kind: 'property', ...(t ? { detail: t } : {}), ...(d ? { documentation: d } : {}) });
      }
    }
    return [...out.values()];
  }
  const nodes = schemaAt(root, ctx.key !== undefined ? [...ctx.path, ctx.key] : ctx.path).flatMap(alternatives);
  for (const n of nodes) {
    for (const v of [...(n.enum ?? []), ...(n.const !== undefined ? [n.const] : [])]) {
      const s = String(v);
      if (!out.has(s)) out.set(s, { label: s, insert: s, kind: 'value', ...(n.description ? { documentation: n.description } : {}) });
    }
    const types = Array.isArray(n.type) ? n.type : n.type ? [n.type] : [];
    if (types.includes('boolean')) for (const b of ['true', 'false']) out.set(b, { label: b, insert: b, kind: 'value' });
  }
  return [...out.values()];
}
