/**
 * NDIS106 handler-pairing: handlers that only work together. A miniport with CheckForHang needs
 * Reset (NDIS resets a hung adapter through it); DirectOidRequest and CancelDirectOidRequest come
 * as a pair; an intermediate driver's virtual miniport must not have CheckForHang or Reset.
 */
import { isSet, valuesOf, type CharObject } from '../analysis/characteristics';
import type { Rule } from './framework';
import { intOf, objectContext } from './util';

const NDIS_INTERMEDIATE_DRIVER = 0x1;

export const rule: Rule = {
  meta: {
    id: 'NDIS106',
    name: 'handler-pairing',
    severity: 'warning',
    description: 'Handlers that must be set together are set together; CheckForHang/Reset are absent on intermediate drivers.',
    messages: {
      needsPartner: '{member} is set but {partner} is not; {why}',
      intermediate: '{member} is set on an intermediate driver\'s miniport edge (Flags has NDIS_INTERMEDIATE_DRIVER); NDIS expects it to be NULL for virtual miniports.',
    },
  },
  create(ctx) {
    const reportSet = (obj: CharObject, member: string, messageId: string, data: Record<string, string>): void => {
      for (const v of valuesOf(obj, member)) {
        if (v.value.k === 'int' && v.value.v === 0) continue;
        ctx.report({ uri: v.uri, start: v.assignSpan.start, end: v.assignSpan.end, messageId, data: { member, ...data }, related: objectContext(obj) });
      }
    };
    return {
      characteristics(obj) {
        const s = obj.struct.name;
        if (s === 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS') {
          const flags = intOf(obj, 'Flags');
          const im = flags !== undefined && (flags & NDIS_INTERMEDIATE_DRIVER) !== 0;
          if (im) {
            reportSet(obj, 'CheckForHangHandlerEx', 'intermediate', {});
            reportSet(obj, 'ResetHandlerEx', 'intermediate', {});
          } else if (isSet(obj, 'CheckForHangHandlerEx') && !isSet(obj, 'ResetHandlerEx')) {
            reportSet(obj, 'CheckForHangHandlerEx', 'needsPartner', { partner: 'ResetHandlerEx', why: 'NDIS resets an adapter that CheckForHang reports hung through ResetHandlerEx.' });
          }
        }
        if (s === 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS' || s === 'NDIS_FILTER_DRIVER_CHARACTERISTICS') {
          const a = 'DirectOidRequestHandler';
          const b = 'CancelDirectOidRequestHandler';
          const why = 'NDIS needs both to issue and cancel direct OID requests.';
          if (isSet(obj, a) && !isSet(obj, b)) reportSet(obj, a, 'needsPartner', { partner: b, why });
          if (isSet(obj, b) && !isSet(obj, a)) reportSet(obj, b, 'needsPartner', { partner: a, why });
        }
      },
    };
  },
};
