/**
 * NDIS112 provider-characteristics: NDIS_IF_PROVIDER_CHARACTERISTICS has no type of its own: its
 * Header must be NDIS_OBJECT_TYPE_DEFAULT / NDIS_OBJECT_REVISION_1 /
 * NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1 (NdisIfRegisterProvider answers a bad header
 * with NDIS_STATUS_NOT_SUPPORTED); both query and set handlers must be set (NDIS calls
 * ProviderQueryObject for every interface); Reserved members stay NULL.
 */
import { structOfType, valuesOf } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { Rule } from './framework';
import { at, firstRegistration, objectContext, show } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS112',
    name: 'provider-characteristics',
    severity: 'error',
    description: 'Interface provider characteristics have the fixed header, both handlers, and NULL reserved members.',
    messages: {
      header: 'NDIS_IF_PROVIDER_CHARACTERISTICS: Header.{field} is {actual}, but must be {expected}; NdisIfRegisterProvider fails with NDIS_STATUS_NOT_SUPPORTED.',
      nullHandler: 'NDIS_IF_PROVIDER_CHARACTERISTICS: {member} is NULL; NDIS calls it for every interface this provider registers.',
      missingHandler: 'NDIS_IF_PROVIDER_CHARACTERISTICS {name}: {member} is not set; NDIS calls it for every interface this provider registers.',
      reserved: 'NDIS_IF_PROVIDER_CHARACTERISTICS: {member} is reserved for NDIS and must be NULL.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        if (obj.struct.name !== 'NDIS_IF_PROVIDER_CHARACTERISTICS') return;
        const expect: [string, string][] = [
          ['Type', 'NDIS_OBJECT_TYPE_DEFAULT'],
          ['Revision', 'NDIS_OBJECT_REVISION_1'],
          ['Size', 'NDIS_SIZEOF_IF_PROVIDER_CHARACTERISTICS_REVISION_1'],
        ];
        for (const [field, constName] of expect) {
          const want = catalog.constant(constName)?.value;
          for (const v of valuesOf(obj, `Header.${field}`)) {
            if (field === 'Size' && v.value.k === 'sizeof' && structOfType(v.value.type, obj.driver.getIndex())?.name === obj.struct.name) continue;
            if (v.value.k !== 'int' && v.value.k !== 'sizeof') continue;
            if (v.value.k === 'int' && v.value.v === want) continue;
            ctx.report({ ...at(v), messageId: 'header', data: { field, actual: show(v.value, field === 'Type'), expected: constName }, related: objectContext(obj) });
          }
        }
        const reg = firstRegistration(obj);
        for (const member of ['QueryObjectHandler', 'SetObjectHandler']) {
          const vals = valuesOf(obj, member);
          for (const v of vals) {
            if (v.value.k === 'int' && v.value.v === 0) ctx.report({ ...at(v), messageId: 'nullHandler', data: { member }, related: objectContext(obj) });
          }
          if (!vals.length && reg && !obj.opaque) {
            ctx.report({ uri: reg.uri, start: reg.call.start, end: reg.call.end, messageId: 'missingHandler', data: { member, name: obj.name }, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }) });
          }
        }
        for (const member of ['Reserved1', 'Reserved2']) {
          for (const v of valuesOf(obj, member)) {
            if (v.value.k === 'int' && v.value.v === 0) continue;
            if (v.value.k === 'unknown') continue;
            ctx.report({ ...at(v), messageId: 'reserved', data: { member }, related: objectContext(obj) });
          }
        }
      },
    };
  },
};
