/**
 * NDIS105 missing-handler: every mandatory handler of the structure (at its revision) must be set
 * and not NULL. One diagnostic per registration call names every missing member; NDIS rejects
 * such characteristics (NDIS_STATUS_BAD_CHARACTERISTICS) or calls through NULL later. The
 * interface provider's query/set handlers are checked by NDIS112.
 */
import { isSet } from '../analysis/characteristics';
import type { Rule } from './framework';
import { objectContext, revisionOf } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS105',
    name: 'missing-handler',
    severity: 'error',
    description: 'Mandatory handlers of a characteristics structure must be set.',
    messages: {
      missing: '{ddi}: {struct} {name} lacks mandatory {plural} {members}; NDIS rejects the registration with NDIS_STATUS_BAD_CHARACTERISTICS.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const s = obj.struct;
        if (!s.driverKind || s.driverKind === 'provider' || obj.opaque) return;
        const revision = revisionOf(obj) ?? 1;
        const missing = s.members
          .filter((m) => m.role && m.requirement === 'required' && m.sinceRevision <= revision)
          .filter((m) => !isSet(obj, m.name))
          .map((m) => m.name);
        if (!missing.length) return;
        for (const r of obj.registrations) {
          ctx.report({
            uri: r.uri, start: r.call.start, end: r.call.end, messageId: 'missing',
            data: { ddi: r.ddi.name, struct: s.name, name: obj.name, plural: missing.length > 1 ? 'handlers' : 'handler', members: missing.join(', ') },
            related: objectContext(obj, { uri: r.uri, start: r.call.start }),
          });
        }
      },
    };
  },
};
