/**
 * NDIS111 names: a protocol's Name (its service name) and a filter's FriendlyName, UniqueName and
 * ServiceName must be set and non-empty; a filter's UniqueName must be a braced GUID string (the
 * INF's NetCfgInstanceId). Otherwise NDIS cannot match the driver to its installed binding.
 */
import { valuesOf } from '../analysis/characteristics';
import type { Rule } from './framework';
import { firstRegistration, objectContext } from './util';

const NAME_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS: ['Name'],
  NDIS_FILTER_DRIVER_CHARACTERISTICS: ['FriendlyName', 'UniqueName', 'ServiceName'],
};

const BRACED_GUID = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;

export const rule: Rule = {
  meta: {
    id: 'NDIS111',
    name: 'names',
    severity: 'warning',
    description: 'Protocol and filter name members are set, non-empty, and UniqueName is a braced GUID.',
    messages: {
      missing: '{struct} {name}: {member} is not set; {why}',
      empty: '{struct}: {member} is an empty string; {why}',
      notGuid: '{struct}: UniqueName "{value}" is not a braced GUID string like "{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"; it must equal NetCfgInstanceId in the filter\'s INF.',
    },
  },
  create(ctx) {
    const why = (member: string): string =>
      member === 'Name'
        ? 'it must be the protocol\'s service name from its INF, or NDIS cannot bind the protocol.'
        : member === 'UniqueName'
          ? 'it must be the filter\'s NetCfgInstanceId GUID from its INF.'
          : member === 'ServiceName'
            ? 'it must be the service name the INF installs.'
            : 'NDIS shows it as the filter\'s description.';
    return {
      characteristics(obj) {
        const members = NAME_MEMBERS[obj.struct.name];
        if (!members) return;
        const reg = firstRegistration(obj);
        for (const member of members) {
          // `Name = ...`, `NdisInitUnicodeString(&c.Name, ...)`, or the old style that fills the
          // UNICODE_STRING's fields (`Name.Buffer = L"..."; Name.Length = ...`).
          const buffer = valuesOf(obj, `${member}.Buffer`);
          const vals = [...valuesOf(obj, member), ...buffer];
          const touched = vals.length > 0 || obj.values.some((v) => v.path.startsWith(`${member}.`));
          if (!touched) {
            if (reg && !obj.opaque) {
              ctx.report({
                uri: reg.uri, start: reg.call.start, end: reg.call.end, messageId: 'missing',
                data: { struct: obj.struct.name, name: obj.name, member, why: why(member) }, related: objectContext(obj, { uri: reg.uri, start: reg.call.start }),
              });
            }
            continue;
          }
          for (const v of vals) {
            // Reported at the name member (`Name` in `c.Name = ...`, `&c->UniqueName`, `.Name =`).
            const where = { uri: v.uri, start: (v.memberSpan ?? v.expr).start, end: (v.memberSpan ?? v.expr).end };
            if (v.value.k === 'int' && v.value.v === 0) {
              ctx.report({ ...where, messageId: 'empty', data: { struct: obj.struct.name, member, why: why(member) }, related: objectContext(obj) });
              continue;
            }
            if (v.value.k !== 'string') continue;
            if (v.value.text === '') {
              ctx.report({ ...where, messageId: 'empty', data: { struct: obj.struct.name, member, why: why(member) }, related: objectContext(obj) });
            } else if (member === 'UniqueName' && !BRACED_GUID.test(v.value.text)) {
              ctx.report({ ...where, messageId: 'notGuid', data: { struct: obj.struct.name, value: v.value.text }, related: objectContext(obj) });
            }
          }
        }
      },
    };
  },
};
