/**
 * NDIS109 not-zeroed: a characteristics structure on the stack must be zeroed (NdisZeroMemory,
 * RtlZeroMemory, memset 0, `= {0}` or a full initializer) before its members are set; every
 * member the driver does not set otherwise holds stack garbage that NDIS reads as handlers.
 */
import type { Rule } from './framework';
import { objectContext } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS109',
    name: 'not-zeroed',
    severity: 'warning',
    description: 'A characteristics structure with automatic storage is zeroed before it is filled.',
    messages: {
      never: '{name} ({struct}) is a local that is never zeroed; members it does not set hold stack garbage when {ddi} reads them. Call NdisZeroMemory(&{name}, sizeof({name})) first.',
      late: '{name} ({struct}) is zeroed by {how} only after members were set; the zeroing erases them. Zero it before filling it.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        if (!obj.automatic || obj.hasInitializer || obj.opaque || !obj.registrations.length) return;
        const firstWrite = obj.values.reduce((m, v) => Math.min(m, v.order), Infinity);
        const zero = obj.zeroed;
        if (zero && zero.order <= firstWrite) return;
        for (const r of obj.registrations) {
          const related = objectContext(obj, { uri: r.uri, start: r.call.start });
          if (zero) related.push({ uri: zero.uri, start: zero.span.start, end: zero.span.end, message: `${zero.how} runs here, after the first member was set` });
          ctx.report({
            uri: r.uri, start: r.call.start, end: r.call.end, messageId: zero ? 'late' : 'never',
            data: { name: obj.name, struct: obj.struct.name, ddi: r.ddi.name, how: zero?.how ?? '' }, related,
          });
        }
      },
    };
  },
};
