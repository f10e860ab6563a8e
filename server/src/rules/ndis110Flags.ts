/**
 * NDIS110 flags: the Flags member may only carry bits defined for the structure (miniport:
 * NDIS_INTERMEDIATE_DRIVER, NDIS_WDM_DRIVER); NDIS_DRIVER_FLAGS_RESERVED must never be set.
 */
import { valuesOf } from '../analysis/characteristics';
import { hex, type Rule } from './framework';
import { at, objectContext, show } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS110',
    name: 'flags',
    severity: 'warning',
    description: 'Flags carries only bits defined for the structure.',
    messages: {
      undefinedBits: '{struct}: Flags {actual} sets {bits} outside the defined flags ({allowed}).',
      forbidden: '{struct}: Flags sets {name} ({bits}), which drivers must not set.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const flags = obj.struct.flags;
        if (!flags || !obj.struct.members.some((m) => m.name === 'Flags')) return;
        const allowed = flags.filter((f) => !f.forbidden).reduce((a, f) => a | f.value, 0);
        for (const v of valuesOf(obj, 'Flags')) {
          if (v.value.k !== 'int') continue;
          const val = v.value.v >>> 0;
          for (const f of flags) {
            if (f.forbidden && (val & f.value) !== 0) {
              ctx.report({ ...at(v), messageId: 'forbidden', data: { struct: obj.struct.name, name: f.name, bits: hex(f.value) }, related: objectContext(obj) });
            }
          }
          const forbiddenBits = flags.filter((f) => f.forbidden).reduce((a, f) => a | f.value, 0);
          const extra = (val & ~allowed & ~forbiddenBits) >>> 0;
          if (extra) {
            ctx.report({
              ...at(v), messageId: 'undefinedBits',
              data: { struct: obj.struct.name, actual: show(v.value, true), bits: hex(extra), allowed: flags.filter((f) => !f.forbidden).map((f) => f.name).join(', ') || 'none' },
              related: objectContext(obj),
            });
          }
        }
      },
    };
  },
};
