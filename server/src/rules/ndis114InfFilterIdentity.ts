/**
 * NDIS114 inf-filter-identity: a filter's `UniqueName` must be the `NetCfgInstanceId` of its INF
 * (GUIDs compare case-insensitively), otherwise NDIS cannot tie the registered filter to the
 * installed one and never attaches it. `FriendlyName` should be the INF's description of the
 * filter, so logs and debugger output name it the way the network UI does (information).
 */
import type { Rule } from './framework';
import { infName, memberAt, serviceInfs, stringValueOf } from './projectNames';
import { objectContext } from './util';

const BRACED_GUID = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;

export const rule: Rule = {
  meta: {
    id: 'NDIS114',
    name: 'inf-filter-identity',
    severity: 'warning',
    description: "A filter's UniqueName is its INF's NetCfgInstanceId; FriendlyName matches the INF's description.",
    messages: {
      uniqueName: 'NDIS_FILTER_DRIVER_CHARACTERISTICS: UniqueName {value} is not the NetCfgInstanceId of {inf} ({ids}); NDIS cannot match the registered filter to the installed one, so it never attaches.',
      friendlyName: 'NDIS_FILTER_DRIVER_CHARACTERISTICS: FriendlyName "{value}" differs from the description {inf} gives the filter ("{descriptions}"); keep them the same so logs and tools name the filter as the network UI does.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        if (obj.struct.name !== 'NDIS_FILTER_DRIVER_CHARACTERISTICS' || !obj.registrations.length) return;
        const infs = serviceInfs(ctx.driver.root);
        const index = ctx.driver.getIndex();
        const withIds = infs.filter((f) => f.netCfgInstanceIds.length);
        const unique = stringValueOf(obj, 'UniqueName', index);
        if (withIds.length && unique && BRACED_GUID.test(unique.text)) {
          const ids = withIds.flatMap((f) => f.netCfgInstanceIds);
          if (!ids.some((id) => id.toLowerCase() === unique.text.toLowerCase())) {
            ctx.report({ ...memberAt(unique.value), messageId: 'uniqueName', data: { value: unique.text, inf: withIds.map(infName).join(', '), ids: ids.join(', ') }, related: objectContext(obj) });
          }
        }
        const withDesc = infs.filter((f) => f.descriptions.length);
        const friendly = stringValueOf(obj, 'FriendlyName', index);
        if (withDesc.length && friendly && friendly.text) {
          const descs = withDesc.flatMap((f) => f.descriptions);
          if (!descs.some((d) => d.toLowerCase() === friendly.text.toLowerCase())) {
            ctx.report({ ...memberAt(friendly.value), messageId: 'friendlyName', severity: 'information', data: { value: friendly.text, inf: withDesc.map(infName).join(', '), descriptions: descs.join('", "') }, related: objectContext(obj) });
          }
        }
      },
    };
  },
};
