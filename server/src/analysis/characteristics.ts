/**
 * Characteristics objects: every variable of a characteristics (or NET_IF_INFORMATION) type, and
 * every object a registration call consumes, with how it is filled — member assignments (direct,
 * through a pointer alias, in a helper that receives its address), designated and positional
 * initializers, zeroing, `NdisInitUnicodeString(&c.Name, ...)` — judged per configuration world.
 */
import type { DdiDef, StructDef } from '../model/catalogView';
import { catalog, COPY_CALLS, STRING_INIT_CALLS, ZEROING_CALLS } from '../model/catalogView';
import type { AliasFact, CallFact, Conditions, Expr, InitList, MemberWriteFact, Span, VarFact } from '../model/facts';
import type { Driver, DriverIndex } from '../model/driver';
import { evaluate, type EvalEnv, type Value } from '../parser/cexpr';
import { enumerateWorlds, holds, worldEnv, type World } from './worlds';

/** One value given to a member. */
export interface MemberValue {
  /** Member path joined with dots: "Header.Type", "BindAdapterHandlerEx". */
  readonly path: string;
  readonly expr: Expr;
  readonly uri: string;
  readonly value: Value;
  /** The member name's range (assignments and designators), for rules that report at the member. */
  readonly memberSpan?: Span;
  /** The whole assignment (`c.X = v`, `.X = v`, or the positional value), for rules that report at it. */
  readonly assignSpan: Span;
  readonly source: 'write' | 'init' | 'string-init';
  /** The function the value is written in ('' for a global initializer). */
  readonly fn: string;
  /** Program-order key within the object's owner function (for "zeroed before filled"). */
  readonly order: number;
}

export interface Registration {
  readonly call: CallFact;
  readonly uri: string;
  readonly ddi: DdiDef;
}

/** A characteristics object as seen in one world. */
export interface CharObject {
  readonly key: string;
  readonly name: string;
  readonly struct: StructDef;
  readonly decl: VarFact | undefined;
  readonly declUri: string | undefined;
  /** Automatic storage (a non-static local): must be zeroed before it is filled. */
  readonly automatic: boolean;
  readonly registrations: readonly Registration[];
  readonly values: readonly MemberValue[];
  /** Writes to paths that are not members of the struct. */
  readonly strayWrites: readonly MemberValue[];
  readonly zeroed: { readonly uri: string; readonly span: Span; readonly order: number; readonly how: string } | undefined;
  readonly hasInitializer: boolean;
  /** Set when the object's contents escape analysis (copied in, passed to unknown code). */
  readonly opaque: { readonly uri: string; readonly span: Span; readonly reason: string } | undefined;
  readonly world: World;
  readonly env: EvalEnv;
  readonly driver: Driver;
}

/** Values of one member path. */
export function valuesOf(obj: CharObject, path: string): MemberValue[] {
  return obj.values.filter((v) => v.path === path);
}

/** A member counts as set when some value given to it is not NULL/0. Opaque objects count as set. */
export function isSet(obj: CharObject, path: string): boolean {
  if (obj.opaque) return true;
  return obj.values.some((v) => v.path === path && !(v.value.k === 'int' && v.value.v === 0));
}

// ---------------------------------------------------------------------------------------------

interface Located<T> {
  readonly fact: T;
  readonly uri: string;
}


const ADDR_RE = /^\(*\s*&\s*\(*\s*([A-Za-z_]\w*)\s*\)*$/;
const IDENT_RE = /^\(*\s*(?:\(\s*[A-Za-z_]\w*\s*\**\s*\)\s*)?([A-Za-z_]\w*)\s*\)*$/;
const MEMBER_ADDR_RE = /^&\s*\(?\s*([A-Za-z_]\w*)\s*(\.|->)\s*([A-Za-z_]\w*)\s*\)?$/;
const STRING_MACRO_RE = /^(?:NDIS_STRING_CONST|RTL_CONSTANT_STRING)\s*\(\s*(L?"(?:[^"\\]|\\.)*")\s*\)$/;

/** Evaluate a member value, understanding the string-constant macros of the WDK. */
export function resolveValue(text: string, env: EvalEnv): Value {
  const t = text.trim();
  // A member value is an expression, not an `#if` condition: an identifier that is not a macro is
  // a function or variable (`TunBind`, `ProtocolName`), never 0, even when the build is configured.
  const valueEnv: EvalEnv = { ...env, undefinedIsZero: false };
  const m = STRING_MACRO_RE.exec(t);
  if (m) return evaluate(m[1]!, valueEnv);
  return evaluate(t, valueEnv);
}

/** Every characteristics object of the driver, each judged in each of its worlds. */
export function characteristicsObjects(driver: Driver): CharObject[] {
  // The index is rebuilt whenever a file or the configuration changes, so it keys the result:
  // the rules, the status bar's driver info and the editor features share one computation.
  const index = driver.getIndex();
  let objects = objectsByIndex.get(index);
  if (!objects) {
    objects = computeObjects(driver, index);
    objectsByIndex.set(index, objects);
  }
  return objects;
}

const objectsByIndex = new WeakMap<DriverIndex, CharObject[]>();

function computeObjects(driver: Driver, index: DriverIndex): CharObject[] {
  const files = driver.sortedFiles().filter((f) => f.facts);
  const calls: Located<CallFact>[] = [];
  const writes: Located<MemberWriteFact>[] = [];
  for (const f of files) {
    for (const c of f.facts!.calls) calls.push({ fact: c, uri: f.uri });
    for (const w of f.facts!.writes) writes.push({ fact: w, uri: f.uri });
  }
  const resolver = new ObjectResolver(index, calls);

  // Candidates: declared variables of catalog struct types, and registration arguments.
  const objects = new Map<string, { name: string; fn: string; struct: StructDef; decl?: Located<VarFact>; regs: Registration[] }>();
  for (const f of files) {
    for (const v of f.facts!.vars) {
      // Pointers are skipped by their declared type (`X *p`, `PNDIS_..._CHARACTERISTICS p`, a
      // driver pointer typedef): structOfType follows the driver's typedefs and resolves those to
      // nothing, which VarFact.pointer (one file's view, without the driver's typedefs) cannot.
      if (v.storage === 'param' || v.type.trim().endsWith('*')) continue;
      const s = structOfType(v.type, index);
      if (!s || !s.driverKind && s.name !== 'NET_IF_INFORMATION') continue;
      const key = objKey(v.fn, v.name);
      if (!objects.has(key) || v.storage !== 'extern') objects.set(key, { name: v.name, fn: v.fn, struct: s, decl: { fact: v, uri: f.uri }, regs: objects.get(key)?.regs ?? [] });
    }
  }
  for (const c of calls) {
    const ddi = catalog.ddi(c.fact.callee);
    if (!ddi?.registers) continue;
    const arg = c.fact.args[ddi.registers.structArg];
    if (!arg) continue;
    for (const target of resolver.resolveArg(arg.text, c.fact.fn)) {
      const key = objKey(target.fn, target.name);
      let o = objects.get(key);
      if (!o) {
        const s = catalog.STRUCTS[ddi.registers.struct];
        o = { name: target.name, fn: target.fn, struct: s, regs: [] };
        objects.set(key, o);
      }
      o.regs.push({ call: c.fact, uri: c.uri, ddi });
    }
  }

  const out: CharObject[] = [];
  for (const [key, o] of objects) {
    const gathered = gather(o.fn, o.name, o.struct, o.decl, index, resolver, calls, writes);
    const condSets: Conditions[] = gathered.raw.map((r) => r.conds);
    // Zeroing and escapes under `#if` matter too: `#if DBG NdisZeroMemory(...) #endif` leaves the
    // free build unzeroed.
    for (const z of gathered.zeroings) condSets.push(z.conds);
    for (const z of gathered.opaque) condSets.push(z.conds);
    for (const r of o.regs) condSets.push(r.call.conds);
    if (o.decl) condSets.push(o.decl.fact.conds);
    const macroNames = new Set<string>();
    for (const r of gathered.raw) for (const id of r.expr.text.match(/[A-Za-z_]\w*/g) ?? []) if (index.macros.has(id)) macroNames.add(id);
    for (const world of enumerateWorlds(condSets, macroNames, index, driver.config)) {
      if (o.decl && !holds(o.decl.fact.conds, world)) continue;
      const env = worldEnv(index, driver.config, world);
      const values: MemberValue[] = [];
      const stray: MemberValue[] = [];
      for (const r of gathered.raw) {
        if (!holds(r.conds, world)) continue;
        const mv: MemberValue = { ...r.mv, value: resolveValue(r.expr.text, env) };
        (isMemberPath(o.struct, r.mv.path) ? values : stray).push(mv);
      }
      const zero = gathered.zeroings.find((z) => holds(z.conds, world));
      const registrations = o.regs.filter((r) => holds(r.call.conds, world));
      // Code that sees the object only after every registration (in the owner function) cannot
      // change what NDIS was given: `TunDumpCharacteristics(&Chars)` after registering.
      const lastRegistration =
        o.fn !== '' && registrations.length && registrations.every((r) => r.call.fn === o.fn)
          ? Math.max(...registrations.map((r) => r.call.start))
          : Infinity;
      const opaque = gathered.opaque.find((z) => holds(z.conds, world) && z.order < lastRegistration);
      out.push({
        key,
        name: o.name,
        struct: o.struct,
        decl: o.decl?.fact,
        declUri: o.decl?.uri,
        automatic: o.decl ? o.decl.fact.storage === 'local' : false,
        registrations,
        values,
        strayWrites: stray,
        zeroed: zero ? { uri: zero.uri, span: zero.span, order: zero.order, how: zero.how } : undefined,
        hasInitializer: gathered.hasInitializer,
        opaque: opaque ? { uri: opaque.uri, span: opaque.span, reason: opaque.reason } : undefined,
        world,
        env,
        driver,
      });
    }
  }
  return out;
}

function objKey(fn: string, name: string): string {
  return `${fn}::${name}`;
}

/** The catalog struct a declared type names, through the driver's typedefs. */
export function structOfType(type: string, index: DriverIndex): StructDef | undefined {
  let t = type.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 8; i++) {
    const hit = catalog.structByTypeName(t);
    if (hit) return hit.pointer ? undefined : hit.struct;
    const td = index.typedefs.get(t)?.[0];
    if (!td || td.pointer) return undefined;
    t = td.target;
  }
  return undefined;
}

/** Is `path` (dotted) a member of the struct (following embedded structs)? */
export function isMemberPath(s: StructDef, path: string): boolean {
  const parts = path.split('.');
  let cur: StructDef | undefined = s;
  for (let i = 0; i < parts.length; i++) {
    if (!cur) return i > 0; // deeper access into a non-catalog member type (e.g. Name.Buffer) is fine
    const m = catalog.member(cur, parts[i]!);
    if (!m) return false;
    cur = m.struct ? catalog.STRUCTS[m.struct] : undefined;
    if (!cur) return true;
  }
  return true;
}

/** Resolves expressions naming objects: `&X`, alias pointers, and parameters (through callers). */
class ObjectResolver {
  /** Aliases keyed by "owner::name" (owner '' for globals). */
  private readonly aliases = new Map<string, AliasFact[]>();

  constructor(
    private readonly index: DriverIndex,
    private readonly calls: readonly Located<CallFact>[],
  ) {
    for (const a of index.aliases) {
      const key = `${this.isLocal(a.fn, a.name) ? a.fn : ''}::${a.name}`;
      const arr = this.aliases.get(key);
      if (arr) arr.push(a);
      else this.aliases.set(key, [a]);
    }
  }

  isLocal(fn: string, name: string): boolean {
    return fn !== '' && (this.index.locals.get(fn)?.has(name) ?? false);
  }

  /** Objects an argument expression denotes, as (owner function, variable). */
  resolveArg(text: string, fn: string, depth = 0): { fn: string; name: string }[] {
    const t = text.trim();
    let m = ADDR_RE.exec(t);
    if (m) return [{ fn: this.isLocal(fn, m[1]!) ? fn : '', name: m[1]! }];
    m = IDENT_RE.exec(t);
    if (!m || depth > 4) return [];
    const name = m[1]!;
    const local = this.index.locals.get(fn)?.get(name);
    if (local?.storage === 'param') {
      // A parameter: the objects every caller passes in that position.
      const fnDef = this.index.functions.get(fn)?.find((f) => f.isDefinition);
      const k = fnDef?.params.findIndex((p) => p.name === name) ?? -1;
      if (k < 0) return [];
      const out: { fn: string; name: string }[] = [];
      for (const c of this.calls) {
        if (c.fact.callee === fn && c.fact.args[k]) out.push(...this.resolveArg(c.fact.args[k]!.text, c.fact.fn, depth + 1));
      }
      return out;
    }
    // A pointer alias (`p = &Chars`), in this function or global.
    for (const a of this.aliases.get(`${local ? fn : ''}::${name}`) ?? []) {
      if (a.addressOf) return [{ fn: this.isLocal(a.fn, a.target) ? a.fn : '', name: a.target }];
    }
    return [];
  }
}

interface RawValue {
  readonly mv: Omit<MemberValue, 'value'>;
  readonly expr: Expr;
  readonly conds: Conditions;
}

interface Gathered {
  raw: RawValue[];
  zeroings: { uri: string; span: Span; order: number; how: string; conds: Conditions }[];
  /** `order` as for member values: a program-order key within the owner function. */
  opaque: { uri: string; span: Span; reason: string; conds: Conditions; order: number }[];
  hasInitializer: boolean;
}

/** A name through which the object is reachable inside a function. */
interface Scope {
  readonly fn: string; // '' = any function that does not shadow the name (globals)
  readonly name: string;
  /** True when the name is the object itself (`&name` passes it); false for pointers to it. */
  readonly isObject: boolean;
  /** Order key for facts in this scope: undefined = the fact's own offset (the owner function). */
  readonly order: number | undefined;
}

/** Collect everything that fills one object. */
function gather(
  ownerFn: string,
  name: string,
  struct: StructDef,
  decl: Located<VarFact> | undefined,
  index: DriverIndex,
  resolver: ObjectResolver,
  calls: readonly Located<CallFact>[],
  writes: readonly Located<MemberWriteFact>[],
): Gathered {
  const g: Gathered = { raw: [], zeroings: [], opaque: [], hasInitializer: false };

  // 1. Initializer.
  const init = decl?.fact.init;
  if (decl && init && 'kind' in init) {
    g.hasInitializer = true;
    const raw = index.fileOf(decl.uri)?.raw;
    flattenInit(init, struct, [], (path, expr, designator) => {
      // The designated assignment starts at its designator (`.Header.Type = ...`); the member is
      // the designator's last name, like the member of an assignment.
      const memberSpan = designator ? lastName(designator, raw) : undefined;
      g.raw.push({
        mv: {
          path, expr, uri: decl.uri, source: 'init', fn: ownerFn, order: expr.start,
          assignSpan: { start: designator?.start ?? expr.start, end: expr.end }, ...(memberSpan ? { memberSpan } : {}),
        },
        expr,
        conds: decl.fact.conds,
      });
    });
  }

  // 2. Scopes through which the object is reachable: itself, pointer aliases, helper parameters.
  const scopes: Scope[] = [{ fn: ownerFn, name, isObject: true, order: undefined }];
  for (const a of index.aliases) {
    if (!a.addressOf || a.target !== name) continue;
    if (ownerFn === '' ? resolver.isLocal(a.fn, name) : a.fn !== ownerFn) continue;
    scopes.push({ fn: a.fn, name: a.name, isObject: false, order: undefined });
  }
  const inScope = (fn: string, n: string): Scope | undefined =>
    scopes.find((s) => s.name === n && (s.fn === fn || (s.fn === '' && !resolver.isLocal(fn, n))));
  /** The scope an argument passes the object through: `&obj` for the object, `p` for a pointer. */
  const argScope = (fn: string, text: string): Scope | undefined => {
    const t = text.trim();
    const addr = ADDR_RE.exec(t);
    if (addr) {
      const s = inScope(fn, addr[1]!);
      return s?.isObject ? s : undefined;
    }
    const id = IDENT_RE.exec(t);
    if (id) {
      const s = inScope(fn, id[1]!);
      return s && !s.isObject ? s : undefined;
    }
    return undefined;
  };

  // Helpers that receive the object's address, transitively (bounded).
  for (let i = 0; i < scopes.length && scopes.length < 64; i++) {
    const s = scopes[i]!;
    for (const c of calls) {
      if (s.fn !== '' && c.fact.fn !== s.fn) continue;
      const def = index.functions.get(c.fact.callee)?.find((f) => f.isDefinition);
      if (!def) continue;
      c.fact.args.forEach((a, k) => {
        if (argScope(c.fact.fn, a.text) !== s) return;
        const p = def.params[k];
        if (!p || scopes.some((x) => x.fn === def.name && x.name === p.name)) return;
        scopes.push({ fn: def.name, name: p.name, isObject: false, order: s.order ?? c.fact.start });
      });
    }
  }

  // 3. Member writes in any scope.
  for (const w of writes) {
    const s = inScope(w.fact.fn, w.fact.obj.name);
    if (!s || (s.isObject ? w.fact.obj.via !== 'direct' : w.fact.obj.via !== 'pointer')) continue;
    g.raw.push({
      mv: {
        path: w.fact.path.join('.'), expr: w.fact.value, uri: w.uri, source: 'write', fn: w.fact.fn,
        order: s.order ?? w.fact.start, memberSpan: w.fact.memberSpan, assignSpan: { start: w.fact.start, end: w.fact.end },
      },
      expr: w.fact.value,
      conds: w.fact.conds,
    });
  }

  // 4. Calls: string initialisation, zeroing, copies and escapes to unknown code.
  for (const c of calls) {
    const callee = c.fact.callee;
    if (STRING_INIT_CALLS.has(callee)) {
      const m = MEMBER_ADDR_RE.exec(c.fact.args[0]?.text.trim() ?? '');
      const s = m ? inScope(c.fact.fn, m[1]!) : undefined;
      if (m && s && c.fact.args[1] && (m[2] === '.') === s.isObject) {
        // The member name inside `&c.Name` / `&p->Name`: the last identifier of the argument.
        const arg0 = c.fact.args[0]!;
        const at = arg0.text.lastIndexOf(m[3]!);
        const memberSpan = at >= 0 ? { start: arg0.start + at, end: arg0.start + at + m[3]!.length } : undefined;
        g.raw.push({
          mv: {
            path: m[3]!, expr: c.fact.args[1], uri: c.uri, source: 'string-init', fn: c.fact.fn, order: s.order ?? c.fact.start,
            assignSpan: { start: c.fact.start, end: c.fact.end }, ...(memberSpan ? { memberSpan } : {}),
          },
          expr: c.fact.args[1],
          conds: c.fact.conds,
        });
      }
      continue;
    }
    const hits = c.fact.args.map((a) => argScope(c.fact.fn, a.text));
    if (!hits.some(Boolean)) continue;
    const z = ZEROING_CALLS.get(callee);
    if (z && hits[0]) {
      const fill = z.fillArg === undefined ? '0' : (c.fact.args[z.fillArg]?.text.trim() ?? '');
      if (/^(0|0x0+|'\\0'|\(\s*UCHAR\s*\)\s*0)$/i.test(fill)) {
        g.zeroings.push({ uri: c.uri, span: c.fact, order: hits[0].order ?? c.fact.start, how: callee, conds: c.fact.conds });
      }
      continue;
    }
    if (COPY_CALLS.has(callee)) {
      if (hits[0]) g.opaque.push({ uri: c.uri, span: c.fact, reason: `copied in by ${callee}`, conds: c.fact.conds, order: hits[0].order ?? c.fact.start });
      continue;
    }
    if (catalog.ddi(callee)) continue; // NDIS reads the struct; it does not fill it
    if (index.functions.get(callee)?.some((f) => f.isDefinition)) continue; // helper: followed above
    if (/^(UNREFERENCED_PARAMETER|DEBUGP|DbgPrint|DbgPrintEx|KdPrint|ASSERT|NT_ASSERT)$/.test(callee)) continue;
    const via = hits.find(Boolean)!;
    g.opaque.push({ uri: c.uri, span: c.fact, reason: `passed to ${callee}`, conds: c.fact.conds, order: via.order ?? c.fact.start });
  }
  return g;
}

/** The range of the last identifier inside a span (`Type` in `.Header.Type`); the span itself without text. */
function lastName(span: Span, raw: string | undefined): Span {
  if (raw === undefined) return span;
  const text = raw.slice(span.start, span.end);
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(/[A-Za-z_]\w*/g)) last = m as RegExpExecArray;
  return last ? { start: span.start + last.index, end: span.start + last.index + last[0].length } : span;
}

/**
 * Map an initializer list onto member paths (positional entries follow the catalog's member
 * order). Brace elision is C: `{ TYPE, REV, SIZE, 6, 30, ... }` fills the embedded Header's
 * members from the first three values.
 */
function flattenInit(
  list: InitList,
  struct: StructDef | undefined,
  prefix: readonly string[],
  emit: (path: string, expr: Expr, memberSpan?: Span) => void,
): void {
  // The universal zero initializer `{0}` only zeroes: it gives no member a value of its own.
  if (list.entries.length === 1 && !list.entries[0]!.designator?.length) {
    const only = list.entries[0]!.value;
    if (!('kind' in only) && /^\(*\s*0\s*\)*$/.test(only.text.trim())) return;
  }
  const stack: { list: InitList; struct: StructDef | undefined; prefix: readonly string[] }[] = [{ list, struct, prefix }];
  while (stack.length) {
    const { list: l, struct: s, prefix: pre } = stack.pop()!;
    let pos = 0;
    for (let i = 0; i < l.entries.length; i++) {
      const e = l.entries[i]!;
      let path: string[];
      let target = s;
      if (e.designator && e.designator.length) {
        path = [...pre, ...e.designator];
        // Follow the designator through embedded structs for the value's own nested list.
        for (const d of e.designator) {
          const m = target ? catalog.member(target, d) : undefined;
          target = m?.struct ? catalog.STRUCTS[m.struct] : undefined;
        }
        const idx = s ? s.members.findIndex((m) => m.name === e.designator![0]) : -1;
        pos = idx >= 0 ? idx + 1 : pos + 1;
      } else {
        const m = s?.members[pos];
        pos++;
        if (!m) continue; // more values than members: C would reject it; nothing to check
        path = [...pre, m.name];
        target = m.struct ? catalog.STRUCTS[m.struct] : undefined;
        if (target && !('kind' in e.value)) {
          // Brace elision: this and the following positional values fill the embedded struct.
          i = elide(l.entries, i, target, path, emit) - 1;
          continue;
        }
      }
      if ('kind' in e.value) {
        if (target) stack.push({ list: e.value, struct: target, prefix: path });
        else emitListAsValue(e.value, path, emit, e.designatorSpan);
      } else {
        emit(path.join('.'), e.value, e.designatorSpan);
      }
    }
  }
}

/**
 * Give the members of an embedded struct the positional values from `entries[i]` on (brace
 * elision); stops at the struct's end or at a designator. Returns the index of the next entry.
 * Recursion depth is bounded by the catalog's struct nesting, not by the input.
 */
function elide(
  entries: InitList['entries'],
  i: number,
  struct: StructDef,
  prefix: readonly string[],
  emit: (path: string, expr: Expr, memberSpan?: Span) => void,
): number {
  for (const m of struct.members) {
    const e = entries[i];
    if (!e || e.designator?.length) break;
    const path = [...prefix, m.name];
    const sub = m.struct ? catalog.STRUCTS[m.struct] : undefined;
    if ('kind' in e.value) {
      if (sub) flattenInit(e.value, sub, path, emit);
      else emitListAsValue(e.value, path, emit);
      i++;
    } else if (sub) {
      i = elide(entries, i, sub, path, emit);
    } else {
      emit(path.join('.'), e.value);
      i++;
    }
  }
  return i;
}

/** A brace value for a non-struct member (an NDIS_STRING `{len, max, L"..."}`): its string, or the list text. */
function emitListAsValue(l: InitList, path: readonly string[], emit: (path: string, expr: Expr, memberSpan?: Span) => void, span?: Span): void {
  const str = l.entries.map((e) => e.value).find((v): v is Expr => !('kind' in v) && /^L?"/.test(v.text.trim()));
  if (str) emit(path.join('.'), str, span);
  else if (l.entries.length === 0) emit(path.join('.'), { text: '0', start: l.start, end: l.end }, span);
}
