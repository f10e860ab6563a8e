/**
 * NDIS107 handler-role: the function assigned to a handler member must match the member's role:
 * same number of parameters and same return type (otherwise NDIS calls it with the wrong frame).
 * A function declared with a different role typedef is a warning: it usually is the wrong
 * function (CodeQL's role-type-correctly-used territory).
 */
import { valuesOf } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { DriverIndex } from '../model/driver';
import type { Value } from '../parser/cexpr';
import type { Rule, RelatedLocation } from './framework';
import { objectContext } from './util';

/** Return types that are distinct for this check (`void` and `VOID` are one). */
function normType(t: string): string {
  const x = t.replace(/\s+/g, '').replace(/^(static|extern|inline|__inline)/, '');
  if (/^(void|VOID)$/.test(x)) return 'VOID';
  return x;
}

/**
 * The function a handler value names: `TunBind`, `&TunBind`, or through a cast
 * (`(NET_PNP_EVENT_HANDLER)TunOpenComplete`), the very cast that silences the compiler about a
 * wrong signature. Undefined for anything else (NULL, a variable, an expression).
 */
function handlerName(value: Value, text: string, index: DriverIndex): string | undefined {
  if (value.k === 'ident' || value.k === 'addr') return value.name;
  const m = /^\(*\s*(?:\(\s*[A-Za-z_]\w*(?:\s*\*)?\s*\)\s*)?&?\s*\(*\s*([A-Za-z_]\w*)\s*\)*$/.exec(text.trim());
  const name = m?.[1];
  if (!name || index.macros.has(name)) return undefined;
  return index.functions.has(name) || index.roleDecls.has(name) ? name : undefined;
}

export const rule: Rule = {
  meta: {
    id: 'NDIS107',
    name: 'handler-role',
    severity: 'error',
    description: 'A handler\'s parameter count and return type match its member\'s role; its role typedef matches.',
    messages: {
      params: '{fn} takes {actual} {pActual}, but {member} ({role}) is called with {expected}.',
      returns: '{fn} returns {actual}, but {member} ({role}) must return {expected}.',
      role: '{fn} is declared as {declared}, but {member} expects {role}.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const index = obj.driver.getIndex();
        for (const m of obj.struct.members) {
          if (!m.role) continue;
          const role = catalog.role(m.role);
          if (!role) continue;
          for (const v of valuesOf(obj, m.name)) {
            const fnName = handlerName(v.value, v.expr.text, index);
            if (!fnName) continue;
            const fns = index.functions.get(fnName);
            const def = fns?.find((f) => f.isDefinition) ?? fns?.[0];
            const file = def ? obj.driver.sortedFiles().find((f) => f.facts?.functions.includes(def)) : undefined;
            const related: RelatedLocation[] = def && file ? [{ uri: file.uri, start: def.nameSpan.start, end: def.nameSpan.end, message: `${fnName} is defined here` }] : [];
            const base = { uri: v.uri, start: v.assignSpan.start, end: v.assignSpan.end, related: [...related, ...objectContext(obj)] };
            if (def) {
              const variadic = def.params.some((p) => p.type === '...');
              if (!variadic && def.params.length !== role.params.length) {
                ctx.report({ ...base, messageId: 'params', data: { fn: fnName, actual: def.params.length, pActual: def.params.length === 1 ? 'parameter' : 'parameters', member: m.name, role: role.name, expected: role.params.length } });
                continue;
              }
              if (def.returnType && normType(def.returnType) !== normType(role.returnType) && /^(VOID|NDIS_STATUS|BOOLEAN|NTSTATUS|ULONG|int)$/.test(normType(def.returnType))) {
                ctx.report({ ...base, messageId: 'returns', data: { fn: fnName, actual: def.returnType, member: m.name, role: role.name, expected: role.returnType } });
                continue;
              }
            }
            const decl = index.roleDecls.get(fnName)?.[0];
            if (decl && !catalog.sameRole(decl.role, role.name)) {
              ctx.report({ ...base, severity: 'warning', messageId: 'role', data: { fn: fnName, declared: decl.role, member: m.name, role: role.name } });
            }
          }
        }
      },
    };
  },
};
