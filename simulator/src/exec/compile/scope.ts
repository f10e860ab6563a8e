/**
 * Symbols and scopes of the compiler, and the program-wide tables the linker fills: global
 * variables, functions by name, string literals.
 */
import type { Node } from 'web-tree-sitter';
import { ExecError, type Diagnostic, type SourceLocation } from '../errors';
import type { Memory } from '../memory';
import type { FuncSlot, Runtime } from '../runtime';
import type { CType, RecordType } from '../types';

/** A global variable (file-scope or block-scope static). */
export class GlobalVar {
  addr = 0;
  defined = false;
  hasInit = false;
  /** The initializer (compiled and run once at load). */
  init: Node | undefined;
  /** The unit that defines it (initializers compile in its scope). */
  unit: unknown;
  constructor(
    readonly name: string,
    public type: CType,
    readonly isStatic: boolean,
    readonly fromHeader: boolean,
    readonly loc: SourceLocation | undefined,
  ) {}
}

export type Sym =
  | { readonly k: 'reg'; readonly type: CType; readonly slot: number }
  | { readonly k: 'frame'; readonly type: CType; readonly off: number }
  | { readonly k: 'global'; readonly gv: GlobalVar }
  | { readonly k: 'func'; readonly slot: FuncSlot }
  | { readonly k: 'const'; readonly type: CType; readonly value: number }
  | { readonly k: 'typedef'; readonly type: CType };

export type Tag = { readonly k: 'record'; readonly rec: RecordType } | { readonly k: 'enum' };

/** A lexical scope. */
export class Scope {
  readonly names = new Map<string, Sym>();
  readonly tags = new Map<string, Tag>();
  constructor(readonly parent?: Scope) {}

  lookup(name: string): Sym | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const x = s.names.get(name);
      if (x) return x;
    }
    return undefined;
  }

  lookupTag(name: string): Tag | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const x = s.tags.get(name);
      if (x) return x;
    }
    return undefined;
  }
}

/** A construct that cannot be compiled; carries the source location. */
export class CompileError extends ExecError {
  constructor(message: string, loc?: SourceLocation) {
    super('compile', message, loc);
    this.name = 'CompileError';
  }
}

/** Tables shared by every translation unit of a driver. */
export class Program {
  readonly functions = new Map<string, FuncSlot>();
  readonly globals = new Map<string, GlobalVar>();
  /** Every type name seen (typedefs and `struct tag`), first definition wins. */
  readonly types = new Map<string, CType>();
  readonly diagnostics: Diagnostic[] = [];
  /** Set once every global has storage (before initializers and function bodies compile). */
  linked = false;
  private readonly strings = new Map<string, number>();

  constructor(
    readonly rt: Runtime,
    readonly memory: Memory,
  ) {}

  /** Address of a string literal's storage (deduplicated, never freed). */
  stringLiteral(units: readonly number[], unit: 1 | 2 | 4): number {
    const key = `${unit}:${units.join(',')}`;
    const hit = this.strings.get(key);
    if (hit !== undefined) return hit;
    const b = this.memory.alloc((units.length + 1) * unit, 'string', `string literal "${String.fromCharCode(...units.slice(0, 24).map((u) => (u < 32 ? 63 : u)))}"`);
    units.forEach((u, i) => {
      if (unit === 1) b.u8[i] = u & 0xff;
      else if (unit === 2) b.dv.setUint16(i * 2, u, true);
      else b.dv.setUint32(i * 4, u, true);
    });
    this.strings.set(key, b.base);
    return b.base;
  }

  diag(severity: Diagnostic['severity'], message: string, loc?: SourceLocation): void {
    this.diagnostics.push(loc ? { severity, message, loc } : { severity, message });
  }
}
