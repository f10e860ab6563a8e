/**
 * NDIS101 header-type: Header.Type must be the structure's own object type. NDIS checks it before
 * anything else and fails the registration with NDIS_STATUS_BAD_CHARACTERISTICS. Real protocol
 * and miniport drivers ship NDIS_OBJECT_TYPE_DEFAULT and load, so that value is only a warning
 * there. The interface-provider header is NDIS112's business.
 */
import { valuesOf } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import { hex, type Rule } from './framework';
import { at, firstRegistration, objectContext, show } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS101',
    name: 'header-type',
    severity: 'error',
    description: 'Header.Type must be the object type of the characteristics structure.',
    messages: {
      wrong: '{struct}: Header.Type is {actual}, but this structure needs {expected} ({hex}); {ddi} fails with NDIS_STATUS_BAD_CHARACTERISTICS.',
      tolerated: '{struct}: Header.Type is {actual}; NDIS accepts it here, but the structure\'s own type is {expected} ({hex}).',
      unset: '{struct} {name}: Header.Type is never set, so NDIS sees type 0 and fails {ddi} with NDIS_STATUS_BAD_CHARACTERISTICS.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        if (obj.struct.name === 'NDIS_IF_PROVIDER_CHARACTERISTICS' || !obj.struct.objectType) return;
        const expected = catalog.constant(obj.struct.objectType);
        if (!expected) return;
        const ddi = firstRegistration(obj)?.ddi.name ?? 'the registration';
        const values = valuesOf(obj, 'Header.Type');
        for (const v of values) {
          if (v.value.k !== 'int' || v.value.v === expected.value) continue;
          const tolerated = (obj.struct.toleratedObjectTypes ?? []).some((t) => catalog.constant(t)?.value === (v.value as { v: number }).v);
          ctx.report({
            ...at(v),
            messageId: tolerated ? 'tolerated' : 'wrong',
            ...(tolerated ? { severity: 'warning' as const } : {}),
            data: { struct: obj.struct.name, actual: show(v.value, true), expected: expected.name, hex: hex(expected.value), ddi },
            related: objectContext(obj),
          });
        }
        const reg = firstRegistration(obj);
        // `Chars.Header = TunHeader;` sets Type too, with a value this rule cannot see into.
        const wholeHeader = valuesOf(obj, 'Header').some((v) => !(v.value.k === 'int' && v.value.v === 0));
        if (!values.length && !wholeHeader && reg && !obj.opaque && (obj.zeroed || obj.hasInitializer)) {
          ctx.report({
            uri: reg.uri, start: reg.call.start, end: reg.call.end, messageId: 'unset',
            data: { struct: obj.struct.name, name: obj.name, ddi: reg.ddi.name }, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }),
          });
        }
      },
    };
  },
};
