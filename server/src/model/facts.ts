/**
 * Facts extracted from one C file: everything the rules need, as plain data with offsets.
 *
 * Facts are produced per top-level item (a function, a declaration, a `#define`...) with offsets
 * relative to the item's start, so an edit re-extracts only the items whose text changed;
 * `FileFacts` holds them rebased to absolute offsets.
 */
import type { Annotation, ConditionTerm } from '../parser/prepass';

export type Conditions = readonly ConditionTerm[];

/** A range of text in a file, as offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Expression text with its range. */
export interface Expr extends Span {
  readonly text: string;
}

/** Where a fact sits: its enclosing function ('' at file scope) and the `#if` conditions around it. */
export interface Placed extends Span {
  readonly fn: string;
  readonly conds: Conditions;
}

export interface ParamFact {
  readonly name: string;
  /** Normalised type text ("PNDIS_BIND_PARAMETERS", "NDIS_HANDLE"). */
  readonly type: string;
}

export interface FunctionFact extends Placed {
  readonly name: string;
  readonly nameSpan: Span;
  readonly params: readonly ParamFact[];
  readonly returnType: string;
  readonly isDefinition: boolean;
  readonly isStatic: boolean;
  /** SAL annotations found just before the function (IRQL, _Function_class_ ...). */
  readonly annotations: readonly Annotation[];
  /** Body range, for definitions. */
  readonly body?: Span;
}

/** `PROTOCOL_BIND_ADAPTER_EX TunBindAdapter;` — a function declared with a role typedef. */
export interface RoleDeclFact extends Placed {
  /** The declared function. */
  readonly name: string;
  readonly role: string;
}

export interface MacroFact extends Placed {
  readonly name: string;
  readonly params?: readonly string[];
  readonly body: string;
}

/** A variable: global (fn === ''), local, static local, or parameter. */
export interface VarFact extends Placed {
  readonly name: string;
  readonly type: string;
  readonly pointer: boolean;
  readonly storage: 'global' | 'extern' | 'local' | 'static' | 'param';
  readonly nameSpan: Span;
  readonly init?: InitList | Expr;
}

/** A brace initializer. Entries are positional unless they carry a designator path. */
export interface InitList extends Span {
  readonly kind: 'list';
  readonly entries: readonly InitEntry[];
}

export interface InitEntry {
  /** `.Header.Type =` → ["Header", "Type"]; undefined for positional entries. */
  readonly designator?: readonly string[];
  readonly designatorSpan?: Span;
  readonly value: InitList | Expr;
}

/** A reference to a variable from inside a function: a local/param of `fn`, else a global. */
export interface ObjRef {
  readonly name: string;
  /** How the member path was reached: `c.X` (direct) or `p->X` / `(*p).X` (pointer). */
  readonly via: 'direct' | 'pointer';
}

/** `obj.A.B = value` (also through a pointer, and inside comma expressions). */
export interface MemberWriteFact extends Placed {
  readonly obj: ObjRef;
  readonly path: readonly string[];
  /** Range of the last member name (where an unknown member is reported). */
  readonly memberSpan: Span;
  readonly value: Expr;
  /** `=` or a compound operator such as `|=`. */
  readonly op: string;
}

/** `p = &x;` or `p = q;` — a local pointer alias. */
export interface AliasFact extends Placed {
  readonly name: string;
  readonly target: string;
  readonly addressOf: boolean;
}

export type ResultUse = 'discarded' | 'assigned' | 'tested' | 'returned' | 'argument' | 'other';

export interface CallFact extends Placed {
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly Expr[];
  readonly use: ResultUse;
  /** For `use === 'assigned'`: the variable (or lvalue text) receiving the result. */
  readonly assignedTo?: string;
}

export interface IncludeFact extends Span {
  readonly path: string;
  readonly system: boolean;
}

/** `typedef NDIS_FILTER_DRIVER_CHARACTERISTICS MY_CHARS, *PMY_CHARS;` and struct typedefs. */
export interface TypedefFact extends Placed {
  readonly name: string;
  /** The aliased type text ("NDIS_FILTER_DRIVER_CHARACTERISTICS", "struct _ADAPTER"). */
  readonly target: string;
  readonly pointer: boolean;
  /** Members when the typedef defines a struct in place. */
  readonly members?: readonly ParamFact[];
}

/** Everything extracted from one top-level item, offsets relative to the item start. */
export interface ItemFacts {
  readonly functions: FunctionFact[];
  readonly roleDecls: RoleDeclFact[];
  readonly macros: MacroFact[];
  readonly vars: VarFact[];
  readonly writes: MemberWriteFact[];
  readonly aliases: AliasFact[];
  readonly calls: CallFact[];
  readonly includes: IncludeFact[];
  readonly typedefs: TypedefFact[];
}

export function emptyItemFacts(): ItemFacts {
  return { functions: [], roleDecls: [], macros: [], vars: [], writes: [], aliases: [], calls: [], includes: [], typedefs: [] };
}

/** A comment that controls suppression (`ndis-disable-next-line`, `ndis-disable`, `ndis-enable`). */
export interface SuppressionComment extends Span {
  readonly kind: 'next-line' | 'disable' | 'enable';
  /** Rule ids; empty = all rules. */
  readonly ids: readonly string[];
  /** 0-based line of the comment. */
  readonly line: number;
}

/** All facts of one file, absolute offsets. */
export interface FileFacts extends ItemFacts {
  readonly uri: string;
  readonly suppressions: readonly SuppressionComment[];
  /** Number of ERROR/MISSING nodes after the pre-pass (diagnostic for the parser, not for users). */
  readonly parseErrors: number;
}
